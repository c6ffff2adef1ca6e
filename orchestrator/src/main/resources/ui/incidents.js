// The incident index, newest first, refreshed every few seconds.
import {api} from './api.js';
import {el, replace, stateBadge, timestamp} from './dom.js';

export function renderIncidents(view) {
  document.title = 'Incidents · Firebreak';
  const body = el('div', {id: 'incidents-body'}, el('p', {class: 'muted'}, 'Loading…'));
  replace(view, el('div', {class: 'page-head'}, el('h1', {}, 'Incidents')), body);

  let shown = null;
  async function load() {
    try {
      const incidents = await api.get('/api/v1/incidents?limit=200');
      const signature = JSON.stringify(incidents);
      if (signature !== shown) {
        show(body, incidents);
        shown = signature;
      }
    } catch (error) {
      shown = null;
      replace(body, el('p', {class: 'error', role: 'alert'}, `Cannot load incidents: ${error.message}`));
    }
  }
  load();
  const poll = setInterval(load, 5000);
  return () => clearInterval(poll);
}

function show(body, incidents) {
  if (incidents.length === 0) {
    replace(body, el('p', {class: 'empty'}, 'No incidents yet.'));
    return;
  }
  replace(body, el('table', {id: 'incidents', class: 'list'},
      el('thead', {}, el('tr', {}, ['Incident', 'Playbook', 'State', 'Hosts', 'Requested by', 'Updated']
          .map((title) => el('th', {}, title)))),
      el('tbody', {}, incidents.map((incident) => el('tr', {class: 'incident-row', dataset: {incidentId: incident.incidentId}},
          el('td', {}, el('a', {href: `#/incidents/${encodeURIComponent(incident.incidentId)}`}, incident.incidentId)),
          el('td', {}, incident.playbook),
          el('td', {}, stateBadge(incident.state)),
          el('td', {}, incident.targetCount),
          el('td', {}, incident.requestedBy || ''),
          el('td', {}, timestamp(incident.updatedAt)))))));
}
