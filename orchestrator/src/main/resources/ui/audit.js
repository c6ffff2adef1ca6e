// The audit trail, oldest first, a page at a time.
import {api, ApiError} from './api.js';
import {el, replace, timestamp} from './dom.js';

const PAGE = 100;

export function renderAudit(view) {
  document.title = 'Audit trail · Firebreak';
  const rows = el('tbody', {});
  const more = el('button', {id: 'audit-more', type: 'button', hidden: true}, 'Load more');
  const status = el('p', {class: 'muted'}, 'Loading…');
  replace(view, el('div', {class: 'page-head'}, el('h1', {}, 'Audit trail')), status,
      el('table', {id: 'audit', class: 'list', hidden: true},
          el('thead', {}, el('tr', {}, ['#', 'When', 'Who', 'Action', 'Subject', 'Partition', 'Details']
              .map((title) => el('th', {}, title)))),
          rows),
      more);
  let afterSeq = 0;

  async function load() {
    more.disabled = true;
    try {
      const entries = await api.get(`/api/v1/audit?afterSeq=${afterSeq}&limit=${PAGE}`);
      for (const entry of entries) {
        rows.append(el('tr', {class: 'audit-row'},
            el('td', {}, entry.seq),
            el('td', {}, timestamp(entry.at)),
            el('td', {}, entry.actor),
            el('td', {}, el('code', {}, entry.action)),
            el('td', {}, entry.subject || ''),
            el('td', {}, entry.partition || ''),
            el('td', {}, details(entry.details))));
        afterSeq = Math.max(afterSeq, entry.seq);
      }
      view.querySelector('#audit').hidden = rows.children.length === 0;
      status.textContent = rows.children.length === 0 ? 'The audit trail is empty.' : '';
      status.hidden = rows.children.length > 0;
      more.hidden = entries.length < PAGE;
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
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  load();
}

function details(values) {
  const entries = Object.entries(values || {});
  if (entries.length === 0) {
    return '';
  }
  return el('dl', {class: 'parameters'}, entries.map(([name, value]) =>
      [el('dt', {}, name), el('dd', {}, typeof value === 'string' ? value : JSON.stringify(value))]));
}
