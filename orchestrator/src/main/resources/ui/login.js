// Sign-in: POST /api/v1/session sets the HttpOnly session cookie and returns the CSRF token.
import {api, ApiError} from './api.js';
import {el, replace} from './dom.js';

export function renderLogin(view, {signedIn}) {
  const username = el('input', {id: 'username', name: 'username', autocomplete: 'username', required: true});
  const password = el('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const error = el('p', {id: 'login-error', class: 'error', role: 'alert', hidden: true});
  const submit = el('button', {id: 'login-submit', type: 'submit', class: 'primary'}, 'Sign in');

  async function onSubmit(event) {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const session = await api.post('/api/v1/session', {username: username.value, password: password.value});
      password.value = '';
      signedIn(session);
    } catch (failure) {
      error.textContent = failure instanceof ApiError && failure.status === 401
          ? 'Wrong user name or password.' : `Cannot sign in: ${failure.message}`;
      error.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
    }
  }

  replace(view, el('form', {id: 'login-form', class: 'card narrow', onsubmit: onSubmit},
      el('h1', {}, 'Sign in to Firebreak'),
      el('label', {for: 'username'}, 'User name'), username,
      el('label', {for: 'password'}, 'Password'), password,
      error,
      submit));
  username.focus();
}
