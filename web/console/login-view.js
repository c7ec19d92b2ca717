import { api } from './api.js';
import { field, h } from './dom.js';

export function loginView(main, _ctx, onLoggedIn) {
  const username = h('input', { name: 'username', id: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Se connecter');
  const form = h('form', { class: 'card narrow', novalidate: true },
    field('Identifiant', username),
    field('Mot de passe', password),
    error,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!username.value.trim() || !password.value) {
      error.textContent = 'Saisissez votre identifiant et votre mot de passe.';
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    try {
      const res = await api('POST', '/api/auth/login', { username: username.value.trim(), password: password.value });
      await onLoggedIn(res.user);
    } catch (err) {
      error.textContent = err.status === 401 ? 'Identifiant ou mot de passe incorrect.' : err.message;
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h('h1', { tabindex: '-1' }, 'Connexion'), form);
  return null;
}
