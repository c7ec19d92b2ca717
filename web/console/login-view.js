import { api } from './api.js';
import { field, h } from './dom.js';

// What the console says when the identity federation sends the browser back with a refusal (?signin_error=).
const SIGNIN_ERRORS = {
  oidc_off: 'La connexion par la fédération d’identité n’est pas configurée sur ce serveur.',
  no_pending_signin: 'Cette connexion n’a pas été commencée depuis cette console, ou a déjà servi. Recommencez.',
  state_mismatch: 'La réponse du fournisseur d’identité ne correspond pas à la connexion commencée ici : elle est refusée. Recommencez.',
  signin_expired: 'La connexion a pris trop de temps. Recommencez.',
  provider_error: 'Le fournisseur d’identité a refusé la connexion.',
  token_rejected: 'La réponse du fournisseur d’identité n’a pas pu être vérifiée (jeton invalide, expiré ou déjà utilisé). Recommencez.',
  provider_unreachable: 'Le fournisseur d’identité ne répond pas. Réessayez dans un instant.',
  no_email: 'Le fournisseur d’identité n’a pas transmis votre adresse électronique.',
  not_authorized: 'Votre compte n’a pas accès à cette console. Demandez à l’administrateur de la préfecture de vous l’ouvrir.',
  account_disabled: 'Votre compte est désactivé. Adressez-vous à l’administrateur de la préfecture.',
};

function signinErrorFromUrl() {
  const params = new URLSearchParams(location.search);
  const code = params.get('signin_error');
  if (!code) return '';
  // Shown once: a reload of the login page does not repeat it.
  history.replaceState(null, '', location.pathname + location.hash);
  return SIGNIN_ERRORS[code] ?? 'La connexion a échoué. Recommencez.';
}

export function loginView(main, _ctx, onLoggedIn) {
  const username = h('input', { name: 'username', id: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Se connecter');
  const form = h('form', { class: 'card narrow', novalidate: true }, field('Identifiant', username), field('Mot de passe', password), error, submit);
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
  const federationError = h('p', { class: 'error', role: 'alert' }, signinErrorFromUrl());
  const federation = h('div', { class: 'card narrow', hidden: true });
  main.append(h('div', { class: 'login' }, h('h1', { tabindex: '-1' }, 'Connexion'), federationError, federation, form));
  void offerFederation(federation, form);
  return null;
}

/** The "Se connecter avec ProConnect" button when the server has a provider; the password form stays for the break-glass admin. */
async function offerFederation(box, form) {
  let options;
  try {
    options = await api('GET', '/api/auth/providers');
  } catch {
    return;
  }
  if (!options?.oidc) return;
  // A plain link: the browser leaves for the provider's login page and comes back signed in.
  box.append(h('a', { class: 'fr-btn', href: options.oidc.startUrl, id: 'federated-signin' }, `Se connecter avec ${options.oidc.label}`));
  box.hidden = false;
  if (options.localLogin === 'admin') {
    const rescue = h('details', { class: 'card narrow' }, h('summary', {}, 'Accès de secours (administrateur)'));
    form.replaceWith(rescue);
    form.classList.remove('card', 'narrow');
    rescue.append(form);
  }
}
