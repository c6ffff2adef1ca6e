// The console's shell: who is signed in, the navigation, and a hash router that renders one view
// at a time into <main id="view">. Each view returns a function that stops its timers.
import {api, ApiError, useSession, whenUnauthorized} from './api.js';
import {el, replace} from './dom.js';
import {renderLogin} from './login.js';
import {renderApprovals} from './approvals.js';
import {renderApproval} from './approval.js';
import {renderIncidents} from './incidents.js';
import {renderIncident} from './incident.js';
import {renderAudit} from './audit.js';

const routes = [
  {pattern: /^\/approvals$/, section: 'approvals', render: renderApprovals},
  {pattern: /^\/approvals\/([^/]+)$/, section: 'approvals', render: renderApproval},
  {pattern: /^\/incidents$/, section: 'incidents', render: renderIncidents},
  {pattern: /^\/incidents\/([^/]+)$/, section: 'incidents', render: renderIncident},
  {pattern: /^\/audit$/, section: 'audit', render: renderAudit},
];

const view = document.getElementById('view');
let session = null;
let stopView = () => {};

function currentRoute() {
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/approvals';
  const [path, search] = hash.split('?');
  return {path, query: new URLSearchParams(search || '')};
}

function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function route() {
  stopView();
  stopView = () => {};
  banner(null);
  const {path, query} = currentRoute();
  if (!session) {
    showHeader(null);
    const next = path === '/login' ? query.get('next') || '/approvals' : path + (query.toString() ? `?${query}` : '');
    if (path !== '/login') {
      history.replaceState(null, '', `#/login?next=${encodeURIComponent(next)}`);
    }
    document.title = 'Sign in · Firebreak';
    renderLogin(view, {signedIn: (started) => signedIn(started, next)});
    return;
  }
  if (path === '/login') {
    navigate(`#${query.get('next') || '/approvals'}`);
    return;
  }
  const match = routes.map((candidate) => ({candidate, groups: path.match(candidate.pattern)}))
      .find(({groups}) => groups);
  if (!match) {
    replace(view, el('h1', {}, 'Not found'), el('p', {}, 'There is no page at ', el('code', {}, path), '.'));
    return;
  }
  showHeader(match.candidate.section);
  const params = match.groups.slice(1).map(decodeURIComponent);
  const stop = match.candidate.render(view, {params, query, session, navigate, banner});
  stopView = typeof stop === 'function' ? stop : () => {};
}

function signedIn(started, next) {
  session = started;
  useSession(session);
  navigate(`#${next}`);
}

async function logout() {
  try {
    await api.delete('/api/v1/session');
  } catch (error) {
    // An expired session is logged out already; anything else is worth saying.
    if (!(error instanceof ApiError) || error.status !== 401) {
      banner(`Logging out failed: ${error.message}`);
      return;
    }
  }
  session = null;
  useSession(null);
  navigate('#/login');
}

function showHeader(section) {
  document.getElementById('nav').hidden = !session;
  document.getElementById('whoami').hidden = !session;
  if (!session) {
    return;
  }
  document.getElementById('whoami-user').textContent = session.user;
  const roles = (session.roles || []).join(', ');
  const partitions = (session.partitions || []).join(', ') || 'no partitions';
  document.getElementById('whoami-scope').textContent = `${roles} · ${partitions}`;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

/** Shows a message above the page (null hides it). */
function banner(message) {
  const element = document.getElementById('banner');
  element.textContent = message || '';
  element.hidden = !message;
}

async function start() {
  document.getElementById('logout').addEventListener('click', logout);
  whenUnauthorized(() => {
    session = null;
    useSession(null);
    route();
    banner('Your session has ended. Please sign in again.');
  });
  try {
    session = await api.get('/api/v1/session');
    useSession(session);
  } catch (error) {
    session = null;
    if (!(error instanceof ApiError) || error.status !== 401) {
      banner(`Cannot check the session: ${error.message}`);
    }
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
