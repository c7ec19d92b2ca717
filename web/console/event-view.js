// The event page: the commitment clocks counting down, the actions, the
// timeline, and the panels of later work, all kept current by the live channel.
import { api, getWithServerOffset } from './api.js';
import { CLOCK_NAMES, clockDisplay, PHASE_LABELS } from './clock-format.js';
import { announce, h } from './dom.js';
import { actionForms } from './event-actions.js';
import { actorLabel, audienceLabel, EVENT_STATUS_LABELS } from './labels.js';
import { followEvent } from './live.js';
import { PANELS } from './panels.js';
import { reportsBlock } from './reports-block.js';

export function eventView(main, ctx, eventId) {
  const page = { event: null, clocks: [], offsetMs: 0, lastSeq: 0, phases: new Map(), stopped: false, actionsShape: null };
  const heading = h('h1', { tabindex: '-1' }, 'Événement');
  const summary = h('p', { class: 'event-summary' });
  const error = h('p', { class: 'error', role: 'alert' });
  const clocksList = h('ul', { class: 'clocks', 'aria-busy': 'true' });
  const actions = h('div', { class: 'actions' });
  const timelineList = h('ol', { class: 'timeline', reversed: true });

  const section = (id, title, ...content) => h('section', { id: `panel-${id}`, class: 'panel', 'aria-labelledby': `title-${id}`, 'data-panel': id }, h('h2', { id: `title-${id}` }, title), content);

  const panelSections = PANELS.map((p) => ({ panel: p, el: section(p.id, p.title) }));
  main.append(
    h('p', {}, h('a', { href: '#/events' }, '← Tous les événements')),
    heading,
    summary,
    error,
    h(
      'div',
      { class: 'event-grid' },
      h(
        'div',
        { class: 'col-main' },
        section('clocks', 'Engagements', clocksList),
        section('actions', 'Actions', actions),
        panelSections.map((p) => p.el),
      ),
      h('div', { class: 'col-side' }, reportsBlock(eventId, ctx), section('timeline', 'Chronologie', timelineList)),
    ),
  );
  const panels = panelSections.map(({ panel, el }) => panel.mount(el, { eventId, ctx }));

  async function loadEvent() {
    page.event = await api('GET', `/api/events/${eventId}`);
    const e = page.event;
    heading.replaceChildren(e.title, e.mode === 'exercise' ? h('span', { class: 'badge exercise' }, 'Exercice') : '');
    document.title = `${e.title} — console de crise`;
    const communes = e.communes.map((c) => `${c.name} (${c.code})`).join(', ');
    summary.replaceChildren(
      h('span', { class: `status status-${e.status}` }, EVENT_STATUS_LABELS[e.status] ?? e.status),
      ` · ${e.kindLabel} · ${communes}`,
      e.cod ? ` · COD décidé le ${e.cod.decidedAtParis} par ${e.cod.decidedBy}` : '',
      e.cip?.nationalNumber ? ` · NNIP ${e.cip.nationalNumber}` : '',
    );
    // Redrawn only when the actions on offer change: a live update must not close a form being filled in.
    const shape = `${e.status}|${!!e.cod}|${!!e.cip}|${!!e.cip?.openedAt}`;
    if (shape === page.actionsShape) return;
    page.actionsShape = shape;
    const hadFocus = actions.contains(document.activeElement);
    actions.replaceChildren(...actionForms(e, ctx, () => reloadSoon()));
    if (hadFocus) actions.querySelector('summary')?.focus();
  }

  async function loadClocks() {
    const { data, offsetMs } = await getWithServerOffset(`/api/events/${eventId}/commitments`, (d) => d.now);
    page.offsetMs = offsetMs;
    page.clocks = data.commitments;
    clocksList.removeAttribute('aria-busy');
    clocksList.replaceChildren(
      ...page.clocks.map((c) =>
        h(
          'li',
          { class: 'clock', 'data-key': c.key },
          h('span', { class: 'clock-key' }, CLOCK_NAMES[c.key] ?? c.key),
          h('span', { class: 'clock-label' }, c.label),
          h('span', { class: 'clock-due' }, c.dueAtParis ? `Échéance ${c.dueAtParis}` : ''),
          h('span', { class: 'clock-value', role: 'timer', 'data-key': c.key }),
          h('span', { class: 'clock-phase' }),
        ),
      ),
    );
    tick(false);
  }

  async function loadTimeline() {
    const data = await api('GET', `/api/events/${eventId}/timeline?afterSeq=${page.lastSeq}`);
    for (const e of data.entries) {
      if (e.seq <= page.lastSeq) continue;
      page.lastSeq = e.seq;
      const t = e.tPlusMinutes === null ? '' : ` (T+${Math.round(e.tPlusMinutes)} min)`;
      const detail = detailOf(e, ctx);
      const item = h(
        'li',
        { 'data-seq': e.seq, 'data-action': e.action },
        h('span', { class: 'when' }, `${e.atParis}${t}`),
        h('span', { class: 'what' }, e.label),
        h('span', { class: 'who' }, actorLabel(e.actor)),
        detail ? h('span', { class: 'detail' }, detail) : null,
      );
      timelineList.prepend(item);
      if (page.timelineLoaded) announce(`Chronologie : ${e.label}`);
    }
    page.timelineLoaded = true;
  }

  /** Redraws the countdowns; announces a clock that crosses into warning, urgent or missed. */
  function tick(announceChanges = true) {
    const now = Date.now() + page.offsetMs;
    const leads = ctx.settings?.warningLeadMinutes ?? [15, 5];
    for (const c of page.clocks) {
      const d = clockDisplay(c, now, leads);
      const li = clocksList.querySelector(`li[data-key="${c.key}"]`);
      if (!li) continue;
      li.dataset.phase = d.phase;
      li.querySelector('.clock-value').textContent = d.text;
      li.querySelector('.clock-value').setAttribute('aria-label', d.spokenText);
      li.querySelector('.clock-phase').textContent = PHASE_LABELS[d.phase];
      const before = page.phases.get(c.key);
      if (announceChanges && before && before !== d.phase && ['warning', 'urgent', 'missed', 'met'].includes(d.phase)) {
        announce(`${CLOCK_NAMES[c.key] ?? c.key} : ${PHASE_LABELS[d.phase]}, ${d.spokenText}`);
      }
      page.phases.set(c.key, d.phase);
    }
  }

  async function reloadAll() {
    try {
      await Promise.all([loadEvent(), loadClocks(), loadTimeline()]);
      for (const p of panels) p.reload();
      error.textContent = '';
    } catch (e) {
      if (!page.stopped) error.textContent = e.status === 404 ? 'Cet événement n’existe pas.' : e.message;
    }
  }

  // Several live events arrive together (event.changed then clock.changed): one reload for the burst.
  let pending = null;
  let timer = null;
  function reloadSoon(parts = { event: true, clocks: true, timeline: true }) {
    pending = { event: !!(pending?.event || parts.event), clocks: !!(pending?.clocks || parts.clocks), timeline: !!(pending?.timeline || parts.timeline) };
    if (timer) return;
    timer = setTimeout(async () => {
      const p = pending;
      pending = null;
      timer = null;
      try {
        await Promise.all([p.event && loadEvent(), p.clocks && loadClocks(), p.timeline && loadTimeline()]);
      } catch (e) {
        if (!page.stopped) error.textContent = e.message;
      }
    }, 60);
  }

  function onLive(type, payload) {
    if (type === 'event.changed') reloadSoon({ event: true, clocks: true, timeline: true });
    else if (type.startsWith('clock.')) reloadSoon({ clocks: true, timeline: true });
    else reloadSoon({ timeline: true });
    for (const p of panels) p.onLive(type, payload);
  }

  const ticker = setInterval(tick, 1000);
  const unfollow = followEvent(eventId, { onEvent: onLive, reload: reloadAll });
  return () => {
    page.stopped = true;
    clearInterval(ticker);
    unfollow();
  };
}

/** A line under a timeline entry when its label alone does not say what happened. */
function detailOf(entry, ctx) {
  const p = entry.payload ?? {};
  if (entry.action === 'event.fact_recorded') {
    // A fact the product recorded itself names its channel in the description; a person's names the means as typed.
    return `${audienceLabel(ctx.settings, p.audience)} — ${p.description ?? ''}${p.manual === false ? '' : ` (${p.means ?? ''})`}`;
  }
  if (entry.action === 'event.cod_activated') return `Décidée par ${p.decidedBy}${p.reason ? ` — ${p.reason}` : ''}`;
  if (entry.action === 'event.cip_ordered') return `Ordonnée par ${p.orderedBy}, numéro ${p.nationalNumberDisplay ?? p.nationalNumber}`;
  if (entry.action === 'event.closed' && p.reason) return p.reason;
  return '';
}
