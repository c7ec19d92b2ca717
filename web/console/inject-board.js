// The inject board of an exercise, for its director: the MSEL in order with
// each inject's status, the next inject's countdown, the controls (start,
// pause, resume, skip, deliver now, add, end) and the players' responses.
import { can } from './access.js';
import { api, getWithServerOffset } from './api.js';
import { timeOfParis } from './clock-format.js';
import { announce, field, h } from './dom.js';
import { EXERCISE_STATUS_LABELS, exercisesStyles } from './exercises-view.js';
import { followEvent } from './live.js';

const INJECT_STATUS = { pending: 'À venir', delivered: 'Transmis', skipped: 'Écarté' };
const MEANS = { console: 'Console', email: 'Courriel', sms: 'SMS' };
const MSEL_STATE = { not_started: 'Chronogramme non démarré', running: 'Chronogramme en cours', paused: 'Chronogramme en pause', ended: 'Exercice terminé' };

const two = (n) => String(n).padStart(2, '0');
function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  return h ? `${h}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}
const tPlus = (min) => `T+${(Math.round(min * 10) / 10).toLocaleString('fr-FR')} min`;

export function injectBoard(main, ctx, exerciseId) {
  exercisesStyles();
  const page = { board: null, offsetMs: 0, stopped: false, unfollow: null, lastShape: null };
  const heading = h('h1', { tabindex: '-1' }, 'Exercice');
  const summary = h('p', { class: 'event-summary' });
  const playersLine = h('p', { class: 'hint players-line' });
  const error = h('p', { class: 'error', role: 'alert' });
  const controls = h('div', { class: 'msel-controls' });
  const next = h('p', { class: 'next-inject', role: 'timer', 'aria-live': 'off' });
  const table = h('div', { class: 'table-scroll' });
  const canDirect = can(ctx, 'exercises.direct');
  main.append(
    h('p', {}, h('a', { href: '#/exercises' }, '← Programme des exercices')),
    heading,
    summary,
    playersLine,
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'msel-title' }, h('h2', { id: 'msel-title' }, 'Chronogramme des injects (MSEL)'), controls, next, table),
    canDirect ? addForm() : null,
  );

  async function load() {
    try {
      const { data, offsetMs } = await getWithServerOffset(`/api/exercises/${exerciseId}/injects`, (d) => d.now);
      page.board = data;
      page.offsetMs = offsetMs;
      draw();
      error.textContent = '';
      if (data.exercise.eventId && !page.unfollow && !page.stopped) page.unfollow = followEvent(data.exercise.eventId, { onEvent: () => reloadSoon(), reload: () => reloadSoon() });
    } catch (e) {
      if (!page.stopped) error.textContent = e.status === 404 ? 'Cet exercice n’existe pas.' : e.message;
    }
  }
  let timer = null;
  function reloadSoon() {
    if (timer) return;
    timer = setTimeout(() => ((timer = null), load()), 80);
  }

  async function act(path, body, done) {
    try {
      page.board = await api('POST', `/api/exercises/${exerciseId}${path}`, body);
      if (done) announce(done);
      draw();
      error.textContent = '';
      if (page.board.exercise?.eventId && !page.unfollow) page.unfollow = followEvent(page.board.exercise.eventId, { onEvent: () => reloadSoon(), reload: () => reloadSoon() });
    } catch (e) {
      error.textContent = e.message;
    }
    load();
  }

  function draw() {
    const { exercise: x, injects } = page.board;
    heading.replaceChildren(x.title, h('span', { class: 'badge exercise' }, 'Exercice'));
    document.title = `${x.title} — exercice`;
    summary.replaceChildren(
      h('span', { class: `ex-status ex-${x.status}` }, EXERCISE_STATUS_LABELS[x.status] ?? x.status),
      ` · ${x.typeLabel} · prévu le ${x.plannedAtParis} · directeur : ${x.director.name}`,
      x.eventId ? h('span', {}, ' · ', h('a', { href: `#/events/${x.eventId}` }, 'événement d’exercice (engagements, chronologie)')) : '',
    );
    playersLine.textContent = x.players.length
      ? `Joueurs : ${x.players.map((p) => `${p.name} (${p.role})`).join(', ')}`
      : 'Aucun joueur inscrit : les injects par courriel ou SMS ne partiront vers personne.';
    drawControls(x);
    const shape = JSON.stringify(injects.map((i) => [i.id, i.status, i.fireAt, i.response]));
    if (shape !== page.lastShape) {
      page.lastShape = shape;
      drawTable(injects, x);
    }
    tick();
  }

  function drawControls(x) {
    const state = x.msel.state;
    const buttons = [];
    if (canDirect && x.status === 'running') {
      if (state === 'not_started') buttons.push(h('button', { type: 'button', class: 'primary', onclick: () => act('/msel/start', undefined, 'Chronogramme démarré.') }, 'Démarrer le chronogramme'));
      if (state === 'running') buttons.push(h('button', { type: 'button', onclick: () => act('/msel/pause', undefined, 'Chronogramme en pause.') }, 'Mettre en pause'));
      if (state === 'paused') buttons.push(h('button', { type: 'button', class: 'primary', onclick: () => act('/msel/resume', undefined, 'Chronogramme repris.') }, 'Reprendre'));
      buttons.push(
        h('button', { type: 'button', onclick: () => confirm('Terminer l’exercice ? Les injects restants ne seront pas transmis.') && act('/end', {}, 'Exercice terminé.') }, 'Terminer l’exercice'),
      );
    }
    const info = x.status === 'planned' ? 'Lancez l’exercice depuis le programme pour démarrer son chronogramme.' : MSEL_STATE[state];
    controls.replaceChildren(h('p', { class: 'msel-state', 'data-state': state }, info), ...buttons);
  }

  function drawTable(injects, x) {
    if (!injects.length) {
      table.replaceChildren(h('p', {}, 'Aucun inject pour le moment.'));
      return;
    }
    const directing = canDirect && (x.status === 'planned' || x.status === 'running');
    table.replaceChildren(
      h(
        'table',
        { class: 'events injects-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['N°', 'T+', 'Scénario', 'Destinataire', 'Moyen', 'Action attendue', 'Statut', 'Réponse', ''].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          injects.map((i) =>
            h(
              'tr',
              { 'data-inject': i.id, 'data-status': i.status, class: i.id === page.board.nextInjectId ? 'next' : null },
              h('td', {}, String(i.order)),
              h('td', {}, tPlus(i.offsetMinutes)),
              h('td', {}, i.scenario),
              h('td', {}, i.recipient),
              h('td', {}, MEANS[i.means] ?? i.means),
              h('td', {}, i.expectedAction),
              h(
                'td',
                {},
                h('span', { class: `inject-status inject-${i.status}` }, INJECT_STATUS[i.status] ?? i.status),
                i.deliveredAt ? h('span', { class: 'hint' }, ` à ${timeOfParis(i.deliveredAtParis)}`) : '',
              ),
              h('td', {}, i.response ? h('span', {}, i.response, h('span', { class: 'hint' }, ` — ${i.respondedBy}`)) : i.status === 'delivered' && can(ctx, 'injects.respond') ? responseForm(i) : ''),
              h(
                'td',
                { class: 'inject-actions' },
                directing && i.status === 'pending'
                  ? [
                      x.status === 'running' ? h('button', { type: 'button', onclick: () => act(`/injects/${i.id}/deliver`, undefined, `Inject ${i.order} transmis.`) }, 'Transmettre') : null,
                      h('button', { type: 'button', onclick: () => act(`/injects/${i.id}/skip`, {}, `Inject ${i.order} écarté.`) }, 'Écarter'),
                    ]
                  : '',
              ),
            ),
          ),
        ),
      ),
    );
  }

  function responseForm(i) {
    const input = h('input', { 'aria-label': `Réponse à l’inject ${i.order}`, maxlength: '4000' });
    const form = h('form', { class: 'response-form' }, input, h('button', { type: 'submit' }, 'Répondre'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (input.value.trim().length < 2) return (error.textContent = 'Écrivez la réponse des joueurs (au moins 2 caractères).');
      try {
        await api('POST', `/api/exercises/${exerciseId}/injects/${i.id}/response`, { text: input.value.trim() });
        announce('Réponse enregistrée.');
        load();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  }

  function addForm() {
    const offset = h('input', { id: 'inj-offset', type: 'number', min: '0', step: 'any', value: '0', required: true });
    const scenario = h('textarea', { id: 'inj-scenario', rows: '2', required: true });
    const recipient = h('input', { id: 'inj-recipient', required: true });
    const means = h(
      'select',
      { id: 'inj-means' },
      Object.entries(MEANS).map(([v, l]) => h('option', { value: v }, l)),
    );
    const expected = h('input', { id: 'inj-expected', required: true });
    const err = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      { novalidate: true },
      field('Décalage (minutes après le démarrage du chronogramme)', offset),
      field('Scénario', scenario, 'Par exemple : la Moselle déborde à Épinal'),
      field('Destinataire', recipient, 'Le nom d’un joueur ou un rôle (communication, cabinet…)'),
      field('Moyen', means),
      field('Action attendue', expected),
      err,
      h('button', { type: 'submit', class: 'primary' }, 'Ajouter l’inject'),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.textContent = '';
      try {
        const created = await api('POST', `/api/exercises/${exerciseId}/injects`, {
          offsetMinutes: Number(offset.value),
          scenario: scenario.value.trim(),
          recipient: recipient.value.trim(),
          means: means.value,
          expectedAction: expected.value.trim(),
        });
        announce(`Inject ${created.order} ajouté.`);
        scenario.value = '';
        expected.value = '';
        load();
      } catch (e2) {
        err.textContent = e2.message;
      }
    });
    return h('details', { class: 'card create' }, h('summary', {}, 'Ajouter un inject'), form);
  }

  /** The next inject's countdown, against the server's clock. */
  function tick() {
    const b = page.board;
    if (!b) return;
    const n = b.injects.find((i) => i.id === b.nextInjectId);
    if (!n || !n.fireAt) {
      next.textContent = b.exercise.msel.state === 'paused' ? 'En pause : le compte à rebours reprendra avec le chronogramme.' : '';
      return;
    }
    const left = Date.parse(n.fireAt) - (Date.now() + page.offsetMs);
    next.replaceChildren('Prochain inject (n° ', String(n.order), ') dans ', h('strong', { class: 'next-countdown' }, countdown(left)), ` : ${n.scenario}`);
    if (left < -2000) reloadSoon();
  }

  const ticker = setInterval(tick, 1000);
  load();
  return () => {
    page.stopped = true;
    clearInterval(ticker);
    page.unfollow?.();
  };
}
