import { can } from './access.js';
import { api } from './api.js';
import { channelWarningsBanner } from './channel-warnings.js';
import { fail, field, h } from './dom.js';
import { EVENT_STATUS_LABELS } from './labels.js';
import { overdueActionsBlock } from './overdue-actions.js';

export function eventsView(main, ctx) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Chargement des événements…'));
  main.append(h('h1', { tabindex: '-1' }, 'Événements majeurs'));
  main.append(channelWarningsBanner());
  if (can(ctx, 'events.create')) main.append(createForm(ctx));
  main.append(h('section', { 'aria-labelledby': 'list-title' }, h('h2', { id: 'list-title' }, 'Liste'), list));
  main.append(overdueActionsBlock());
  load(list).catch((e) => list.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message)));
  return null;
}

async function load(list) {
  const events = await api('GET', '/api/events');
  list.removeAttribute('aria-busy');
  if (!events.length) {
    list.replaceChildren(h('p', {}, 'Aucun événement pour le moment.'));
    return;
  }
  list.replaceChildren(
    h(
      'table',
      { class: 'events' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Événement', 'Nature', 'Mode', 'Statut', 'Créé le'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        events.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/events/${e.id}` }, e.title)),
            h('td', {}, e.kindLabel),
            h('td', {}, e.mode === 'exercise' ? h('span', { class: 'badge exercise' }, 'Exercice') : 'Réel'),
            h('td', {}, EVENT_STATUS_LABELS[e.status] ?? e.status),
            h('td', {}, e.createdAtParis),
          ),
        ),
      ),
    ),
  );
}

function createForm(ctx) {
  const title = h('input', { name: 'title', id: 'event-title', required: true, minlength: '3', maxlength: '200' });
  const kind = h(
    'select',
    { name: 'kind', id: 'event-kind', required: true },
    ctx.settings.eventKinds.map((k) => h('option', { value: k.value }, k.label)),
  );
  const real = h('input', { type: 'radio', name: 'mode', value: 'real', id: 'mode-real', checked: true });
  const exercise = h('input', { type: 'radio', name: 'mode', value: 'exercise', id: 'mode-exercise' });
  const communes = h('input', { name: 'communes', id: 'event-communes', required: true, inputmode: 'numeric' });
  const synergi = h('input', { name: 'synergiRef', id: 'event-synergi', maxlength: '64' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Créer l’événement');
  const form = h(
    'form',
    { novalidate: true },
    field('Titre', title, 'Par exemple : Feu de forêt — massif de la Vologne'),
    field('Nature', kind),
    h('fieldset', { class: 'inline' }, h('legend', {}, 'Mode'), h('label', { for: 'mode-real' }, real, ' Événement réel'), h('label', { for: 'mode-exercise' }, exercise, ' Exercice')),
    field('Communes touchées', communes, 'Codes INSEE séparés par des virgules ou des espaces, par exemple 88160, 88196'),
    field('Référence SYNERGI (facultatif)', synergi),
    error,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const codes = communes.value.split(/[\s,;]+/).filter(Boolean);
    if (title.value.trim().length < 3) return fail(error, title, 'Le titre doit compter au moins 3 caractères.');
    if (!codes.length) return fail(error, communes, 'Indiquez au moins une commune touchée (code INSEE, par exemple 88160).');
    submit.disabled = true;
    try {
      const created = await api('POST', '/api/events', {
        title: title.value.trim(),
        kind: kind.value,
        mode: exercise.checked ? 'exercise' : 'real',
        communes: codes,
        ...(synergi.value.trim() ? { synergiRef: synergi.value.trim() } : {}),
      });
      ctx.navigate(`#/events/${created.id}`);
    } catch (err) {
      error.textContent = err.message;
      submit.disabled = false;
    }
  });
  return h('details', { class: 'card create' }, h('summary', {}, 'Créer un événement'), form);
}
