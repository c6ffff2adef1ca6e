// The audit trail, newest first, a page at a time; approvers and admins can verify its hash chain.
import {api, ApiError} from './api.js';
import {el, replace, timestamp} from './dom.js';

const PAGE = 100;

export function renderAudit(view, {session}) {
  document.title = 'Audit trail · Firebreak';
  const rows = el('tbody', {});
  const table = el('table', {id: 'audit', class: 'list', hidden: true},
      el('thead', {}, el('tr', {}, ['#', 'When', 'Who', 'Action', 'Subject', 'Partition', 'Details']
          .map((title) => el('th', {}, title)))),
      rows);
  const older = el('button', {id: 'audit-older', type: 'button', hidden: true}, 'Older events');
  const status = el('p', {id: 'audit-status', class: 'muted'}, 'Loading…');
  const canVerify = (session.roles || []).some((role) => role === 'approver' || role === 'admin');
  const verify = el('button', {id: 'audit-verify', type: 'button', hidden: !canVerify}, 'Verify the chain');
  const verdict = el('p', {id: 'audit-verdict', role: 'status', hidden: true});
  replace(view, el('div', {class: 'page-head'}, el('h1', {}, 'Audit trail'), verify), verdict, status, table, older);
  // Events are fetched in ascending seq pages; `upper` is the lowest seq shown so far (exclusive).
  let upper = null;

  async function loadOlder() {
    older.disabled = true;
    try {
      if (upper === null) {
        upper = (await api.get('/api/v1/audit?limit=1')).headSeq + 1;
      }
      const after = Math.max(0, upper - 1 - PAGE);
      const limit = upper - 1 - after;
      const events = limit > 0 ? eventsOf(await api.get(`/api/v1/audit?afterSeq=${after}&limit=${limit}`)) : [];
      for (const entry of [...events].reverse()) {
        rows.append(row(entry));
      }
      upper = after + 1;
      table.hidden = rows.children.length === 0;
      status.textContent = rows.children.length === 0 && after === 0 ? 'No audit events you may see.' : '';
      status.hidden = !status.textContent;
      older.hidden = after === 0;
    } catch (error) {
      status.hidden = false;
      if (error instanceof ApiError && error.status === 404) {
        status.id = 'audit-unavailable';
        status.textContent = 'The audit trail is not available on this orchestrator.';
      } else if (error instanceof ApiError && error.status === 403) {
        status.textContent = 'You may not read the audit trail.';
      } else {
        status.textContent = `Cannot load the audit trail: ${error.message}`;
      }
    } finally {
      older.disabled = false;
    }
  }

  async function verifyChain() {
    verify.disabled = true;
    verdict.hidden = false;
    verdict.className = 'muted';
    verdict.textContent = 'Verifying every event and checkpoint…';
    try {
      const result = await api.get('/api/v1/audit/verify');
      verdict.className = result.ok ? 'notice ok' : 'notice error';
      verdict.textContent = result.ok
          ? `Intact: ${result.checkedRows} events chained, ${result.checkpoints?.count ?? 0} signed checkpoints verified.`
          : `Broken at event ${result.brokenAt?.seq}: ${result.brokenAt?.reason}`
            + ` (${result.checkedRows} events intact before it).`;
    } catch (error) {
      verdict.className = 'error';
      verdict.textContent = `Cannot verify: ${error.message}`;
    } finally {
      verify.disabled = false;
    }
  }

  older.addEventListener('click', loadOlder);
  verify.addEventListener('click', verifyChain);
  loadOlder();
}

/** The events of a page: {"events": [...]} as served, or a bare array. */
function eventsOf(page) {
  return Array.isArray(page) ? page : page.events || [];
}

function row(entry) {
  return el('tr', {class: 'audit-row', dataset: {seq: entry.seq}},
      el('td', {}, entry.seq),
      el('td', {class: 'nowrap'}, timestamp(entry.at)),
      el('td', {}, entry.actor),
      el('td', {}, el('code', {}, entry.action)),
      el('td', {}, /^inc-/.test(entry.subject || '')
          ? el('a', {href: `#/incidents/${encodeURIComponent(entry.subject)}`}, entry.subject) : entry.subject || ''),
      el('td', {}, entry.partition || ''),
      el('td', {}, details(entry.details)));
}

function details(values) {
  const entries = Object.entries(values || {});
  if (entries.length === 0) {
    return '';
  }
  return el('dl', {class: 'parameters'}, entries.map(([name, value]) =>
      [el('dt', {}, name), el('dd', {}, typeof value === 'string' ? value : JSON.stringify(value))]));
}
