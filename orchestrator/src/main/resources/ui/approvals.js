// Approval requests at a glance: what each would touch (hosts, partitions, irreversible steps)
// and how long is left to decide.
import {api, serverNow} from './api.js';
import {countdown, el, plural, replace, stateBadge, tickCountdowns} from './dom.js';

const FILTERS = [['pending', 'Pending'], ['decided', 'Decided'], ['all', 'All']];

export function renderApprovals(view, {query}) {
  const filter = FILTERS.some(([name]) => name === query.get('state')) ? query.get('state') : 'pending';
  document.title = 'Approvals · Firebreak';
  const body = el('div', {id: 'approvals-body'}, el('p', {class: 'muted'}, 'Loading…'));
  replace(view,
      el('div', {class: 'page-head'},
          el('h1', {}, 'Approval requests'),
          el('nav', {class: 'tabs', 'aria-label': 'Filter'}, FILTERS.map(([name, label]) =>
              el('a', {href: `#/approvals?state=${name}`, 'aria-current': name === filter ? 'page' : null}, label)))),
      body);

  let shown = null;
  async function load() {
    try {
      const approvals = await api.get(`/api/v1/approvals?state=${filter}`);
      // Redrawn only when something changed: rows stay put under the reader's pointer.
      const signature = JSON.stringify(approvals);
      if (signature !== shown) {
        show(body, approvals, filter);
        shown = signature;
      }
    } catch (error) {
      shown = null;
      replace(body, el('p', {class: 'error', role: 'alert'}, `Cannot load approvals: ${error.message}`));
    }
  }
  load();
  const poll = setInterval(load, 5000);
  const tick = setInterval(() => tickCountdowns(body, serverNow()), 1000);
  return () => {
    clearInterval(poll);
    clearInterval(tick);
  };
}

function show(body, approvals, filter) {
  if (approvals.length === 0) {
    replace(body, el('p', {id: 'approvals-empty', class: 'empty'}, filter === 'pending'
        ? 'Nothing waits for a decision. Requests appear here as soon as a responder launches a playbook that needs approval.'
        : 'No approval requests.'));
    return;
  }
  const now = serverNow();
  replace(body, el('table', {id: 'approvals', class: 'list'},
      el('thead', {}, el('tr', {},
          ['Request', 'Blast radius', 'Requested by', 'Approvals', 'State'].map((title) => el('th', {}, title)))),
      el('tbody', {}, approvals.map((approval) => row(approval, now)))));
}

function row(approval, now) {
  const partitions = Object.entries(approval.partitions || {});
  return el('tr', {class: 'approval-row', dataset: {approvalId: approval.approvalId}},
      el('td', {},
          el('a', {class: 'approval-link', href: `#/approvals/${encodeURIComponent(approval.approvalId)}`},
              approval.playbook),
          el('div', {class: 'muted small'}, approval.incidentId)),
      el('td', {}, el('div', {class: 'blast'},
          el('strong', {class: 'host-count'}, plural(approval.hostCount, 'host')),
          el('span', {class: 'partitions'}, partitions.map(([name, count]) =>
              el('span', {class: 'chip', dataset: {partition: name}}, `${name} · ${count}`))),
          approval.irreversible ? el('span', {class: 'badge irreversible'}, 'irreversible') : null,
          approval.tier !== undefined && approval.tier !== null
              ? el('span', {class: 'muted small'}, `tier ${approval.tier}`) : null)),
      el('td', {},
          el('div', {}, approval.requestedBy),
          el('div', {class: 'muted small justification'}, approval.justification || ''),
          approval.ticket ? el('div', {class: 'small'}, `ticket ${approval.ticket}`) : null),
      el('td', {}, `${(approval.approvals || []).length} of ${approval.requiredApprovals ?? 1}`),
      el('td', {},
          stateBadge(approval.state),
          approval.state === 'pending' && approval.expiresAt ? el('div', {}, countdown(approval.expiresAt, now)) : null));
}
