// The emergency communication cell of the event: call it, see who was paged,
// by which channel and with what outcome, who acknowledged, the escalations,
// and declare it operational (C1). Follows `cell.changed`.
import { can } from './access.js';
import { api } from './api.js';
import { timeOfParis } from './clock-format.js';
import { announce, field, h } from './dom.js';
import { ESCALATION_LABELS, PAGE_OUTCOME_LABELS } from './labels.js';

const VIA_LABELS = { link: 'par son lien', console: 'saisie depuis la console' };

export const cellPanel = {
  id: 'cell',
  title: 'Cellule de communication',
  mount(section, { eventId, ctx }) {
    const error = h('p', { class: 'error', role: 'alert' });
    const notice = h('div', { class: 'notice', role: 'status' });
    const status = h('p', { class: 'cell-status' });
    const actions = h('div', { class: 'cell-actions' });
    const roles = h('ul', { class: 'cell-roles' });
    const pages = h('div', { class: 'cell-pages' });
    section.append(status, error, notice, actions, h('h3', {}, 'Rôles requis'), roles, h('h3', {}, 'Appels'), pages);
    let panel = null;
    let actionsShape = null;

    async function reload() {
      try {
        panel = await api('GET', `/api/events/${eventId}/cell`);
        draw();
        error.textContent = '';
      } catch (e) {
        error.textContent = e.message;
      }
    }

    function draw() {
      const p = panel;
      status.replaceChildren(
        p.operationalAt
          ? h('strong', { class: 'ok' }, `Cellule opérationnelle depuis le ${p.operationalAtParis}`)
          : p.calledAt
            ? h(
                'strong',
                {},
                `Cellule appelée le ${p.calledAtParis} — en attente : ${p.readiness.missing.length ? p.readiness.missing.map((r) => p.roles.find((x) => x.role === r)?.roleLabel ?? r).join(', ') : 'déclaration'}`,
              )
            : 'La cellule n’a pas encore été appelée.',
      );
      // Redrawn only when what they offer changes: a live update must not close a form being filled in.
      const shape = `${p.calledAtParis}|${p.operationalAt}|${p.readiness.missing.join(',')}`;
      if (shape !== actionsShape) {
        actionsShape = shape;
        const hadFocus = actions.contains(document.activeElement);
        actions.replaceChildren(...actionButtons(p));
        if (hadFocus) actions.querySelector('button, summary')?.focus();
      }
      roles.replaceChildren(
        ...p.roles.map((r) =>
          h(
            'li',
            { 'data-role': r.role, 'data-acknowledged': String(!!r.acknowledged) },
            h('strong', {}, r.roleLabel),
            r.required ? '' : ' (facultatif)',
            ' : ',
            r.acknowledged
              ? `pris en compte par ${r.acknowledged.by} le ${r.acknowledged.atParis} (${VIA_LABELS[r.acknowledged.via] ?? r.acknowledged.via})`
              : r.exhausted
                ? h('span', { class: 'alert-text' }, 'personne n’a répondu (escalade épuisée)')
                : r.paged
                  ? 'appelé, pas encore de réponse'
                  : 'pas appelé',
            r.escalations ? ` · ${r.escalations} relance${r.escalations > 1 ? 's' : ''}` : '',
          ),
        ),
      );
      const uncovered = p.activations.flatMap((a) => a.errors.map((e) => e.message));
      pages.replaceChildren(
        ...(uncovered.length
          ? [
              h(
                'ul',
                { class: 'problems' },
                [...new Set(uncovered)].map((m) => h('li', {}, m)),
              ),
            ]
          : []),
        p.pages.length
          ? h(
              'table',
              { class: 'cell-table' },
              h('caption', { class: 'visually-hidden' }, 'Membres appelés, canal par canal'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Membre', 'Rôle', 'Appelé', 'Courriel', 'SMS', 'Prise en compte', 'Escalade', ''].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h('tbody', {}, p.pages.map(pageRow)),
            )
          : h('p', { class: 'placeholder' }, 'Personne n’a été appelé.'),
      );
    }

    function pageRow(pg) {
      const outcome = (c) => {
        const d = pg.deliveries?.[c];
        if (!d) return h('td', { 'data-channel': c }, '—');
        return h('td', { 'data-channel': c, 'data-outcome': d.status, title: d.detail ?? '' }, PAGE_OUTCOME_LABELS[d.status] ?? d.status, d.attempts > 1 ? ` (${d.attempts} essais)` : '');
      };
      const canAck = can(ctx, 'cell.acknowledge') && !pg.acknowledgement && !panel.operationalAt;
      const ack = canAck ? h('button', { type: 'button', 'data-action': 'ack' }, `Prise en compte par téléphone`) : null;
      ack?.addEventListener('click', () => run(ack, () => api('POST', `/api/events/${eventId}/cell/pages/${pg.id}/ack`), `Prise en compte de ${pg.member.name} enregistrée.`));
      return h(
        'tr',
        { 'data-page': pg.id },
        h('th', { scope: 'row' }, pg.member.name),
        h('td', {}, pg.roleLabel, pg.round > 1 ? ` (relance ${pg.round - 1})` : ''),
        h('td', {}, pg.pagedAtParis),
        outcome('email'),
        outcome('sms'),
        h('td', {}, pg.acknowledgement ? `${pg.acknowledgement.atParis} (${VIA_LABELS[pg.acknowledgement.via] ?? pg.acknowledgement.via})` : '—'),
        h(
          'td',
          {},
          pg.escalation?.outcome
            ? (ESCALATION_LABELS[pg.escalation.outcome] ?? pg.escalation.outcome)
            : pg.escalation?.dueAtParis && !pg.acknowledgement
              ? `relance prévue à ${timeOfParis(pg.escalation.dueAtParis)}`
              : '—',
        ),
        h('td', {}, ack),
      );
    }

    function actionButtons(p) {
      const out = [];
      if (can(ctx, 'cell.call')) {
        const call = h('button', { type: 'button', class: p.calledAt ? '' : 'primary', 'data-action': 'call-cell' }, p.calledAt ? 'Rappeler la cellule' : 'Appeler la cellule');
        call.addEventListener('click', () => {
          if (p.calledAt && !window.confirm(`La cellule a déjà été appelée le ${p.calledAtParis}. Appeler à nouveau tous les membres d’astreinte ?`)) return;
          run(
            call,
            async () => {
              const res = await api('POST', `/api/events/${eventId}/cell-activation`);
              notice.replaceChildren(
                h('p', {}, `Appel envoyé à ${res.pages.length} membre${res.pages.length > 1 ? 's' : ''} : ${res.pages.map((pg) => `${pg.member.name} (${pg.roleLabel})`).join(', ') || 'personne'}.`),
                ...(res.errors.length
                  ? [
                      h(
                        'ul',
                        { class: 'problems' },
                        res.errors.map((e) => h('li', {}, e.message)),
                      ),
                    ]
                  : []),
              );
              return res;
            },
            'Cellule appelée.',
          );
        });
        out.push(call);
      }
      if (can(ctx, 'cell.declare_operational') && p.calledAt && !p.operationalAt) {
        const by = h('input', { name: 'declaredBy', id: `declared-by-${eventId}`, maxlength: '120', value: '' });
        const err = h('p', { class: 'error', role: 'alert' });
        const submit = h('button', { type: 'submit', class: 'primary' }, 'Déclarer opérationnelle');
        const form = h(
          'form',
          { novalidate: true, 'data-action': 'cell-operational' },
          p.readiness.missing.length
            ? h(
                'p',
                { class: 'hint' },
                `Rôles requis sans prise en compte : ${p.readiness.missing.map((r) => p.roles.find((x) => x.role === r)?.roleLabel ?? r).join(', ')}. Le chef de cellule peut déclarer la cellule opérationnelle malgré tout.`,
              )
            : null,
          field('Déclarée par (chef de cellule ; vide : vous)', by),
          err,
          submit,
        );
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          run(submit, () => api('POST', `/api/events/${eventId}/cell-operational`, by.value.trim() ? { declaredBy: by.value.trim() } : {}), 'Cellule déclarée opérationnelle.', err);
        });
        out.push(h('details', { class: 'action', 'data-action': 'cell-operational' }, h('summary', {}, 'Déclarer la cellule opérationnelle'), form));
      }
      return out;
    }

    async function run(button, call, done, err = error) {
      err.textContent = '';
      button.disabled = true;
      try {
        await call();
        announce(done);
        await reload();
      } catch (e) {
        err.textContent = e.message;
        button.disabled = false;
      }
    }

    let timer = null;
    return {
      onLive(type) {
        if (type !== 'cell.changed') return;
        // An activation sends several updates at once (called, then each page sent): one reload for the burst.
        clearTimeout(timer);
        timer = setTimeout(reload, 100);
      },
      reload,
    };
  },
};
