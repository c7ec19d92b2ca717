// Deliveries per message, audience and channel, moving live with each
// `delivery.changed` (its counts are applied as they come, without asking the
// server again), and the unclear posts a person must settle.
import { can } from './access.js';
import { api } from './api.js';
import { barWidths, DELIVERY_STATUSES, progressRows, progressText, receiptsByKey, receiptText, STATUS_LABELS } from './delivery-progress.js';
import { announce, fail, field, h, dsfrTable } from './dom.js';
import { audienceLabel, channelLabel } from './labels.js';

// Public posts: at most once, so a post that waits is worth explaining.
const COLUMN_LABELS = { sent: 'Envoyés', sandboxed: 'Simulés', failed: 'Échecs', unknown: 'Incertains', sending: 'En cours', queued: 'En attente' };

export const deliveriesPanel = {
  id: 'deliveries',
  title: 'Diffusions',
  mount(section, { eventId, ctx }) {
    const state = { markers: new Map(), blocks: new Map(), unclear: new Map(), finished: new Map(), receipts: new Map() };
    const error = h('p', { class: 'error', role: 'alert' });
    const body = h('div', { class: 'deliveries', 'aria-busy': 'true' });
    const unclearList = h('div', { class: 'unclear' });
    section.append(error, body, unclearList);

    // One reload at a time; one that was running when something changed (a live
    // update, another reload asked) runs again, so older counts never stay drawn.
    let running = null;
    let again = false;
    function reload() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await load();
        } while (again);
        running = null;
      })();
      return running;
    }

    async function load() {
      try {
        const [summaries, messages] = await Promise.all([api('GET', `/api/events/${eventId}/deliveries`), api('GET', `/api/events/${eventId}/messages`)]);
        for (const m of messages) state.markers.set(m.id, { marker: m.marker, bulletinNo: m.bulletinNo });
        body.removeAttribute('aria-busy');
        state.blocks.clear();
        if (!summaries.length) {
          body.replaceChildren(h('p', { class: 'placeholder' }, 'Aucun message envoyé pour le moment.'));
        } else {
          // Newest message first, as in the messages panel.
          const order = new Map(messages.map((m, i) => [m.id, i]));
          summaries.sort((a, b) => (order.get(a.messageId) ?? 0) - (order.get(b.messageId) ?? 0));
          body.replaceChildren(...summaries.map((s) => block(senderOf(s), progressRows(s.summary))));
        }
        // Only a bulletin has posts whose outcome can be unclear; an inject goes by email or SMS.
        await Promise.all(summaries.filter((s) => s.messageId).map((s) => (progressRows(s.summary).some((r) => r.counts.unknown > 0) ? loadUnclear(s.messageId) : clearUnclear(s.messageId))));
        error.textContent = '';
      } catch (e) {
        error.textContent = e.message;
      }
    }

    /** A block is a bulletin (messageId) or an exercise inject sent to its players (injectId). */
    function senderOf(s) {
      return s.messageId ?? s.injectId;
    }

    function block(messageId, rows) {
      const m = state.markers.get(messageId);
      const tbody = h('tbody');
      const el = h(
        'div',
        { class: 'delivery-block', 'data-message': messageId },
        // A delivery without a bulletin is an exercise inject sent to its players by email or SMS.
        h('h3', {}, m ? `Bulletin n° ${m.bulletinNo} ${m.marker ?? ''}` : 'Inject d’exercice'),
        h(
          'div',
          { class: 'table-scroll' },
          dsfrTable(
            h(
              'table',
              { class: 'deliveries-table' },
              h('caption', { class: 'fr-sr-only' }, `Avancement des envois ${m?.marker ?? ''} par public et par canal`),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Public'),
                  h('th', { scope: 'col' }, 'Canal'),
                  DELIVERY_STATUSES.map((s) => h('th', { scope: 'col', class: 'num' }, COLUMN_LABELS[s])),
                  h('th', { scope: 'col', class: 'num' }, 'Total'),
                  h('th', { scope: 'col' }, 'Remis / acceptés'),
                  h('th', { scope: 'col' }, 'Avancement'),
                ),
              ),
              tbody,
            ),
          ),
        ),
        h('ul', { class: 'waiting-posts', 'aria-live': 'polite' }),
      );
      state.blocks.set(messageId, { el, tbody, waiting: el.querySelector('.waiting-posts') });
      state.finished.set(
        messageId,
        rows.every((r) => r.done === r.total),
      );
      fill(messageId, rows);
      return el;
    }

    function fill(messageId, rows) {
      const b = state.blocks.get(messageId);
      if (!b) return false;
      // Live results carry no receipts: the last ones known are kept until a receipt brings new ones.
      const known = state.receipts.get(messageId) ?? new Map();
      for (const r of rows) if (Object.values(r.receipts).some((n) => n > 0)) known.set(r.key, r.receipts);
      state.receipts.set(messageId, known);
      for (const r of rows) r.receipts = known.get(r.key) ?? r.receipts;
      b.tbody.replaceChildren(
        ...rows.map((r) => {
          const widths = barWidths(r);
          return h(
            'tr',
            { 'data-key': r.key, 'data-audience': r.audience, 'data-channel': r.channel, 'data-done': String(r.done === r.total) },
            h('th', { scope: 'row' }, audienceLabel(ctx.settings, r.audience)),
            h('td', {}, channelLabel(ctx.settings, r.channel)),
            DELIVERY_STATUSES.map((s) => h('td', { class: 'num', 'data-status': s }, String(r.counts[s]))),
            h('td', { class: 'num', 'data-status': 'total' }, String(r.total)),
            h('td', { 'data-status': 'receipts' }, ['email', 'sms'].includes(r.channel) ? receiptText(r) : '—'),
            h(
              'td',
              {},
              h(
                'div',
                { class: 'bar', role: 'img', 'aria-label': progressText(r) },
                DELIVERY_STATUSES.filter((s) => widths[s] > 0).map((s) => segment(s, widths[s], `${r.counts[s]} ${STATUS_LABELS[s]}`)),
              ),
            ),
          );
        }),
      );
      const postsWaiting = rows.some((r) => ctx.settings.postChannels.includes(r.channel) && r.counts.queued > 0);
      if (postsWaiting) loadWaiting(messageId).catch((e) => (error.textContent = e.message));
      else b.waiting.replaceChildren();
      return true;
    }

    // A post held back (X's 429 until its reset, a 5xx being retried) says why, and when it is tried again:
    // the crisis room must not wonder whether the public got the bulletin.
    async function loadWaiting(messageId) {
      const lists = await Promise.all(ctx.settings.postChannels.map((c) => api('GET', `/api/messages/${messageId}/deliveries?status=queued&channel=${c}&pageSize=10`)));
      const b = state.blocks.get(messageId);
      if (!b) return;
      b.waiting.replaceChildren(
        ...lists
          .flatMap((l) => l.items)
          .filter((d) => d.error)
          .map((d) =>
            h(
              'li',
              { 'data-delivery': d.id },
              h('strong', {}, `${channelLabel(ctx.settings, d.channel)} en attente`),
              ` : ${d.error}`,
              d.nextAttemptAtParis ? ` — nouvel essai le ${d.nextAttemptAtParis}` : '',
            ),
          ),
      );
    }

    async function loadUnclear(messageId) {
      const res = await api('GET', `/api/messages/${messageId}/deliveries?status=unknown&pageSize=100`);
      state.unclear.set(messageId, res.items);
      drawUnclear();
    }

    function clearUnclear(messageId) {
      if (state.unclear.delete(messageId)) drawUnclear();
    }

    let unclearShape = '';
    function drawUnclear() {
      const items = [...state.unclear.entries()].flatMap(([messageId, list]) => list.map((d) => ({ ...d, messageId })));
      // Redrawn only when the list changes: a live update must not close a verdict being written.
      const shape = items.map((d) => `${d.id}:${d.needsReview}`).join(',');
      if (shape === unclearShape) return;
      unclearShape = shape;
      if (!items.length) {
        unclearList.replaceChildren();
        return;
      }
      unclearList.replaceChildren(
        h('h3', {}, 'Publications incertaines'),
        h(
          'p',
          { class: 'hint' },
          'Le réseau social n’a pas confirmé ces publications. Le service les recherche d’abord sur le compte ; s’il ne les trouve pas, une personne vérifie le compte et tranche.',
        ),
        h('ul', { class: 'unclear-list' }, items.map(unclearItem)),
      );
    }

    function unclearItem(d) {
      const m = state.markers.get(d.messageId);
      const what = `${channelLabel(ctx.settings, d.channel)} — ${d.recipientName ?? ''} — bulletin ${m?.marker ?? ''}`;
      const li = h('li', { 'data-delivery': d.id, 'data-needs-review': String(!!d.needsReview) }, h('p', {}, h('strong', {}, what), d.error ? ` : ${d.error}` : ''));
      if (!d.needsReview) {
        li.append(h('p', { class: 'hint' }, 'Recherche automatique sur le compte en cours…'));
      } else if (!can(ctx, 'deliveries.resolve')) {
        li.append(h('p', { class: 'hint' }, 'À vérifier sur le compte par le préfet (ou le cabinet) ou la communication.'));
      } else {
        li.append(settleForm(d));
      }
      return li;
    }

    function settleForm(d) {
      const yes = h('input', { type: 'radio', name: `published-${d.id}`, value: 'yes', id: `pub-yes-${d.id}` });
      const no = h('input', { type: 'radio', name: `published-${d.id}`, value: 'no', id: `pub-no-${d.id}` });
      const url = h('input', { type: 'url', name: 'postUrl', id: `post-url-${d.id}`, placeholder: 'https://' });
      const note = h('input', { name: 'note', id: `note-${d.id}`, required: true, maxlength: '1000' });
      const err = h('p', { class: 'error', role: 'alert' });
      const submit = h('button', { type: 'submit', class: 'primary' }, 'Trancher');
      const form = h(
        'form',
        { novalidate: true, 'data-action': 'settle' },
        h(
          'fieldset',
          { class: 'inline' },
          h('legend', {}, 'Sur le compte, la publication est :'),
          h('label', { for: yes.id }, yes, ' présente (publiée)'),
          h('label', { for: no.id }, no, ' absente (non publiée)'),
        ),
        field('Adresse de la publication (si elle est présente)', url),
        field('Comment avez-vous vérifié ?', note, 'Par exemple : vérifié sur le fil du compte à 14 h 20'),
        err,
        submit,
      );
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        err.textContent = '';
        if (!yes.checked && !no.checked) return fail(err, yes, 'Indiquez si la publication est présente sur le compte.');
        if (note.value.trim().length < 3) return fail(err, note, 'Dites comment vous avez vérifié (au moins 3 caractères).');
        submit.disabled = true;
        try {
          await api('POST', `/api/deliveries/${d.id}/resolve`, { published: yes.checked, note: note.value.trim(), ...(yes.checked && url.value.trim() ? { postUrl: url.value.trim() } : {}) });
          announce('Publication tranchée.');
          await loadUnclear(d.messageId);
        } catch (ex) {
          err.textContent = ex.message;
          submit.disabled = false;
        }
      });
      return h('details', { class: 'action' }, h('summary', {}, 'Trancher après vérification du compte'), form);
    }

    return {
      onLive(type, payload) {
        if (type !== 'delivery.changed') return;
        const { counts, receipts } = payload.data ?? {};
        const messageId = senderOf(payload.data ?? {});
        // Counts come with every result; a dispatch announces a new message without them.
        if (!counts || !state.blocks.has(messageId)) return void reload();
        if (receipts) state.receipts.set(messageId, receiptsByKey(receipts));
        const rows = progressRows(counts);
        if (running) again = true;
        fill(messageId, rows);
        if (rows.some((r) => r.counts.unknown > 0) || state.unclear.has(messageId)) {
          loadUnclear(messageId).catch((e) => (error.textContent = e.message));
        }
        const finished = rows.every((r) => r.done === r.total);
        const wasFinished = state.finished.get(messageId);
        state.finished.set(messageId, finished);
        if (finished && wasFinished === false)
          announce(`Diffusion du bulletin ${state.markers.get(messageId)?.marker ?? ''} terminée : ${rows.map((r) => `${channelLabel(ctx.settings, r.channel)} ${progressText(r)}`).join(' ; ')}.`);
      },
      reload,
    };
  },
};

/** Widths go through the CSSOM: the console's Content-Security-Policy refuses style attributes. */
function segment(status, width, title) {
  const el = h('span', { class: `seg seg-${status}`, title });
  el.style.width = `${width.toFixed(2)}%`;
  return el;
}
