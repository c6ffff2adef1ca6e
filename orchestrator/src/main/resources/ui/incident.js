// One incident, live: polled every second while it runs, a progress bar per step (and per
// partition or wave when the server reports them), then the per-host results once it has ended.
// The page is built once and updated in place, so nothing flickers or loses focus while it runs.
import {api, ApiError} from './api.js';
import {el, facts, plural, replace, setState, stateBadge, timestamp} from './dom.js';

const ENDED = new Set(['completed', 'completed_with_errors', 'rolled_back', 'stopped', 'denied', 'no_targets', 'expired',
  'failed']);
const OUTCOMES = ['succeeded', 'failed', 'rejected', 'rolledBack', 'unreachable', 'skipped'];
const HOST_LIMIT = 1000;

export function renderIncident(view, {params}) {
  const [incidentId] = params;
  const path = `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
  document.title = `Incident ${incidentId} · Firebreak`;
  replace(view, el('p', {class: 'muted'}, 'Loading…'));
  let page = null;
  let timer = null;
  let stopped = false;

  async function poll() {
    try {
      const incident = await api.get(`${path}?hostLimit=0`);
      if (stopped) {
        return;
      }
      if (!page) {
        page = skeleton(incident);
        replace(view, page.root);
      }
      const ended = ENDED.has(incident.state);
      update(page, incident, ended);
      if (ended) {
        showHosts(page.hosts, await api.get(`${path}?hostLimit=${HOST_LIMIT}`));
        return;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        replace(view, el('h1', {}, 'Incident'), el('p', {class: 'error', role: 'alert'}, `There is no incident ${incidentId}.`));
        return;
      }
      if (!page) {
        replace(view, el('p', {class: 'error', role: 'alert'}, `Cannot load incident ${incidentId}: ${error.message}`));
      } else {
        page.error.textContent = `Cannot refresh: ${error.message}. Retrying…`;
        page.error.hidden = false;
      }
    }
    if (!stopped) {
      timer = setTimeout(poll, 1000);
    }
  }
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function skeleton(incident) {
  const page = {
    state: stateBadge(incident.state, {id: 'incident-state'}),
    live: el('span', {class: 'live', title: 'refreshed every second'}, 'live'),
    facts: el('div', {}),
    steps: el('div', {id: 'steps'}),
    notices: el('div', {}),
    error: el('p', {id: 'poll-error', class: 'error', hidden: true}),
    hosts: el('section', {id: 'hosts', class: 'card', hidden: true}),
  };
  page.root = el('article', {id: 'incident', dataset: {incidentId: incident.incidentId}},
      el('div', {class: 'page-head'},
          el('h1', {}, `${incident.playbook} `, el('span', {class: 'muted'}, incident.incidentId)),
          page.state, page.live),
      page.error,
      page.facts,
      el('section', {id: 'progress', class: 'card'}, el('h2', {}, 'Progress'), page.steps),
      page.notices,
      page.hosts);
  return page;
}

function update(page, incident, ended) {
  page.root.dataset.state = incident.state;
  setState(page.state, incident.state);
  page.live.hidden = ended;
  page.error.hidden = true;
  replace(page.facts, facts([
    ['Hosts', incident.targetCount],
    ['Mode', incident.mode],
    ['Requested by', incident.requestedBy],
    ['Justification', incident.justification],
    ['Approval', incident.approval ? approvalLink(incident.approval) : null],
    ['Decided by', incident.decidedBy
        ? `${incident.decidedBy}${incident.decisionReason ? `: ${incident.decisionReason}` : ''}` : null],
    ['Stopped because', incident.abortReason],
    ['Error', incident.error],
    ['Started', timestamp(incident.createdAt)],
    ['Updated', timestamp(incident.updatedAt)],
  ]));
  const steps = incident.steps || [];
  if (steps.length === 0) {
    replace(page.steps, el('p', {class: 'muted'}, incident.state === 'awaiting_approval'
        ? 'Waiting for approval; nothing has been sent to any host.' : 'No step has started.'));
  } else {
    page.steps.querySelector(':scope > p')?.remove();
    for (const status of steps) {
      updateStep(page.steps, status);
    }
  }
  const unknown = incident.unknownHosts || [];
  replace(page.notices, unknown.length
      ? el('p', {class: 'notice'}, `Unknown hosts (not acted on): ${unknown.join(', ')}`) : null);
}

function approvalLink(approval) {
  const link = el('a', {id: 'approval-link', href: `#/approvals/${encodeURIComponent(approval.approvalId)}`},
      approval.approvalId);
  const given = `${(approval.approvals || []).length} of ${approval.requiredApprovals ?? 1} approvals`;
  return [link, ` · ${approval.state} · ${given}`, approval.canDecide ? ' · waiting for your decision' : ''];
}

function updateStep(container, status) {
  let step = [...container.children].find((child) => child.dataset.step === status.name);
  if (!step) {
    step = el('div', {class: 'step', dataset: {step: status.name}},
        el('div', {class: 'step-head'},
            el('strong', {}, status.name), ' ', el('code', {}, status.action), ' ',
            el('span', {class: 'step-state muted'})),
        bar(),
        el('div', {class: 'breakdown'}));
    container.append(step);
  }
  step.dataset.state = status.state;
  step.querySelector('.step-state').textContent = status.state;
  fill(step.querySelector(':scope > .bar-row'), status);
  const breakdown = step.querySelector(':scope > .breakdown');
  replace(breakdown, parts('partition', status.partitions), parts('wave', status.waves));
}

/** Sub-bars for per-partition or per-wave counts, when the server reports them. */
function parts(kind, counts) {
  const entries = Array.isArray(counts)
      ? counts.map((part, index) => [part.name ?? part[kind] ?? index + 1, part])
      : Object.entries(counts || {});
  return entries.map(([name, part]) => el('div', {class: 'sub-step', dataset: {[kind]: String(name)}},
      el('span', {class: 'small muted'}, `${kind} ${name}`), fill(bar(), part)));
}

/** An empty progress bar: one segment per outcome, sized by {@link fill}. */
function bar() {
  return el('div', {class: 'bar-row'},
      el('div', {class: 'progress', role: 'progressbar', 'aria-valuemin': 0},
          OUTCOMES.map((outcome) => el('span', {class: `segment ${outcome}`, dataset: {outcome}}))),
      el('span', {class: 'bar-caption small'}));
}

function fill(row, counts) {
  const total = counts.total || 0;
  const answered = OUTCOMES.reduce((sum, outcome) => sum + (counts[outcome] || 0), 0);
  const progress = row.querySelector('.progress');
  progress.setAttribute('aria-valuemax', total);
  progress.setAttribute('aria-valuenow', answered);
  progress.setAttribute('aria-label', `${answered} of ${total} hosts answered`);
  for (const segment of progress.children) {
    const count = counts[segment.dataset.outcome] || 0;
    segment.style.width = `${total ? (100 * count) / total : 0}%`;
    segment.title = `${count} ${segment.dataset.outcome}`;
  }
  const summary = OUTCOMES.filter((outcome) => counts[outcome] > 0)
      .map((outcome) => `${counts[outcome]} ${outcome === 'rolledBack' ? 'rolled back' : outcome}`).join(', ');
  row.querySelector('.bar-caption').textContent =
      `${answered} of ${plural(total, 'host')} answered${summary ? ` · ${summary}` : ''}`;
  return row;
}

function showHosts(section, incident) {
  const hosts = [...(incident.hosts || [])];
  if (hosts.length === 0) {
    return;
  }
  // Problems first: they are what a responder looks at.
  hosts.sort((a, b) => (a.outcome === 'succeeded') - (b.outcome === 'succeeded'));
  const problems = hosts.filter((host) => host.outcome !== 'succeeded').length;
  replace(section,
      el('details', {open: problems > 0 ? true : null},
          el('summary', {}, `Per-host results (${hosts.length}${incident.hostsTruncated ? `, first ${HOST_LIMIT}` : ''}; `
              + `${plural(problems, 'problem')})`),
          el('table', {class: 'list'},
              el('thead', {}, el('tr', {}, ['Step', 'Host', 'Partition', 'Outcome', 'Detail', 'Finished']
                  .map((title) => el('th', {}, title)))),
              el('tbody', {}, hosts.map((host) => el('tr', {},
                  el('td', {}, host.step),
                  el('td', {}, host.host),
                  el('td', {}, host.partition),
                  el('td', {}, stateBadge(host.outcome)),
                  el('td', {}, host.detail || ''),
                  el('td', {}, timestamp(host.finishedAt))))))));
  section.hidden = false;
}
