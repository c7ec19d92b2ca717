// "Actions en retard" on the events page: the actions of every RETEX action
// plan whose due day has passed (Paris) and that are still to do, each with a
// link to its event.
import { api } from './api.js';
import { h } from './dom.js';
import { overdueFlag } from './retex-panel.js';

const PHASE_LABELS = { hot: 'RETEX à chaud', cold: 'RETEX à froid' };
import { ACTION_STATUS_LABELS as STATUS_LABELS } from './labels.js';

export function overdueActionsBlock() {
  const body = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Chargement des actions en retard…'));
  const section = h('section', { class: 'card overdue-actions', 'aria-labelledby': 'overdue-title', 'data-block': 'overdue-actions' }, h('h2', { id: 'overdue-title' }, 'Actions en retard'), body);
  load(body).catch((e) => body.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message)));
  return section;
}

async function load(body) {
  const actions = await api('GET', '/api/debrief-actions?overdue=true');
  body.removeAttribute('aria-busy');
  if (!actions.length) {
    body.replaceChildren(h('p', { class: 'placeholder' }, 'Aucune action de RETEX en retard.'));
    return;
  }
  body.replaceChildren(
    h('p', {}, `${actions.length} action${actions.length > 1 ? 's' : ''} de plan RETEX dont l’échéance est passée.`),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'events overdue-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Action', 'Pilote', 'Échéance', 'Statut', 'Événement'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          actions.map((a) =>
            h(
              'tr',
              { 'data-action-id': a.id },
              h('th', { scope: 'row' }, a.title, h('span', { class: 'muted' }, ` (${PHASE_LABELS[a.phase] ?? a.phase})`)),
              h('td', {}, a.owner),
              h('td', {}, a.dueDateFr, ' ', overdueFlag()),
              h('td', {}, STATUS_LABELS[a.status] ?? a.status),
              h('td', {}, h('a', { href: `#/events/${a.eventId}` }, a.eventTitle), a.eventMode === 'exercise' ? h('span', { class: 'badge exercise' }, 'Exercice') : ''),
            ),
          ),
        ),
      ),
    ),
  );
}
