// The exercise programme (C3): the year's target gauge, the planned exercises,
// a form to plan one, a button to start one, and the calendar address.
import { can } from './access.js';
import { api } from './api.js';
import { announce, fail, field, h, isoFromLocalInput } from './dom.js';

import { EXERCISE_STATUS_LABELS } from './labels.js';
export { EXERCISE_STATUS_LABELS };
export const EXERCISE_TYPES = [
  { value: 'tabletop', label: 'Exercice sur table' },
  { value: 'functional', label: 'Exercice fonctionnel' },
  { value: 'full_scale', label: 'Exercice grandeur nature' },
];

/** The page's own style sheet, loaded once (same origin: the console's CSP allows it). */
export function exercisesStyles() {
  if (document.querySelector('link[data-exercises]')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: '/console/assets/exercises.css', 'data-exercises': 'true' }));
}

const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;

export function exercisesView(main, ctx) {
  exercisesStyles();
  const state = { year: new Date().getFullYear() };
  const heading = h('h1', { tabindex: '-1' }, 'Exercices');
  const yearLabel = h('span', { class: 'year-label', 'aria-live': 'polite' });
  const gauge = h('div', { class: 'card gauge-card', 'aria-busy': 'true' });
  const list = h('div', {});
  const error = h('p', { class: 'error', role: 'alert' });
  const prev = h('button', { type: 'button', onclick: () => change(-1) }, '← Année précédente');
  const next = h('button', { type: 'button', onclick: () => change(1) }, 'Année suivante →');
  main.append(
    heading,
    h('p', { class: 'hint' }, 'Programme annuel des exercices de communication de crise (engagement C3).'),
    h('div', { class: 'year-nav' }, prev, yearLabel, next),
    error,
    gauge,
    can(ctx, 'exercises.plan') ? planForm(ctx, () => reload()) : null,
    h('section', { 'aria-labelledby': 'ex-list-title' }, h('h2', { id: 'ex-list-title' }, 'Exercices de l’année'), list),
    calendarCard(),
  );

  function change(delta) {
    state.year += delta;
    reload();
  }

  async function reload() {
    yearLabel.textContent = String(state.year);
    try {
      const p = await api('GET', `/api/exercises/programme?year=${state.year}`);
      drawGauge(gauge, p);
      drawList(list, p, ctx, reload, error);
      error.textContent = '';
    } catch (e) {
      error.textContent = e.message;
    }
  }
  reload();
  return null;
}

function drawGauge(el, p) {
  el.removeAttribute('aria-busy');
  const pct = p.target > 0 ? Math.min(100, Math.round((p.held / p.target) * 100)) : 100;
  const reach = p.target > 0 ? Math.min(100, Math.round(((p.held + p.planned) / p.target) * 100)) : 100;
  const verdict = p.onTrack
    ? p.held >= p.target
      ? 'Objectif atteint'
      : 'En bonne voie'
    : `En retard : ${plural(p.behindBy, 'exercice manque', 'exercices manquent')} au programme pour atteindre l’objectif`;
  el.dataset.onTrack = String(p.onTrack);
  // Widths through the CSSOM: the console's CSP refuses inline style attributes.
  const reachBar = h('span', { class: 'gauge-reach' });
  const fillBar = h('span', { class: 'gauge-fill' });
  reachBar.style.width = `${reach}%`;
  fillBar.style.width = `${pct}%`;
  el.replaceChildren(
    h('h2', {}, `Objectif ${p.year}`),
    h(
      'p',
      { class: 'gauge-figures' },
      h('strong', { class: 'gauge-held' }, `${p.held} / ${p.target}`),
      ` ${plural(p.held, 'exercice réalisé ou en cours', 'exercices réalisés ou en cours')} sur un objectif de ${p.target}`,
    ),
    h('div', { class: 'gauge', role: 'img', 'aria-label': `${p.held} réalisés, ${p.planned} encore prévus, objectif ${p.target}` }, reachBar, fillBar),
    h('p', { class: `gauge-verdict ${p.onTrack ? 'ok' : 'behind'}`, 'data-verdict': p.onTrack ? 'on_track' : 'behind' }, verdict),
    h(
      'p',
      { class: 'hint' },
      [
        `${plural(p.planned, 'exercice encore prévu', 'exercices encore prévus')}`,
        p.overdue ? `, ${plural(p.overdue, 'exercice prévu non lancé à sa date', 'exercices prévus non lancés à leur date')}` : '',
        p.cancelled ? `, ${plural(p.cancelled, 'annulé', 'annulés')}` : '',
        '. Barre pleine : réalisés ; hachurée : encore prévus.',
      ].join(''),
    ),
  );
}

function drawList(el, p, ctx, reload, error) {
  if (!p.exercises.length) {
    el.replaceChildren(h('p', {}, 'Aucun exercice programmé pour cette année.'));
    return;
  }
  const canStart = can(ctx, 'exercises.direct');
  el.replaceChildren(
    h(
      'table',
      { class: 'events exercises-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Exercice', 'Date (heure de Paris)', 'Type', 'Directeur', 'Statut', ''].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        p.exercises.map((x) =>
          h(
            'tr',
            { 'data-exercise': x.id, 'data-status': x.status },
            h('td', {}, h('a', { href: `#/exercises/${x.id}` }, x.title), h('br'), h('span', { class: 'hint' }, `${x.kindLabel} · ${x.commitments.join(', ') || 'aucun engagement indiqué'}`)),
            h('td', {}, x.plannedAtParis),
            h('td', {}, x.typeLabel),
            h('td', {}, x.director.name),
            h('td', {}, h('span', { class: `ex-status ex-${x.status}` }, EXERCISE_STATUS_LABELS[x.status] ?? x.status)),
            h(
              'td',
              {},
              canStart && x.status === 'planned'
                ? h('button', { type: 'button', class: 'primary', onclick: (ev) => start(ev.currentTarget, x) }, 'Lancer l’exercice')
                : x.eventId
                  ? h('a', { href: `#/events/${x.eventId}` }, 'Voir l’événement')
                  : '',
            ),
          ),
        ),
      ),
    ),
  );

  async function start(button, x) {
    button.disabled = true;
    try {
      await api('POST', `/api/exercises/${x.id}/start`, {});
      announce(`Exercice « ${x.title} » lancé.`);
      ctx.navigate(`#/exercises/${x.id}`);
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
      reload();
    }
  }
}

function planForm(ctx, afterPlan) {
  const title = h('input', { id: 'ex-title', required: true, minlength: '3', maxlength: '200' });
  const when = h('input', { id: 'ex-when', type: 'datetime-local', required: true });
  const kind = h(
    'select',
    { id: 'ex-kind' },
    ctx.settings.eventKinds.map((k) => h('option', { value: k.value }, k.label)),
  );
  const type = h(
    'select',
    { id: 'ex-type' },
    EXERCISE_TYPES.map((t) => h('option', { value: t.value }, t.label)),
  );
  const objectives = h('textarea', { id: 'ex-objectives', rows: '3' });
  const boxes = ['C1', 'C2', 'C3', 'C4'].map((c) => h('input', { type: 'checkbox', value: c, id: `ex-c-${c}`, checked: c === 'C3' }));
  const communes = h('input', { id: 'ex-communes', inputmode: 'numeric', value: '88160' });
  const dName = h('input', { id: 'ex-dname', required: true });
  const dEmail = h('input', { id: 'ex-demail', type: 'email', required: true });
  const dPhone = h('input', { id: 'ex-dphone', type: 'tel' });
  const players = h('textarea', { id: 'ex-players', rows: '3' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Programmer l’exercice');
  const form = h(
    'form',
    { novalidate: true },
    field('Titre', title, 'Par exemple : Crue de la Moselle à Épinal'),
    field('Date et heure prévues', when),
    field('Nature de l’événement simulé', kind),
    field('Type d’exercice', type),
    field('Objectifs (un par ligne)', objectives),
    h(
      'fieldset',
      { class: 'inline' },
      h('legend', {}, 'Engagements entraînés'),
      boxes.map((b) => h('label', { for: b.id }, b, ` ${b.value}`)),
    ),
    field('Communes du scénario', communes, 'Codes INSEE séparés par des virgules, par exemple 88160'),
    h(
      'fieldset',
      { class: 'inline wide' },
      h('legend', {}, 'Directeur d’exercice'),
      field('Nom', dName),
      field('Courriel', dEmail, 'Reçoit les rappels 7 jours et 1 jour avant'),
      field('Mobile (facultatif)', dPhone),
    ),
    field('Joueurs (un par ligne : nom ; rôle ; courriel ; mobile)', players, 'Par exemple : Claire Dupont ; communication ; claire.dupont@vosges.gouv.fr ; 06 12 34 56 78'),
    error,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (title.value.trim().length < 3) return fail(error, title, 'Le titre doit compter au moins 3 caractères.');
    const plannedAt = isoFromLocalInput(when.value);
    if (!plannedAt) return fail(error, when, 'Indiquez la date et l’heure prévues.');
    if (!dName.value.trim()) return fail(error, dName, 'Indiquez le directeur d’exercice.');
    const playerList = players.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [name, role, email, phone] = l.split(';').map((s) => s.trim());
        return { name, role: role ?? '', ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
      });
    submit.disabled = true;
    try {
      const created = await api('POST', '/api/exercises', {
        title: title.value.trim(),
        plannedAt,
        kind: kind.value,
        type: type.value,
        objectives: objectives.value
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
        commitments: boxes.filter((b) => b.checked).map((b) => b.value),
        communes: communes.value.split(/[\s,;]+/).filter(Boolean),
        director: { name: dName.value.trim(), email: dEmail.value.trim(), ...(dPhone.value.trim() ? { phone: dPhone.value.trim() } : {}) },
        players: playerList,
      });
      announce(`Exercice « ${created.title} » programmé le ${created.plannedAtParis}.`);
      form.reset();
      details.open = false;
      afterPlan();
    } catch (err) {
      error.textContent = err.message;
    } finally {
      submit.disabled = false;
    }
  });
  const details = h('details', { class: 'card create' }, h('summary', {}, 'Programmer un exercice'), form);
  return details;
}

function calendarCard() {
  const out = h('p', { class: 'calendar-url' });
  const button = h('button', { type: 'button' }, 'Obtenir mon lien d’agenda');
  button.addEventListener('click', async () => {
    try {
      const r = await api('POST', '/api/exercises/calendar-token');
      out.replaceChildren(
        h('code', {}, r.url),
        h('br'),
        h('span', { class: 'hint' }, 'Adresse personnelle, affichée une seule fois : l’ajouter à votre agenda. En demander une nouvelle annule celle-ci.'),
      );
    } catch (e) {
      out.textContent = e.message;
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'cal-title' },
    h('h2', { id: 'cal-title' }, 'Agenda'),
    h('p', { class: 'hint' }, 'Les exercices du programme dans votre agenda (format iCalendar).'),
    button,
    out,
  );
}
