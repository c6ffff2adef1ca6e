// The REST API as the UI uses it: same-origin fetch with the session cookie, the CSRF token on
// every state-changing request, JSON in and out, errors as ApiError with the server's message.

let csrfToken = null;
let serverOffsetMs = 0;
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Remembers the session's CSRF token (null after logout). */
export function useSession(session) {
  csrfToken = session ? session.csrfToken : null;
}

/** Called when the server answers 401 to a request made with a session (it expired). */
export function whenUnauthorized(callback) {
  onUnauthorized = callback;
}

/** Now by the server's clock (from its Date headers), so countdowns do not depend on this machine's. */
export function serverNow() {
  return Date.now() + serverOffsetMs;
}

async function request(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError(0, `The orchestrator cannot be reached (${error.message}).`, null);
  }
  const date = Date.parse(response.headers.get('Date'));
  if (!Number.isNaN(date)) {
    serverOffsetMs = date - Date.now();
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const message = data && typeof data === 'object' && data.error
        ? data.error : `${response.status} ${response.statusText}`.trim();
    if (response.status === 401 && csrfToken) {
      onUnauthorized();
    }
    throw new ApiError(response.status, message, data);
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body ?? {}),
  delete: (path) => request('DELETE', path),
};
