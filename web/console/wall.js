// The crisis-room wall: one event on a large screen, read from across the room.
// Read-only; kept current by the live channel, reloaded from the API at every
// (re)connection; says plainly when what it shows may be out of date.
import { api, getWithServerOffset } from './api.js';
import { CLOCK_NAMES, clockDisplay, PHASE_LABELS, timeOfParis } from './clock-format.js';
import { progressRows, progressText } from './delivery-progress.js';
import { h } from './dom.js';
import { audienceLabel, channelLabel, EVENT_STATUS_LABELS } from './labels.js';
import { followEvent, onLiveStatus } from './live.js';

const $ = (id) => document.getElementById(id);
const eventId = /^\/console\/events\/([0-9a-f-]{36})\/mur\/?$/i.exec(location.pathname)?.[1];
// live: null until the channel first answers, then whether it is connected.
const state = { settings: null, clocks: [], offsetMs: 0, lastUpdate: null, live: null };

/** A live reload failed or the channel is down: the wall keeps its last picture and says how old it is. */
function drawLiveState() {
  const banner = $('wall-offline');
  const indicator = $('wall-live');
  const offline = state.live === false;
  indicator.dataset.state = state.live ? 'connected' : offline ? 'disconnected' : 'connecting';
  indicator.textContent = state.live ? 'En direct' : offline ? 'Hors ligne' : 'Connexion…';
  banner.hidden = !offline;
  banner.textContent = !offline ? '' : `Hors ligne — dernière mise à jour ${state.lastUpdate ?? 'inconnue'}. Reconnexion automatique en cours…`;
}

function showError(text) {
  $('wall-error').hidden = !text;
  $('wall-error').textContent = text ?? '';
}

async function loadEvent() {
  const e = await api('GET', `/api/events/${eventId}`);
  $('wall-title').replaceChildren(e.mode === 'exercise' ? h('span', { class: 'fr-badge fr-badge--purple-glycine wall-exercise' }, 'Exercice') : '', e.title);
  document.title = `${e.title} — mur de la salle de crise`;
  $('wall-summary').replaceChildren(
    h('span', { class: `fr-badge wall-status status-${e.status}` }, EVENT_STATUS_LABELS[e.status] ?? e.status),
    ` ${e.kindLabel} · ${e.communes.map((c) => c.name).join(', ')}`,
    e.cod ? ` · COD décidé le ${e.cod.decidedAtParis}` : '',
    e.cip?.nationalNumber ? ` · NNIP ${e.cip.nationalNumber}` : '',
  );
}

async function loadClocks() {
  const { data, offsetMs } = await getWithServerOffset(`/api/events/${eventId}/commitments`, (d) => d.now);
  state.offsetMs = offsetMs;
  state.clocks = data.commitments;
  state.lastUpdate = timeOfParis(data.nowParis);
  $('wall-clock-list').replaceChildren(
    ...state.clocks.map((c) =>
      h(
        'li',
        { class: 'wall-clock', 'data-key': c.key },
        h('p', { class: 'wall-clock-name' }, CLOCK_NAMES[c.key] ?? c.key),
        h('p', { class: 'wall-clock-value', role: 'timer', 'aria-live': 'off' }),
        h('p', { class: 'wall-clock-phase' }),
        h('p', { class: 'wall-clock-due' }, c.dueAtParis ? `Échéance ${timeOfParis(c.dueAtParis)}` : ''),
      ),
    ),
  );
  tick();
}

function tick() {
  const now = Date.now() + state.offsetMs;
  const leads = state.settings?.warningLeadMinutes ?? [15, 5];
  for (const c of state.clocks) {
    const li = document.querySelector(`.wall-clock[data-key="${c.key}"]`);
    if (!li) continue;
    const d = clockDisplay(c, now, leads);
    li.dataset.phase = d.phase;
    li.querySelector('.wall-clock-value').textContent = d.phase === 'met' ? 'Tenu' : d.text;
    li.querySelector('.wall-clock-value').setAttribute('aria-label', d.spokenText);
    li.querySelector('.wall-clock-phase').textContent = d.phase === 'met' ? d.text.replace(/^Tenu /, '') : (PHASE_LABELS[d.phase] ?? '');
  }
}

async function loadCell() {
  const p = await api('GET', `/api/events/${eventId}/cell`);
  const missing = p.readiness.missing.map((r) => p.roles.find((x) => x.role === r)?.roleLabel ?? r);
  $('wall-cell-status').dataset.state = p.operationalAt ? 'operational' : p.calledAt ? 'called' : 'idle';
  $('wall-cell-status').textContent = p.operationalAt
    ? `Opérationnelle depuis ${timeOfParis(p.operationalAtParis)}`
    : p.calledAt
      ? `Appelée à ${timeOfParis(p.calledAtParis)} — en attente : ${missing.length ? missing.join(', ') : 'déclaration'}`
      : 'Pas encore appelée';
  $('wall-cell-roles').replaceChildren(
    ...p.roles.map((r) =>
      h(
        'li',
        { 'data-role': r.role, 'data-acknowledged': String(!!r.acknowledged) },
        h('span', { class: 'wall-role' }, r.roleLabel),
        h(
          'span',
          { class: 'wall-role-who' },
          r.acknowledged ? `${r.acknowledged.by} · ${timeOfParis(r.acknowledged.atParis)}` : r.exhausted ? 'personne n’a répondu' : r.paged ? 'appelé, sans réponse' : 'pas appelé',
        ),
      ),
    ),
  );
}

/** Counts of every bulletin, added up per audience (the C2 audiences first), with each channel's share. */
async function loadDeliveries() {
  const summaries = await api('GET', `/api/events/${eventId}/deliveries`);
  const byAudience = new Map();
  for (const r of summaries.flatMap((s) => progressRows(s.summary))) {
    const a = byAudience.get(r.audience) ?? { audience: r.audience, rows: new Map() };
    const prev = a.rows.get(r.channel);
    a.rows.set(r.channel, prev ? merge(prev, r) : r);
    byAudience.set(r.audience, a);
  }
  const audiences = (state.settings?.audiences ?? []).map((a) => a.value);
  const order = [...audiences, ...[...byAudience.keys()].filter((a) => !audiences.includes(a))];
  $('wall-deliveries').replaceChildren(
    ...order.map((audience) => {
      const rows = [...(byAudience.get(audience)?.rows.values() ?? [])];
      const total = rows.reduce((n, r) => n + r.total, 0);
      const accepted = rows.reduce((n, r) => n + r.counts.sent + r.counts.sandboxed, 0);
      const troubled = rows.reduce((n, r) => n + r.counts.failed + r.counts.unknown, 0);
      return h(
        'li',
        { 'data-audience': audience, 'data-troubled': String(troubled > 0) },
        h('p', { class: 'wall-audience' }, audienceLabel(state.settings, audience), h('span', { class: 'wall-audience-count' }, total ? `${accepted} / ${total}` : 'rien envoyé')),
        rows.length ? h('p', { class: 'wall-audience-channels' }, rows.map((r) => `${channelLabel(state.settings, r.channel)} : ${progressText(r)}`).join(' · ')) : '',
      );
    }),
  );
}

function merge(a, b) {
  const counts = Object.fromEntries(Object.keys(a.counts).map((s) => [s, a.counts[s] + (b.counts[s] ?? 0)]));
  return { ...a, counts, total: a.total + b.total, done: a.done + b.done };
}

async function loadBulletin() {
  const messages = await api('GET', `/api/events/${eventId}/messages`);
  const last = messages.filter((m) => m.status === 'dispatched').sort((a, b) => b.bulletinNo - a.bulletinNo)[0];
  const box = $('wall-bulletin');
  if (!last) return box.replaceChildren(h('p', { class: 'wall-placeholder' }, 'Aucun bulletin envoyé pour le moment.'));
  box.replaceChildren(
    h('p', { class: 'wall-bulletin-meta', 'data-marker': last.marker }, `N° ${last.bulletinNo} · envoyé à ${timeOfParis(last.dispatchedAtParis)}`),
    h('p', { class: 'wall-bulletin-facts' }, last.facts),
    last.instructions ? h('p', { class: 'wall-bulletin-instructions' }, last.instructions) : '',
    last.nextUpdateAt ? h('p', { class: 'wall-bulletin-next' }, `Prochain point : ${last.nextUpdateAt}`) : '',
  );
}

const PARTS = { event: loadEvent, clocks: loadClocks, cell: loadCell, deliveries: loadDeliveries, bulletin: loadBulletin };
const ALL = Object.keys(PARTS);

// Several live events arrive together: one reload of what they touch for the burst.
let pending = new Set();
let timer = null;
function reload(parts = ALL) {
  for (const p of parts) pending.add(p);
  if (timer) return;
  timer = setTimeout(async () => {
    const parts = [...pending];
    pending = new Set();
    timer = null;
    try {
      await Promise.all(parts.map((p) => PARTS[p]()));
      showError(null);
    } catch (e) {
      if (e.status === 401) return void showSignIn();
      // The network is down: the banner already says so; another error is shown as it is.
      if (e.status === 404) showError('Cet événement n’existe pas.');
      else if (e.status !== 0) showError(e.message);
    }
    drawLiveState();
  }, 60);
}

function onLive(type) {
  if (type === 'event.changed') reload(ALL);
  else if (type.startsWith('clock.')) reload(['clocks']);
  else if (type === 'cell.changed') reload(['cell', 'clocks']);
  else if (type === 'delivery.changed') reload(['deliveries', 'bulletin', 'clocks']);
  else reload(['bulletin']);
}

function showSignIn() {
  $('wall').replaceChildren(
    h(
      'section',
      { class: 'wall-panel wall-signin' },
      h('h2', {}, 'Connexion nécessaire'),
      h('p', {}, 'Ce mur affiche un événement aux personnes connectées. ', h('a', { href: '/console/#/login' }, 'Se connecter à la console'), ', puis revenir à cette page.'),
    ),
  );
  $('wall-title').textContent = 'Mur de la salle de crise';
}

async function start() {
  if (!eventId) return showError('Adresse incomplète : il manque l’identifiant de l’événement.');
  try {
    await api('GET', '/api/auth/me');
    state.settings = await api('GET', '/api/console/settings');
  } catch (e) {
    if (e.status === 401) return showSignIn();
    showError(e.message);
  }
  onLiveStatus((s) => {
    state.live = s === 'connected';
    drawLiveState();
  });
  drawLiveState();
  setInterval(tick, 1000);
  followEvent(eventId, { onEvent: onLive, reload: () => reload(ALL) });
}

start();
