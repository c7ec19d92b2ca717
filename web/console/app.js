// The console's shell: session, navigation between the three pages, live status.
import { api, whenSessionLost } from './api.js';
import { closeLive } from './live.js';
import { loginView } from './login-view.js';
import { eventsView } from './events-view.js';
import { eventView } from './event-view.js';
import { exercisesView } from './exercises-view.js';
import { injectBoard } from './inject-board.js';
import { ROLE_LABELS } from './labels.js';

const ctx = { me: null, settings: null, navigate: (hash) => (location.hash = hash) };
let leaveCurrent = null;

async function loadSession() {
  try {
    ctx.me = await api('GET', '/api/auth/me');
    ctx.settings = await api('GET', '/api/console/settings');
  } catch {
    ctx.me = null;
  }
}

function showNav() {
  const nav = document.getElementById('nav');
  nav.hidden = !ctx.me;
  document.getElementById('who').textContent = ctx.me ? `${ctx.me.displayName} — ${ROLE_LABELS[ctx.me.role] ?? ctx.me.role}` : '';
}

async function route() {
  leaveCurrent?.();
  leaveCurrent = null;
  const hash = location.hash || '#/events';
  if (!ctx.me && hash !== '#/login') await loadSession();
  showNav();
  if (!ctx.me && hash !== '#/login') {
    ctx.afterLogin = hash;
    location.replace('#/login');
    return;
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  const eventMatch = /^#\/events\/([0-9a-f-]{36})$/i.exec(hash);
  if (hash === '#/login') leaveCurrent = loginView(main, ctx, onLoggedIn);
  else if (eventMatch) leaveCurrent = eventView(main, ctx, eventMatch[1]);
  else if (/^#\/exercises\/[0-9a-f-]{36}$/i.test(hash)) leaveCurrent = injectBoard(main, ctx, hash.slice('#/exercises/'.length));
  else if (hash === '#/exercises') leaveCurrent = exercisesView(main, ctx);
  else leaveCurrent = eventsView(main, ctx);
  // Move focus to the page heading so that keyboard and screen-reader users start at the top of the new page.
  main.querySelector('h1')?.focus();
}

async function onLoggedIn(user) {
  ctx.me = user;
  ctx.settings = await api('GET', '/api/console/settings');
  const next = ctx.afterLogin && ctx.afterLogin !== '#/login' ? ctx.afterLogin : '#/events';
  ctx.afterLogin = null;
  location.hash = next;
}

whenSessionLost(() => {
  if (!ctx.me) return;
  ctx.me = null;
  closeLive();
  ctx.afterLogin = location.hash;
  location.hash = '#/login';
});

document.getElementById('logout').addEventListener('click', async () => {
  let providerLogoutUrl = null;
  try {
    providerLogoutUrl = (await api('POST', '/api/auth/logout'))?.providerLogoutUrl ?? null;
  } catch {
    // The session may already be over; the page still returns to the login form.
  }
  ctx.me = null;
  closeLive();
  // Signed in through the identity federation: end the session there too; it sends the browser back here.
  if (providerLogoutUrl) location.assign(providerLogoutUrl);
  else location.hash = '#/login';
});

window.addEventListener('hashchange', route);
route();
