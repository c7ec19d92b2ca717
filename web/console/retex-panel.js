// RETEX (retour d'expérience) of the event: the hot debrief (à chaud, at
// closure) and the cold one (à froid, weeks later), their findings linked to
// timeline entries, and the action plan. Reviewers write; every other role
// reads. The server checks roles and rules again; this only avoids offering
// what would be refused.
import { can } from './access.js';
import { api } from './api.js';
import { announce, fail, field, h, isoFromLocalInput } from './dom.js';

const PHASES = [
  { phase: 'hot', title: 'RETEX à chaud', when: 'à la clôture' },
  { phase: 'cold', title: 'RETEX à froid', when: 'quelques semaines après' },
];
import { ACTION_STATUS_LABELS as STATUS_LABELS } from './labels.js';
// Same table as src/domain/debriefs/debrief.policy.ts.
const NEXT_STATUSES = { open: ['in_progress', 'done', 'cancelled'], in_progress: ['open', 'done', 'cancelled'], done: ['in_progress'], cancelled: ['open'] };
const pad = (n) => String(n).padStart(2, '0');
const localInputValue = (iso) => {
  const d = iso ? new Date(iso) : new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const lines = (text) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** "Claire Dupont — cheffe de cellule, préfecture" → { name, role }. */
function participantOf(line) {
  const m = /^(.+?)\s+[—–-]\s+(.+)$/.exec(line);
  return m ? { name: m[1].trim(), role: m[2].trim() } : { name: line };
}

/** The overdue flag says it in words, not only in colour. */
export function overdueFlag() {
  return h('span', { class: 'overdue-flag' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), 'En retard');
}

export const retexPanel = {
  id: 'retex',
  title: 'RETEX',
  mount(section, { eventId, ctx }) {
    const canWrite = can(ctx, 'debriefs.write');
    const error = h('p', { class: 'error', role: 'alert' });
    const status = h('p', { class: 'retex-status' });
    const phases = h('div', { class: 'retex-phases' });
    section.append(
      h(
        'p',
        { class: 'hint' },
        canWrite
          ? 'Le RETEX à chaud se tient à la clôture, le RETEX à froid quelques semaines après, avec le plan d’action suivi jusqu’à sa réalisation.'
          : 'Consultation seulement : les relecteurs rédigent le RETEX et son plan d’action.',
      ),
      status,
      error,
      phases,
    );
    let data = null;
    let entries = [];
    let formsShape = null;
    const forms = new Map();

    async function reload() {
      try {
        const [panel, timeline] = await Promise.all([api('GET', `/api/events/${eventId}/debriefs`), api('GET', `/api/events/${eventId}/timeline`)]);
        data = panel;
        entries = timeline.entries;
        draw();
        error.textContent = '';
      } catch (e) {
        error.textContent = e.message;
      }
    }

    function draw() {
      status.replaceChildren(
        data.eventClosed
          ? `Événement clos le ${data.eventClosedAtParis}.`
          : h('span', {}, h('strong', {}, 'Événement encore ouvert : '), 'un RETEX tenu maintenant sera noté « tenu avant la clôture ».'),
      );
      // The forms are rebuilt only when what they edit changed and none is open: a live update must not close a form being filled in.
      const shape = `${data.hot?.updatedAt}|${data.cold?.updatedAt}|${entries.length}`;
      const anyOpen = [...forms.values()].some((f) => f.querySelector('details[open]'));
      const rebuild = canWrite && shape !== formsShape && !anyOpen;
      if (rebuild) formsShape = shape;
      phases.replaceChildren(
        ...PHASES.map((p) => {
          if (rebuild || !forms.has(p.phase)) forms.set(p.phase, canWrite ? h('div', { class: 'retex-forms' }, debriefForm(p), data[p.phase] ? actionForm(p) : null) : h('div'));
          return phaseBlock(p, data[p.phase], forms.get(p.phase));
        }),
      );
    }

    function seqLabel(seq) {
      const e = entries.find((x) => x.seq === seq);
      return e ? `n° ${seq} · ${e.atParis} · ${e.label}` : `n° ${seq}`;
    }

    function phaseBlock(p, d, formsEl) {
      const body = !d
        ? [h('p', { class: 'placeholder' }, `Pas encore rédigé (${p.when}).`)]
        : [
            h('p', { class: 'retex-held' }, `Tenu le ${d.heldAtParis}`, d.heldWhileEventOpen ? h('strong', {}, ' — avant la clôture de l’événement') : '', ` · rédigé par ${d.writtenBy}`),
            h('h4', {}, 'Participants'),
            h(
              'ul',
              { class: 'retex-list' },
              d.participants.map((x) => h('li', {}, x)),
            ),
            listBlock('Ce qui a bien fonctionné', d.wentWell),
            listBlock('Ce qui doit progresser', d.toImprove),
            h('h4', {}, 'Constats'),
            d.findings.length
              ? h(
                  'ol',
                  { class: 'retex-findings' },
                  d.findings.map((f) =>
                    h(
                      'li',
                      {},
                      f.text,
                      h(
                        'ul',
                        { class: 'retex-links', 'aria-label': 'Entrées de la chronologie citées' },
                        f.timelineSeqs.map((s) =>
                          h(
                            'li',
                            { 'data-seq': s },
                            h(
                              'a',
                              {
                                href: `#/events/${eventId}`,
                                'data-seq': s,
                                onclick: (ev) => {
                                  ev.preventDefault();
                                  showEntry(s);
                                },
                              },
                              seqLabel(s),
                            ),
                          ),
                        ),
                      ),
                    ),
                  ),
                )
              : h('p', { class: 'placeholder' }, 'Aucun constat.'),
            h('h4', {}, 'Plan d’action'),
            actionsTable(d),
          ];
      return h(
        'article',
        { class: 'retex-phase', 'data-phase': p.phase, 'data-written': String(!!d), 'aria-labelledby': `retex-${p.phase}-title` },
        h('h3', { id: `retex-${p.phase}-title` }, p.title),
        body,
        formsEl,
      );
    }

    function listBlock(title, items) {
      return [
        h('h4', {}, title),
        items.length
          ? h(
              'ul',
              { class: 'retex-list' },
              items.map((x) => h('li', {}, x)),
            )
          : h('p', { class: 'placeholder' }, 'Rien de noté.'),
      ];
    }

    /** Scrolls the timeline to a cited entry and highlights it for a moment. */
    function showEntry(seq) {
      const li = document.querySelector(`ol.timeline li[data-seq="${seq}"]`);
      if (!li) return;
      li.scrollIntoView({ block: 'center' });
      li.classList.add('cited');
      setTimeout(() => li.classList.remove('cited'), 2500);
    }

    function actionsTable(d) {
      if (!d.actions.length) return h('p', { class: 'placeholder' }, 'Aucune action.');
      return h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'retex-actions' },
          h('caption', { class: 'visually-hidden' }, `Plan d’action du ${d.phaseLabel}`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Action', 'Pilote', 'Échéance', 'Statut', canWrite ? 'Changer le statut' : null].filter(Boolean).map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            d.actions.map((a) =>
              h(
                'tr',
                { 'data-action-id': a.id, 'data-status': a.status, 'data-overdue': String(a.overdue) },
                h('th', { scope: 'row' }, a.title),
                h('td', {}, a.owner),
                h('td', {}, a.dueDateFr, a.overdue ? [' ', overdueFlag()] : ''),
                h('td', {}, STATUS_LABELS[a.status] ?? a.status, a.doneAtParis ? ` le ${a.doneAtParis}` : ''),
                canWrite ? h('td', {}, statusChanger(a)) : null,
              ),
            ),
          ),
        ),
      );
    }

    function statusChanger(a) {
      const select = h(
        'select',
        { 'aria-label': `Nouveau statut de « ${a.title} »`, class: 'status-select' },
        NEXT_STATUSES[a.status].map((s) => h('option', { value: s }, STATUS_LABELS[s])),
      );
      const button = h('button', { type: 'button', class: 'small' }, 'Enregistrer');
      const err = h('p', { class: 'error', role: 'alert' });
      button.addEventListener('click', async () => {
        err.textContent = '';
        button.disabled = true;
        try {
          await api('PATCH', `/api/debrief-actions/${a.id}`, { status: select.value });
          announce(`Action « ${a.title} » : ${STATUS_LABELS[select.value]}.`);
          await reload();
        } catch (e) {
          err.textContent = e.message;
          button.disabled = false;
        }
      });
      return h('div', { class: 'status-changer' }, select, button, err);
    }

    function debriefForm(p) {
      const d = data[p.phase];
      const id = (n) => `retex-${p.phase}-${n}`;
      const heldAt = h('input', { type: 'datetime-local', id: id('held'), required: true, value: localInputValue(d?.heldAt) });
      const participants = h('textarea', { id: id('participants'), rows: '3', required: true }, d ? d.participantDetails.map((x) => (x.role ? `${x.name} — ${x.role}` : x.name)).join('\n') : '');
      const wentWell = h('textarea', { id: id('well'), rows: '3' }, d ? d.wentWell.join('\n') : '');
      const toImprove = h('textarea', { id: id('improve'), rows: '3' }, d ? d.toImprove.join('\n') : '');
      const findingRows = h('div', { class: 'finding-rows' });
      const addFinding = (f) => {
        const n = findingRows.children.length + 1;
        const text = h('textarea', { id: id(`finding-${n}`), rows: '2', class: 'finding-text' }, f?.text ?? '');
        const seqs = h(
          'select',
          { id: id(`finding-${n}-seqs`), multiple: true, size: '5', class: 'finding-seqs' },
          [...entries].reverse().map((e) => h('option', { value: e.seq, selected: f?.timelineSeqs.includes(e.seq) }, `n° ${e.seq} · ${e.atParis} · ${e.label}`)),
        );
        findingRows.append(
          h(
            'fieldset',
            { class: 'finding' },
            h('legend', {}, `Constat ${n}`),
            field('Constat', text),
            field('Entrées de la chronologie citées', seqs, 'Au moins une ; Ctrl ou Maj pour en choisir plusieurs.'),
          ),
        );
      };
      (d?.findings.length ? d.findings : [null]).forEach(addFinding);
      const more = h('button', { type: 'button', class: 'small' }, 'Ajouter un constat');
      more.addEventListener('click', () => addFinding(null));
      const err = h('p', { class: 'error', role: 'alert' });
      const submit = h('button', { type: 'submit', class: 'primary' }, d ? 'Enregistrer les modifications' : `Enregistrer le ${p.title}`);
      const form = h(
        'form',
        { novalidate: true, 'data-action': `debrief-${p.phase}` },
        field('Tenu le', heldAt, 'Heure locale de cet appareil.'),
        field('Participants', participants, 'Une personne par ligne : Nom — rôle, organisation.'),
        field('Ce qui a bien fonctionné', wentWell, 'Un point par ligne.'),
        field('Ce qui doit progresser', toImprove, 'Un point par ligne.'),
        h('div', { class: 'field' }, h('p', { class: 'field-title' }, 'Constats'), findingRows, more),
        err,
        submit,
      );
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        err.textContent = '';
        const people = lines(participants.value).map(participantOf);
        if (!isoFromLocalInput(heldAt.value)) return fail(err, heldAt, 'Indiquez la date et l’heure du RETEX.');
        if (!people.length) return fail(err, participants, 'Indiquez au moins un participant.');
        const findings = [];
        for (const row of findingRows.querySelectorAll('fieldset.finding')) {
          const text = row.querySelector('.finding-text');
          const seqs = [...row.querySelector('.finding-seqs').selectedOptions].map((o) => Number(o.value));
          if (!text.value.trim() && !seqs.length) continue;
          if (!text.value.trim()) return fail(err, text, 'Écrivez le constat, ou retirez les entrées choisies.');
          if (!seqs.length) return fail(err, row.querySelector('.finding-seqs'), 'Chaque constat cite au moins une entrée de la chronologie.');
          findings.push({ text: text.value.trim(), timelineSeqs: seqs });
        }
        submit.disabled = true;
        try {
          await api('PUT', `/api/events/${eventId}/debriefs/${p.phase}`, {
            heldAt: isoFromLocalInput(heldAt.value),
            participants: people,
            wentWell: lines(wentWell.value),
            toImprove: lines(toImprove.value),
            findings,
          });
          announce(`${p.title} enregistré.`);
          form.closest('details').open = false;
          formsShape = null;
          await reload();
        } catch (ex) {
          err.textContent = ex.message;
          submit.disabled = false;
        }
      });
      return h('details', { class: 'action', 'data-form': `debrief-${p.phase}` }, h('summary', {}, d ? `Modifier le ${p.title}` : `Rédiger le ${p.title}`), form);
    }

    function actionForm(p) {
      const id = (n) => `retex-${p.phase}-action-${n}`;
      const title = h('input', { id: id('title'), required: true, maxlength: '300' });
      const owner = h('input', { id: id('owner'), required: true, maxlength: '120' });
      const due = h('input', { type: 'date', id: id('due'), required: true });
      const initial = h(
        'select',
        { id: id('status') },
        ['open', 'in_progress'].map((s) => h('option', { value: s }, STATUS_LABELS[s])),
      );
      const err = h('p', { class: 'error', role: 'alert' });
      const submit = h('button', { type: 'submit', class: 'primary' }, 'Ajouter l’action');
      const form = h(
        'form',
        { novalidate: true, 'data-action': `action-${p.phase}` },
        field('Action', title, 'Ce qui doit être fait.'),
        field('Pilote', owner, 'Qui la porte (nom, service).'),
        field('Échéance', due),
        field('Statut', initial),
        err,
        submit,
      );
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        err.textContent = '';
        if (title.value.trim().length < 3) return fail(err, title, 'Décrivez l’action (au moins 3 caractères).');
        if (!owner.value.trim()) return fail(err, owner, 'Indiquez qui pilote l’action.');
        if (!due.value) return fail(err, due, 'Indiquez l’échéance.');
        submit.disabled = true;
        try {
          await api('POST', `/api/events/${eventId}/debriefs/${p.phase}/actions`, { title: title.value.trim(), owner: owner.value.trim(), dueDate: due.value, status: initial.value });
          announce('Action ajoutée au plan.');
          form.closest('details').open = false;
          formsShape = null;
          await reload();
        } catch (ex) {
          err.textContent = ex.message;
          submit.disabled = false;
        }
      });
      return h('details', { class: 'action', 'data-form': `action-${p.phase}` }, h('summary', {}, `Ajouter une action au plan du ${p.title}`), form);
    }

    let timer = null;
    return {
      onLive(type, payload) {
        if (type !== 'event.changed' && !(type === 'timeline.appended' && payload?.data?.debrief)) return;
        clearTimeout(timer);
        timer = setTimeout(reload, 100);
      },
      reload,
    };
  },
};
