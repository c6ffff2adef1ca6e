// One approval request: exactly what approving would do (targets per partition with the host
// list, steps with parameters and rollback, waves, the plan digest), and the decision form.
import {api, ApiError, serverNow} from './api.js';
import {countdown, el, facts, plural, replace, stateBadge, tickCountdowns, timestamp} from './dom.js';

export function renderApproval(view, {params, navigate}) {
  const [approvalId] = params;
  document.title = `Approval ${approvalId} · Firebreak`;
  replace(view, el('p', {class: 'muted'}, 'Loading…'));
  let tick = null;
  api.get(`/api/v1/approvals/${encodeURIComponent(approvalId)}`).then((approval) => {
    replace(view, page(approval, navigate));
    tick = setInterval(() => tickCountdowns(view, serverNow()), 1000);
  }, (error) => {
    replace(view, el('h1', {}, 'Approval request'),
        el('p', {class: 'error', role: 'alert'}, error instanceof ApiError && error.status === 404
            ? `There is no approval request ${approvalId}, or you may not see it.`
            : `Cannot load approval ${approvalId}: ${error.message}`),
        el('p', {}, el('a', {href: '#/approvals'}, 'Back to approvals')));
  });
  return () => clearInterval(tick);
}

function page(approval, navigate) {
  const plan = approval.plan || {};
  const steps = plan.steps || [];
  // The plan names its targets under targets.partitions; plain partitions is the older shape.
  const targetsOfPlan = plan.targets || {};
  const partitions = Object.entries(targetsOfPlan.partitions || plan.partitions || {});
  const irreversible = steps.filter((step) => step.irreversible);
  const now = serverNow();
  return el('article', {id: 'approval', dataset: {approvalId: approval.approvalId}},
      el('div', {class: 'page-head'},
          el('h1', {}, `${approval.playbook} `, el('span', {class: 'muted'}, `on ${plural(approval.hostCount, 'host')}`)),
          stateBadge(approval.state, {id: 'approval-state'})),
      // Said first, so nobody reads the whole plan before learning they cannot decide it.
      approval.canDecide ? null : el('p', {id: 'why-not', class: 'notice'}, `You cannot decide this request: ${
        approval.whyNot || (approval.state !== 'pending' ? `it is ${approval.state}` : 'you may not decide it')}.`),
      facts([
        ['Incident', el('a', {id: 'incident-link', href: `#/incidents/${encodeURIComponent(approval.incidentId)}`},
            approval.incidentId)],
        ['Requested by', approval.requestedBy],
        ['Justification', approval.justification],
        ['Ticket', approval.ticket],
        ['Requested at', timestamp(approval.createdAt)],
        ['Expires', approval.state === 'pending' && approval.expiresAt
            ? [timestamp(approval.expiresAt), ' (', countdown(approval.expiresAt, now), ')']
            : timestamp(approval.expiresAt)],
        ['Tier', approval.tiers > 1 ? `${approval.tier} of ${approval.tiers} (escalates when nobody decides in time)`
            : approval.tier],
        ['Approvals', approvalsGiven(approval)],
        ['Decision', approval.decidedReason],
      ]),
      (approval.reasons || []).length ? el('section', {id: 'reasons', class: 'card'},
          el('h2', {}, 'Why it needs approval'),
          el('ul', {}, approval.reasons.map((reason) => el('li', {}, reason)))) : null,
      el('section', {id: 'blast-radius', class: 'card'},
          el('h2', {}, 'Blast radius'),
          el('p', {class: 'headline'},
              el('strong', {class: 'host-count'}, plural(approval.hostCount, 'host')),
              ` in ${plural(partitions.length, 'partition')}`,
              irreversible.length
                  ? el('span', {class: 'badge irreversible'}, `${plural(irreversible.length, 'step')} cannot be rolled back`)
                  : el('span', {class: 'badge reversible'}, 'every step can be rolled back'))),
      targets(partitions, targetsOfPlan.unknownHosts || [], plan.notConnected || []),
      plan.tenants ? tenants(plan.tenants) : null,
      stepTable(steps),
      waves(plan),
      el('section', {id: 'digest', class: 'card'},
          el('h2', {}, 'Plan digest'),
          el('code', {id: 'plan-digest', class: 'digest'}, approval.planDigest),
          el('p', {class: 'muted small'},
              'Your decision is bound to this digest: if the plan changed since this page loaded, '
              + 'the orchestrator refuses the decision and you review the new plan.')),
      decision(approval, irreversible, navigate));
}

function approvalsGiven(approval) {
  const given = approval.approvals || [];
  const summary = `${given.length} of ${approval.requiredApprovals ?? 1}`;
  if (given.length === 0) {
    return summary;
  }
  return [summary, el('ul', {class: 'plain'}, given.map((entry) =>
      el('li', {}, `${entry.by} at ${timestamp(entry.at)}`, entry.reason ? `: ${entry.reason}` : '')))];
}

function targets(partitions, unknownHosts, notConnected) {
  return el('section', {id: 'targets', class: 'card'},
      el('h2', {}, 'Targets'),
      partitions.length === 0 ? el('p', {class: 'muted'}, 'No hosts.') : null,
      notConnected.length ? el('p', {id: 'not-connected', class: 'notice'},
          `Not connected when the plan was made (they count as unreachable if they do not return): `
          + notConnected.join(', ')) : null,
      unknownHosts.length ? el('p', {id: 'unknown-hosts', class: 'notice'},
          `Named but unknown to the registry (not acted on): ${unknownHosts.join(', ')}`) : null,
      partitions.map(([name, slice]) => {
        const hosts = slice.hosts || [];
        const unlisted = (slice.count ?? hosts.length) - hosts.length;
        return el('div', {class: 'partition', dataset: {partition: name}},
            el('h3', {}, `${name} `, el('span', {class: 'muted'}, plural(slice.count ?? hosts.length, 'host'))),
            el('ul', {class: 'host-list'}, hosts.map((host) => el('li', {}, host))),
            unlisted > 0 ? el('p', {class: 'muted small'}, `and ${unlisted} more not listed`) : null);
      }));
}

// The Microsoft customer tenants an orchestrator-side step (revoke-gdap) acts on, and whose partner.
function tenants(tenantTargets) {
  const customers = tenantTargets.customers || [];
  return el('section', {id: 'tenants', class: 'card'},
      el('h2', {}, 'Customer tenants'),
      el('p', {class: 'headline'}, tenantTargets.description || ''),
      facts([
        ['Partner tenant', tenantTargets.partnerTenantId || 'not configured'],
        ['Customers', tenantTargets.allCustomers ? 'every customer of the partner' : plural(customers.length, 'customer')],
      ]),
      customers.length ? el('ul', {class: 'host-list'}, customers.map((id) => el('li', {}, id))) : null,
      tenantTargets.gdapConfigured === false
          ? el('p', {class: 'notice'}, 'revoke-gdap is not configured on this orchestrator: the step will fail.') : null);
}

function stepTable(steps) {
  return el('section', {id: 'steps', class: 'card'},
      el('h2', {}, 'What will happen'),
      el('table', {class: 'list'},
          el('thead', {}, el('tr', {}, ['#', 'Step', 'Action', 'Parameters', 'Rollback'].map((title) =>
              el('th', {}, title)))),
          el('tbody', {}, steps.map((step, index) => el('tr', {class: 'plan-step', dataset: {step: step.name}},
              el('td', {}, index + 1),
              el('td', {}, step.name),
              el('td', {}, el('code', {}, step.action)),
              el('td', {}, parameters(step.parameters)),
              el('td', {}, rollback(step)))))));
}

function parameters(values) {
  const entries = Object.entries(values || {});
  if (entries.length === 0) {
    return el('span', {class: 'muted'}, 'none');
  }
  return el('dl', {class: 'parameters'}, entries.map(([name, value]) =>
      [el('dt', {}, name), el('dd', {}, el('code', {}, typeof value === 'string' ? value : JSON.stringify(value)))]));
}

function rollback(step) {
  if (step.irreversible) {
    return el('span', {class: 'badge irreversible'}, 'cannot be rolled back');
  }
  if (step.inverse) {
    return ['undone by ', el('code', {}, step.inverse)];
  }
  return el('span', {class: 'muted'}, 'changes nothing to undo');
}

function waves(plan) {
  const sizes = plan.waves || [];
  const rollout = Object.entries(plan.rollout || {})
      .filter(([, value]) => value !== null && value !== 0 && !(Array.isArray(value) && value.length === 0));
  return el('section', {id: 'waves', class: 'card'},
      el('h2', {}, 'Waves'),
      el('p', {}, sizes.length <= 1
          ? 'All hosts at once, in one wave.'
          : `${plural(sizes.length, 'wave')}: ${sizes.join(' → ')} hosts; every step runs on a wave before the next wave starts.`),
      el('ol', {class: 'waves'}, sizes.map((size, index) => el('li', {}, `wave ${index + 1}: ${plural(size, 'host')}`))),
      rollout.length ? el('dl', {class: 'parameters'}, rollout.map(([name, value]) =>
          [el('dt', {}, name), el('dd', {}, el('code', {}, typeof value === 'string' ? value : JSON.stringify(value)))]))
          : null);
}

function decision(approval, irreversible, navigate) {
  if (!approval.canDecide) {
    return null;
  }
  const reason = el('textarea', {id: 'decision-reason', name: 'reason', rows: 3, required: true,
    placeholder: 'Why you approve or deny (recorded in the audit trail)'});
  const acknowledge = irreversible.length
      ? el('input', {id: 'ack-irreversible', type: 'checkbox', required: true}) : null;
  const error = el('p', {id: 'decision-error', class: 'error', role: 'alert', hidden: true});
  const approve = el('button', {id: 'approve', type: 'submit', class: 'primary', value: 'approve'}, 'Approve');
  const deny = el('button', {id: 'deny', type: 'submit', class: 'danger', value: 'deny'}, 'Deny');

  async function onSubmit(event) {
    event.preventDefault();
    const verb = event.submitter === deny ? 'deny' : 'approve';
    if (!reason.value.trim()) {
      show(error, 'Say why: the reason is recorded with your decision.');
      reason.focus();
      return;
    }
    if (verb === 'approve' && acknowledge && !acknowledge.checked) {
      show(error, 'Confirm that you have read which steps cannot be rolled back.');
      return;
    }
    approve.disabled = deny.disabled = true;
    error.hidden = true;
    try {
      const result = await api.post(`/api/v1/approvals/${encodeURIComponent(approval.approvalId)}/${verb}`,
          {reason: reason.value.trim(), planDigest: approval.planDigest});
      navigate(`#/incidents/${encodeURIComponent(result.incidentId || approval.incidentId)}`);
    } catch (failure) {
      show(error, failure instanceof ApiError && failure.status === 409
          ? `Refused: ${failure.message}. Reload the page to see the request as it is now.`
          : `Cannot ${verb}: ${failure.message}`);
      approve.disabled = deny.disabled = false;
    }
  }

  return el('form', {id: 'decision', class: 'card', onsubmit: onSubmit, novalidate: true},
      el('h2', {}, 'Decision'),
      el('label', {for: 'decision-reason'}, 'Reason'),
      reason,
      acknowledge ? el('label', {class: 'check'}, acknowledge,
          ` I understand that ${plural(irreversible.length, 'step')} (${irreversible.map((step) => step.name).join(', ')})`
          + ' cannot be rolled back.') : null,
      error,
      el('div', {class: 'actions'}, approve, deny));
}

function show(element, message) {
  element.textContent = message;
  element.hidden = false;
}
