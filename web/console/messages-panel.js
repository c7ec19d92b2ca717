// Messages: compose from the approved templates, preview each channel, approve
// (four eyes), dispatch. The server checks roles and states again; this only
// avoids offering what would be refused, and says why.
import { can } from './access.js';
import { api } from './api.js';
import { renderingStats } from './delivery-progress.js';
import { announce, badge, fail, field, h } from './dom.js';
import { audienceLabel, channelLabel, MESSAGE_STATUS_LABELS } from './labels.js';

// A draft waits for a second person, an approved message for its dispatch; a sent one is done.
const MESSAGE_STATUS_BADGES = { draft: 'new', approved: 'info', dispatched: 'success' };
const PART_LABELS = { subject: 'Objet', title: 'Titre', text: 'Texte', html: 'Version HTML' };
const pad = (n) => String(n).padStart(2, '0');

/** A datetime-local value `hours` from now, on the next quarter hour: a next update is announced at a round time. */
function inHoursLocal(hours) {
  const d = new Date(Date.now() + hours * 3600_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const messagesPanel = {
  id: 'messages',
  title: 'Messages',
  mount(section, { eventId, ctx }) {
    const state = { messages: [], selected: null, lists: null };
    const error = h('p', { class: 'error', role: 'alert' });
    const notice = h('p', { class: 'notice', role: 'status' });
    const list = h('ul', { class: 'messages', 'aria-label': 'Messages de l’événement' });
    const preview = h('div', { class: 'message-preview', 'aria-live': 'polite' });
    if (can(ctx, 'messages.create')) section.append(composeForm());
    section.append(error, notice, h('h3', {}, 'Messages rédigés'), list, preview);

    function composeForm() {
      const audiences = (ctx.settings.audiences ?? []).map((a) => {
        const box = h('input', { type: 'checkbox', name: 'audience', value: a.value, id: `aud-${a.value}`, checked: true });
        const channels = (a.channels ?? []).map((c) => h('input', { type: 'checkbox', name: `channel-${a.value}`, value: c, id: `ch-${a.value}-${c}`, checked: true }));
        box.addEventListener('change', () => channels.forEach((c) => (c.disabled = !box.checked)));
        return { audience: a.value, box, channels, label: a.label };
      });
      const listSelects = {};
      const listsField = h('div', { class: 'lists-field' }, h('p', { class: 'hint' }, 'Chargement des listes de diffusion…'));
      const facts = h('textarea', { name: 'facts', id: 'msg-facts', rows: '4', maxlength: '4000', required: true });
      const instructions = h('textarea', { name: 'instructions', id: 'msg-instructions', rows: '3', maxlength: '2000', required: true });
      const next = h('input', { type: 'datetime-local', name: 'nextUpdateAt', id: 'msg-next', required: true, value: inHoursLocal(2) });
      const factual = h('input', { type: 'checkbox', id: 'msg-factual', checked: true });
      const formError = h('p', { class: 'error', role: 'alert' });
      const submit = h('button', { type: 'submit', class: 'primary' }, 'Rédiger et voir l’aperçu');
      const form = h(
        'form',
        { novalidate: true, 'data-action': 'compose' },
        h(
          'p',
          { class: 'hint' },
          'Le texte de chaque canal est écrit par les modèles approuvés pour la nature de l’événement ; vous saisissez la situation, les consignes et l’heure du prochain point.',
        ),
        h(
          'fieldset',
          { class: 'audiences' },
          h('legend', {}, 'Publics et canaux'),
          audiences.map((a) =>
            h(
              'div',
              { class: 'audience-row' },
              h('label', { for: a.box.id, class: 'audience-label' }, a.box, ` ${a.label}`),
              h(
                'span',
                { class: 'channel-boxes' },
                a.channels.map((c) => h('label', { for: c.id }, c, ` ${channelLabel(ctx.settings, c.value)}`)),
              ),
            ),
          ),
        ),
        listsField,
        field('Situation (faits validés par le COD)', facts, 'Ce qui se passe, où, depuis quand. Au moins 10 caractères.'),
        field('Consignes à la population', instructions, 'Ce que chacun doit faire. Au moins 5 caractères.'),
        field('Prochain point de situation', next, 'Heure locale de cet appareil ; elle est annoncée au public.'),
        h('div', { class: 'field' }, h('label', { for: 'msg-factual' }, factual, ' Information factuelle sur l’événement (compte pour l’engagement C2)')),
        formError,
        submit,
      );
      const details = h('details', { class: 'action', 'data-action': 'compose' }, h('summary', {}, 'Rédiger un message'), form);
      details.addEventListener('toggle', () => details.open && loadLists());

      async function loadLists() {
        if (state.lists) return;
        try {
          const res = await api('GET', '/api/contacts/lists');
          state.lists = Array.isArray(res) ? res : (res.items ?? []);
        } catch (e) {
          listsField.replaceChildren(h('p', { class: 'hint' }, `Listes de diffusion indisponibles (${e.message}) : les destinataires par défaut seront utilisés.`));
          return;
        }
        listsField.replaceChildren(
          h('p', { class: 'hint' }, 'Listes de diffusion (facultatif) : sans liste, les élus des communes touchées et tous les élus sans commune, et tous les médias.'),
          ...['elected', 'media'].map((aud) => {
            const select = h(
              'select',
              { multiple: true, id: `lists-${aud}`, size: String(Math.min(5, Math.max(2, state.lists.length))) },
              state.lists.map((l) => h('option', { value: l.id }, `${l.name}${l.memberCount !== null && l.memberCount !== undefined ? ` (${l.memberCount})` : ''}`)),
            );
            listSelects[aud] = select;
            return field(`Listes pour : ${audienceLabel(ctx.settings, aud)}`, select);
          }),
        );
      }

      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        formError.textContent = '';
        const chosen = audiences.filter((a) => a.box.checked);
        if (!chosen.length) return fail(formError, audiences[0].box, 'Choisissez au moins un public.');
        const empty = chosen.find((a) => !a.channels.some((c) => c.checked));
        if (empty) return fail(formError, empty.channels[0], `Choisissez au moins un canal pour : ${empty.label}.`);
        if (facts.value.trim().length < 10) return fail(formError, facts, 'Décrivez la situation (au moins 10 caractères).');
        if (instructions.value.trim().length < 5) return fail(formError, instructions, 'Indiquez les consignes à la population (au moins 5 caractères).');
        const nextAt = new Date(next.value);
        if (!next.value || Number.isNaN(nextAt.getTime())) return fail(formError, next, 'Indiquez l’heure du prochain point de situation.');
        const listIds = {};
        for (const aud of ['elected', 'media']) {
          const ids = [...(listSelects[aud]?.selectedOptions ?? [])].map((o) => o.value);
          if (ids.length && chosen.some((a) => a.audience === aud)) listIds[aud] = ids;
        }
        submit.disabled = true;
        try {
          const created = await api('POST', `/api/events/${eventId}/messages`, {
            audiences: chosen.map((a) => a.audience),
            channels: Object.fromEntries(chosen.map((a) => [a.audience, a.channels.filter((c) => c.checked).map((c) => c.value)])),
            facts: facts.value.trim(),
            instructions: instructions.value.trim(),
            nextUpdateAt: nextAt.toISOString(),
            factual: factual.checked,
            ...(Object.keys(listIds).length ? { listIds } : {}),
          });
          announce(`Message ${created.marker} rédigé : aperçu affiché.`);
          details.open = false;
          form.reset();
          next.value = inHoursLocal(2);
          state.selected = created.id;
          await reload();
          preview.querySelector('h3')?.focus();
        } catch (err) {
          formError.textContent = err.message;
        } finally {
          submit.disabled = false;
        }
      });
      return details;
    }

    async function loadList() {
      state.messages = await api('GET', `/api/events/${eventId}/messages`);
      if (!state.messages.length) {
        list.replaceChildren(h('li', { class: 'placeholder' }, 'Aucun message pour le moment.'));
        return;
      }
      list.replaceChildren(
        ...state.messages.map((m) =>
          h(
            'li',
            { 'data-message': m.id, 'data-status': m.status, class: m.id === state.selected ? 'selected' : null },
            h('button', { type: 'button', class: 'link-button', 'aria-pressed': String(m.id === state.selected), onclick: () => select(m.id) }, `Bulletin n° ${m.bulletinNo} ${m.marker ?? ''}`),
            ' ',
            badge(MESSAGE_STATUS_LABELS[m.status] ?? m.status, MESSAGE_STATUS_BADGES[m.status], { class: `message-status status-${m.status}` }),
            h('span', { class: 'muted' }, ` · rédigé par ${m.createdBy} le ${m.createdAtParis}`),
          ),
        ),
      );
    }

    async function select(id) {
      state.selected = id;
      await reload();
      preview.querySelector('h3')?.focus();
    }

    async function loadPreview() {
      if (!state.selected) {
        preview.replaceChildren();
        return;
      }
      let data;
      try {
        data = await api('GET', `/api/messages/${state.selected}/preview`);
      } catch (e) {
        preview.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
        return;
      }
      const m = data.message;
      preview.replaceChildren(
        ...[
          h('h3', { tabindex: '-1' }, `Aperçu du bulletin ${m.marker ?? ''} — ${MESSAGE_STATUS_LABELS[m.status] ?? m.status}`),
          h(
            'p',
            { class: 'muted' },
            `Rédigé par ${m.createdBy}`,
            m.approvedBy ? ` · approuvé par ${m.approvedBy}` : '',
            m.dispatchedBy ? ` · envoyé par ${m.dispatchedBy}` : '',
            m.factual ? '' : ' · message non factuel (ne compte pas pour C2)',
          ),
          m.problems.length
            ? h(
                'div',
                { class: 'problems', role: 'alert' },
                h('p', {}, 'À corriger avant approbation (rédigez un nouveau message plus court) :'),
                h(
                  'ul',
                  {},
                  m.problems.map((p) => h('li', {}, p)),
                ),
              )
            : null,
          messageActions(m),
          h('div', { class: 'renderings' }, data.renderings.map(renderingCard)),
        ].filter(Boolean),
      );
    }

    function renderingCard(r) {
      // The HTML version says the same as the text; the preview shows what a reader sees first.
      const parts = ['subject', 'title', 'text'].filter((part) => r.parts[part] !== undefined).map((part) => [part, r.parts[part]]);
      return h(
        'article',
        { class: 'rendering', 'data-audience': r.audience, 'data-channel': r.channel },
        h('h4', {}, `${audienceLabel(ctx.settings, r.audience)} · ${channelLabel(ctx.settings, r.channel)}`),
        parts.map(([part, text]) =>
          h(
            'div',
            { class: 'part' },
            h('p', { class: 'part-label' }, PART_LABELS[part] ?? part, h('span', { class: 'stats', 'data-part': part }, ` — ${renderingStats(r.channel, part, r.stats?.[part])}`)),
            h('pre', { class: 'rendered' }, text),
          ),
        ),
        r.problems.length
          ? h(
              'ul',
              { class: 'problems' },
              r.problems.map((p) => h('li', {}, p)),
            )
          : null,
        h('p', { class: 'muted templates' }, `Modèle : ${r.templates.map((t) => `${t.id} v${t.version}`).join(', ')}`),
      );
    }

    function messageActions(m) {
      const out = h('div', { class: 'message-actions' });
      const note = h('p', { class: 'hint', id: `why-${m.id}` });
      const err = h('p', { class: 'error', role: 'alert' });
      if (m.status === 'draft') {
        const own = ctx.settings.fourEyes && m.createdBy === ctx.me.username;
        const allowed = can(ctx, 'messages.approve');
        if (!allowed) note.textContent = 'L’approbation revient au préfet (ou au cabinet) ou à la communication.';
        else if (own) note.textContent = 'Vous avez rédigé ce message : une autre personne (préfet ou communication) doit l’approuver (principe des quatre yeux).';
        else if (m.problems.length) note.textContent = 'Ce message dépasse une limite d’un canal : il ne peut pas être approuvé.';
        if (allowed) {
          const approve = h('button', { type: 'button', class: 'primary', 'data-action': 'approve', disabled: own || m.problems.length > 0, 'aria-describedby': note.id }, 'Approuver');
          approve.addEventListener('click', () => act(approve, err, () => api('POST', `/api/messages/${m.id}/approve`), `Message ${m.marker} approuvé.`));
          out.append(approve);
        }
      } else if (m.status === 'approved') {
        if (can(ctx, 'messages.dispatch')) {
          const dispatch = h('button', { type: 'button', class: 'primary', 'data-action': 'dispatch' }, 'Envoyer à tous les canaux');
          dispatch.addEventListener('click', () => {
            if (!window.confirm(`Envoyer le bulletin ${m.marker} à tous ses destinataires ? Un envoi ne peut pas être annulé.`)) return;
            act(
              dispatch,
              err,
              async () => {
                const res = await api('POST', `/api/messages/${m.id}/dispatch`, {});
                notice.textContent = res.warnings?.length ? `Bulletin ${m.marker} envoyé, avec des avertissements : ${res.warnings.join(' ')}` : '';
                return res;
              },
              `Message ${m.marker} envoyé : suivez la diffusion ci-dessous.`,
            );
          });
          out.append(dispatch);
        } else {
          note.textContent = 'Approuvé : l’envoi revient au préfet (ou au cabinet) ou à la communication.';
        }
      } else {
        note.textContent = `Envoyé le ${m.dispatchedAtParis ?? ''} : la diffusion est suivie dans le panneau « Diffusions ».`;
      }
      out.append(note, err);
      return out;
    }

    async function act(button, err, call, done) {
      err.textContent = '';
      button.disabled = true;
      try {
        await call();
        announce(done);
        await reload();
        preview.querySelector('h3')?.focus();
      } catch (e) {
        err.textContent = e.message;
        button.disabled = false;
      }
    }

    const signature = () => state.messages.map((m) => `${m.id}:${m.status}`).join(',');

    /** `onlyIfChanged`: a live reload leaves the preview alone (and the reader's place in it) unless a message changed. */
    async function reload(onlyIfChanged = false) {
      try {
        const before = signature();
        await loadList();
        if (!onlyIfChanged || signature() !== before) await loadPreview();
        error.textContent = '';
      } catch (e) {
        error.textContent = e.message;
      }
    }

    let timer = null;
    return {
      // A message drafted, approved or sent elsewhere appends to the timeline; the list follows it.
      onLive(type) {
        if (type !== 'timeline.appended') return;
        clearTimeout(timer);
        timer = setTimeout(() => reload(true), 150);
      },
      reload: () => reload(false),
    };
  },
};
