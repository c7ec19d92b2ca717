// The actions of the event page, by role and by the state of the event. The
// server checks both again; this only avoids offering what would be refused.
import { can } from './access.js';
import { api } from './api.js';
import { announce, field, h, isoFromLocalInput } from './dom.js';

const when = (label) => h('input', { type: 'datetime-local', step: '1', name: label });
const reasonHint = 'Obligatoire si la décision est saisie plus de quelques minutes après avoir été prise.';

export function actionForms(event, ctx, afterAction) {
  if (event.status === 'closed') return [h('p', {}, 'L’événement est clos : il ne peut plus être modifié.')];
  const forms = [];
  if (can(ctx, 'events.activate_cod') && !event.cod) {
    forms.push(
      actionForm(
        {
          id: 'cod',
          summary: 'Enregistrer l’activation du COD',
          fields: (f) => [
            field('Décidée par', f.input('decidedBy', { required: true, value: 'M. le Préfet' })),
            field('Heure de la décision (vide : maintenant)', f.add('decidedAt', when('decidedAt'))),
            field('Référence SYNERGI (facultatif)', f.input('synergiRef')),
            field('Motif (saisie tardive)', f.input('reason'), reasonHint),
          ],
          body: (v) => ({ decidedBy: v.decidedBy, decidedAt: isoFromLocalInput(v.decidedAt), synergiRef: v.synergiRef || undefined, reason: v.reason || undefined }),
          post: (body) => api('POST', `/api/events/${event.id}/cod-activation`, body),
          done: 'Activation du COD enregistrée.',
        },
        afterAction,
      ),
    );
  }
  if (can(ctx, 'events.order_cip') && !event.cip) {
    forms.push(
      actionForm(
        {
          id: 'cip-order',
          summary: 'Enregistrer l’ordre d’activation de la CIP',
          fields: (f) => [
            field('Numéro national d’information (NNIP)', f.input('nationalNumber', { required: true, inputmode: 'tel' }), 'Par exemple 0 800 130 000'),
            field('Ordonnée par', f.input('orderedBy', { required: true, value: 'M. le Préfet' })),
            field('Heure de l’ordre (vide : maintenant)', f.add('orderedAt', when('orderedAt'))),
            field('Motif (saisie tardive)', f.input('reason'), reasonHint),
          ],
          body: (v) => ({ nationalNumber: v.nationalNumber, orderedBy: v.orderedBy, orderedAt: isoFromLocalInput(v.orderedAt), reason: v.reason || undefined }),
          post: (body) => api('POST', `/api/events/${event.id}/cip-order`, body),
          done: 'Ordre d’activation de la CIP enregistré.',
        },
        afterAction,
      ),
    );
  }
  if (can(ctx, 'events.open_cip') && event.cip && !event.cip.openedAt) {
    forms.push(
      actionForm(
        {
          id: 'cip-opened',
          summary: 'Enregistrer l’ouverture de la CIP',
          fields: (f) => [field('Heure d’ouverture (vide : maintenant)', f.add('openedAt', when('openedAt'))), field('Motif (saisie tardive)', f.input('reason'), reasonHint)],
          body: (v) => ({ openedAt: isoFromLocalInput(v.openedAt), reason: v.reason || undefined }),
          post: (body) => api('POST', `/api/events/${event.id}/cip-opened`, body),
          done: 'Ouverture de la CIP enregistrée.',
        },
        afterAction,
      ),
    );
  }
  if (can(ctx, 'events.record_fact')) {
    forms.push(
      actionForm(
        {
          id: 'fact',
          summary: 'Enregistrer une information transmise (saisie manuelle)',
          fields: (f) => [
            field(
              'Public',
              f.add(
                'audience',
                h(
                  'select',
                  { name: 'audience', required: true },
                  ctx.settings.audiences.map((a) => h('option', { value: a.value }, a.label)),
                ),
              ),
            ),
            field(
              'Ce qui a été fait',
              f.add('description', h('textarea', { name: 'description', required: true, rows: '2', maxlength: '500' })),
              'Par exemple : appel téléphonique aux maires des 12 communes touchées',
            ),
            field('Moyen', f.input('means', { required: true }), 'Par exemple : téléphone, radio, affichage'),
            field('Heure (vide : maintenant)', f.add('occurredAt', when('occurredAt'))),
            field('Fait par (si ce n’est pas vous)', f.input('doneBy')),
            field('Motif (saisie tardive)', f.input('reason'), reasonHint),
          ],
          body: (v) => ({
            audience: v.audience,
            description: v.description,
            means: v.means,
            occurredAt: isoFromLocalInput(v.occurredAt),
            doneBy: v.doneBy || undefined,
            reason: v.reason || undefined,
          }),
          post: (body) => api('POST', `/api/events/${event.id}/facts`, body),
          done: 'Information enregistrée.',
        },
        afterAction,
      ),
    );
  }
  if (can(ctx, 'events.close')) {
    forms.push(
      actionForm(
        {
          id: 'close',
          summary: 'Clore l’événement',
          fields: (f) => [h('p', { class: 'hint' }, 'Un événement clos ne peut plus être modifié : sa chronologie devient la preuve.'), field('Motif (facultatif)', f.input('reason'))],
          body: (v) => ({ reason: v.reason || undefined }),
          post: (body) => api('POST', `/api/events/${event.id}/close`, body),
          confirm: 'Clore définitivement cet événement ?',
          done: 'Événement clos.',
        },
        afterAction,
      ),
    );
  }
  if (!forms.length) return [h('p', {}, 'Votre rôle ne permet pas d’agir sur cet événement : consultation seulement.')];
  return forms;
}

function actionForm(spec, afterAction) {
  const inputs = {};
  const f = {
    add(name, el) {
      inputs[name] = el;
      return el;
    },
    input(name, attrs = {}) {
      return f.add(name, h('input', { name, ...attrs }));
    },
  };
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Enregistrer');
  const form = h('form', { novalidate: true, 'data-action': spec.id }, spec.fields(f), error, submit);
  const details = h('details', { class: 'action', 'data-action': spec.id }, h('summary', {}, spec.summary), form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const values = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
    const missing = Object.entries(inputs).find(([k, el]) => el.required && !values[k]);
    if (missing) {
      error.textContent = `Ce champ est obligatoire : ${missing[1].labels?.[0]?.textContent ?? missing[0]}.`;
      missing[1].focus();
      return;
    }
    if (spec.confirm && !window.confirm(spec.confirm)) return;
    submit.disabled = true;
    try {
      await spec.post(JSON.parse(JSON.stringify(spec.body(values))));
      announce(spec.done);
      details.open = false;
      form.reset();
      await afterAction(spec.done);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      submit.disabled = false;
    }
  });
  return details;
}
