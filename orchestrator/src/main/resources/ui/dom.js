// DOM and formatting helpers. Every text goes in through text nodes, never as HTML, so nothing
// the server returns can inject markup; styles are set through the CSSOM, which the CSP allows.

/** Creates an element: el('a', {href: '#/x', class: 'link'}, 'text', childElement). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Replaces the children of container. */
export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** A definition list from [term, description] pairs; rows with an empty description are left out. */
export function facts(rows, attributes = {}) {
  return el('dl', {class: 'facts', ...attributes}, rows
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/** A coloured state label, e.g. pending, approved, running, completed. */
export function stateBadge(state, attributes = {}) {
  return setState(el('span', attributes), state);
}

/** Changes a state label in place (tests and screen readers keep hold of the same element). */
export function setState(badge, state) {
  badge.className = `badge state-${String(state).replace(/_/g, '-')}`;
  badge.textContent = String(state).replace(/_/g, ' ');
  return badge;
}

/** "4m 05s", "2h 03m", "3d 4h" for a positive number of milliseconds. */
export function duration(milliseconds) {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  if (hours > 0) {
    return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  }
  if (minutes > 0) {
    return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  }
  return `${rest}s`;
}

/** Local date and time of an ISO instant, to the second. */
export function timestamp(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
      + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "expires in 4m 05s" / "expired 2m 10s ago" relative to now (milliseconds). */
export function expiry(iso, now) {
  const left = Date.parse(iso) - now;
  if (Number.isNaN(left)) {
    return '';
  }
  return left > 0 ? `expires in ${duration(left)}` : `expired ${duration(-left)} ago`;
}

/** A countdown element that {@link tickCountdowns} keeps current. */
export function countdown(iso, now, attributes = {}) {
  const element = el('span', {class: 'countdown', ...attributes, dataset: {expiresAt: iso}}, expiry(iso, now));
  markUrgency(element, iso, now);
  return element;
}

/** Updates every countdown under root. */
export function tickCountdowns(root, now) {
  for (const element of root.querySelectorAll('.countdown[data-expires-at]')) {
    element.textContent = expiry(element.dataset.expiresAt, now);
    markUrgency(element, element.dataset.expiresAt, now);
  }
}

function markUrgency(element, iso, now) {
  const left = Date.parse(iso) - now;
  element.classList.toggle('urgent', left > 0 && left < 5 * 60 * 1000);
  element.classList.toggle('expired', left <= 0);
}

/** "3 hosts", "1 host". */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
