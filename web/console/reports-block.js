// "Rapports et preuves": plain download links. The console's session cookie
// goes with each request, so the browser downloads the files itself.
import { can } from './access.js';
import { h } from './dom.js';

const LINKS = [
  { key: 'report-pdf', path: 'report.pdf', label: 'Rapport (PDF)', hint: 'rapport après action, A4' },
  { key: 'report-md', path: 'report.md', label: 'Rapport (Markdown)', hint: 'le même rapport, en texte' },
  { key: 'timeline-csv', path: 'timeline.csv', label: 'Chronologie (CSV)', hint: 'pour un tableur' },
  { key: 'proof', path: 'proof', label: 'Preuve (JSON)', hint: 'vérifiable hors ligne avec npm run audit:verify', permission: 'proof.export' },
];

/** Only the links the user may follow: the server refuses the proof to communication staff. */
export function reportsBlock(eventId, ctx) {
  const id = encodeURIComponent(eventId);
  return h(
    'section',
    { id: 'panel-reports', class: 'panel', 'aria-labelledby': 'title-reports', 'data-panel': 'reports' },
    h('h2', { id: 'title-reports' }, 'Rapports et preuves'),
    h('p', { class: 'hint' }, 'Produits à partir du journal au moment du téléchargement.'),
    h(
      'ul',
      { class: 'report-links' },
      LINKS.filter((l) => !l.permission || can(ctx, l.permission)).map((l) =>
        h('li', {}, h('a', { href: `/api/events/${id}/${l.path}`, download: '', 'data-report': l.key }, l.label), h('span', { class: 'hint' }, ` — ${l.hint}`)),
      ),
    ),
  );
}
