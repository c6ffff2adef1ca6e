// One incident, live: polled every second while it runs, a progress bar per step (and per
// partition or wave when the server reports them), then the per-host results once it has ended.
import {api, ApiError} from './api.js';
import {el, facts, plural, replace, stateBadge, timestamp} from './dom.js';

const ENDED = new Set(['completed', 'completed_with_errors', 'rolled_back', 'denied', 'no_targets', 'expired', 'failed']);
const OUTCOMES = ['succeeded', 'failed', 'rejected', 'rolledBack', 'unreachable', 'skipped'];
const HOST_LIMIT = 1000;

export function renderIncident(view, {params}) {
  const [incidentId] = params;
  const path = `/api/v1/incidents/${encodeURIComponent(incidentId)}`;
  document.title = `Incident ${incidentId} · Firebreak`;
  replace(view, el('p', {class: 'muted'}, 'Loading…'));
  let timer = null;
  let stopped = false;

  async function poll() {
    try {
      const incident = await api.get(`${path}?hostLimit=0`);
      if (stopped) {
        return;
      }
      const ended = ENDED.has(incident.state);
      replace(view, page(incident, ended));
      if (ended) {
        showHosts(view, await api.get(`${path}?hostLimit=${HOST_LIMIT}`));
        return;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        replace(view, el('h1', {}, 'Incident'), el('p', {class: 'error', role: 'alert'}, `There is no incident ${incidentId}.`));
        return;
      }
      const notice = view.querySelector('#poll-error') || view.appendChild(el('p', {id: 'poll-error', class: 'error'}));
      notice.textContent = `Cannot refresh: ${error.message}. Retrying…`;
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

function page(incident, ended) {
  return el('article', {id: 'incident', dataset: {incidentId: incident.incidentId, state: incident.state}},
      el('div', {class: 'page-head'},
          el('h1', {}, `${incident.playbook} `, el('span', {class: 'muted'}, incident.incidentId)),
          stateBadge(incident.state, {id: 'incident-state'}),
          ended ? null : el('span', {class: 'live', title: 'refreshed every second'}, 'live')),
      facts([
        ['Hosts', incident.targetCount],
        ['Mode', incident.mode],
        ['Requested by', incident.requestedBy],
        ['Justification', incident.justification],
        ['Decided by', incident.decidedBy
            ? `${incident.decidedBy}${incident.decisionReason ? `: ${incident.decisionReason}` : ''}` : null],
        ['Stopped because', incident.abortReason],
        ['Error', incident.error],
        ['Started', timestamp(incident.createdAt)],
        ['Updated', timestamp(incident.updatedAt)],
      ]),
      el('section', {id: 'progress', class: 'card'},
          el('h2', {}, 'Progress'),
          (incident.steps || []).length === 0
              ? el('p', {class: 'muted'}, incident.state === 'awaiting_approval'
                  ? 'Waiting for approval; nothing has been sent to any host.' : 'No step has started.')
              : incident.steps.map(step)),
      (incident.unknownHosts || []).length
          ? el('p', {class: 'notice'}, `Unknown hosts (not acted on): ${incident.unknownHosts.join(', ')}`) : null,
      el('section', {id: 'hosts', class: 'card', hidden: true}));
}

function step(status) {
  return el('div', {class: 'step', dataset: {step: status.name, state: status.state}},
      el('div', {class: 'step-head'},
          el('strong', {}, status.name), ' ', el('code', {}, status.action), ' ',
          el('span', {class: 'step-state muted'}, status.state)),
      bar(status),
      breakdown('partition', status.partitions),
      breakdown('wave', status.waves));
}

/** Sub-bars for per-partition or per-wave counts, when the server reports them. */
function breakdown(kind, parts) {
  const entries = Array.isArray(parts)
      ? parts.map((part, index) => [part.name ?? part[kind] ?? `${kind} ${index + 1}`, part])
      : Object.entries(parts || {});
  if (entries.length === 0) {
    return null;
  }
  return el('div', {class: `breakdown ${kind}s`}, entries.map(([name, counts]) =>
      el('div', {class: 'sub-step', dataset: {[kind]: String(name)}},
          el('span', {class: 'small muted'}, `${kind} ${name}`), bar(counts))));
}

function bar(counts) {
  const total = counts.total || 0;
  const answered = OUTCOMES.reduce((sum, outcome) => sum + (counts[outcome] || 0), 0);
  const segments = OUTCOMES.filter((outcome) => counts[outcome] > 0).map((outcome) => {
    const segment = el('span', {class: `segment ${outcome}`, title: `${counts[outcome]} ${outcome}`});
    segment.style.width = `${total ? (100 * counts[outcome]) / total : 0}%`;
    return segment;
  });
  const summary = OUTCOMES.filter((outcome) => counts[outcome] > 0)
      .map((outcome) => `${counts[outcome]} ${outcome.replace('rolledBack', 'rolled back')}`).join(', ');
  return el('div', {class: 'bar-row'},
      el('div', {class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total,
        'aria-valuenow': answered, 'aria-label': `${answered} of ${total} hosts answered`}, segments),
      el('span', {class: 'bar-caption small'},
          `${answered} of ${plural(total, 'host')} answered${summary ? ` · ${summary}` : ''}`));
}

function showHosts(view, incident) {
  const section = view.querySelector('#hosts');
  const hosts = [...(incident.hosts || [])];
  if (!section || hosts.length === 0) {
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
