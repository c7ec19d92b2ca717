import { createHash } from 'node:crypto';
import { EXERCISE_MARKING } from '../../domain/messages/exercise-marking';
import { PublicBulletin, publishedAtFr } from '../../domain/public-page/public-bulletin';
import type { EventBulletins } from './public-bulletins.service';
import { escapeHtml } from '../../domain/html';
import { CARD_FORMATS, cardAltText, cardPath } from '../../domain/cards/bulletin-card';
import { paragraphsHtml } from '../../domain/messages/template-helpers';

/**
 * The public information pages: server-rendered French HTML, readable without
 * JavaScript on an old phone over a saturated network, with nothing fetched
 * from elsewhere. Every value is escaped; the bulletins are shown from the
 * facts and instructions of the approved message.
 */

// Colours checked for WCAG AA contrast on white; system fonts only.
const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;font-size:18px;line-height:1.5;color:#161616;background:#fff}
.skip{position:absolute;left:-9999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem}
header{background:#000091;color:#fff;padding:.6rem 1rem}header p{margin:0;font-weight:700}header a{color:#fff}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.7rem;line-height:1.25;margin:.6rem 0}h2{font-size:1.3rem;margin:1.4rem 0 .4rem}h3{font-size:1.1rem;margin:1rem 0 .3rem}
a{color:#000091}:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}
.exercise{margin:0;padding:.7rem 1rem;background:#6a1b9a;color:#fff;font-weight:700;text-align:center;letter-spacing:.04em}
.meta,.published,.marker{color:#4a4a4a}.marker{font-family:monospace;font-size:.9rem}
.latest{border:2px solid #000091;border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}
.closed{border:2px solid #4a4a4a;background:#f2f2f2;border-radius:6px;padding:0 1rem .5rem;margin:1rem 0}
.nnip{border:2px solid #0b5a24;background:#e6f4ea;border-radius:6px;padding:0 1rem .6rem;margin:1rem 0}.nnip .number{font-size:1.5rem;font-weight:700}
.next{font-weight:700}
.card{margin:.6rem 0}.card img{display:block;width:100%;height:auto;border:1px solid #c8c8c8}
ol.previous{list-style:none;padding:0}ol.previous>li{border-top:1px solid #c8c8c8;padding:.4rem 0}
ul.events{padding-left:1.2rem}ul.events li{margin:.5rem 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:4px;background:#6a1b9a;color:#fff;font-size:.85rem;font-weight:700;text-transform:uppercase}
footer{max-width:46rem;margin:2rem auto 1rem;padding:0 1rem;color:#4a4a4a;font-size:.95rem}
`.trim();

/** The pages allow this one style sheet and nothing else: no script, no frame, no form, nothing from another site. */
export const PUBLIC_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

interface Layout {
  title: string;
  publisher: string;
  exercise?: boolean;
  feeds?: { atom: string; cap: string };
  body: string;
}

function layout(l: Layout): string {
  const feeds = l.feeds
    ? `\n<link rel="alternate" type="application/atom+xml" title="Bulletins (Atom)" href="${escapeHtml(l.feeds.atom)}">\n<link rel="alternate" type="application/cap+xml" title="Alerte CAP" href="${escapeHtml(l.feeds.cap)}">`
    : '';
  const banner = l.exercise ? `<p class="exercise" role="note">${EXERCISE_MARKING}<br>Ceci est un exercice : aucun danger réel.</p>\n` : '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l.title)}</title>${feeds}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><p><a href="/public/events">${escapeHtml(l.publisher)} — Information du public</a></p></header>
${banner}<main id="contenu">
${l.body}
</main>
</body>
</html>
`;
}

export function eventPage(data: EventBulletins, publisher: string, urls: { atom: string; cap: string }): string {
  const { event, bulletins } = data;
  const exercise = event.mode === 'exercise';
  const [latest, ...previous] = bulletins;
  const communes = event.communes.map((c) => c.name).join(', ');
  const parts: string[] = [
    `<h1>${exercise ? '<span class="badge">Exercice</span> ' : ''}${escapeHtml(event.title)}</h1>`,
    `<p class="meta">${escapeHtml(event.kindLabel)} · Communes concernées : ${escapeHtml(communes)}</p>`,
  ];
  if (event.closed) {
    parts.push(
      `<section id="fin" class="closed" aria-labelledby="fin-titre"><h2 id="fin-titre">Événement terminé</h2><p>Cet événement est clos${event.closedAt ? ` depuis le ${escapeHtml(publishedAtFr(event.closedAt))} (heure de Paris)` : ''}. Les informations ci-dessous sont conservées pour mémoire : elles ne sont plus tenues à jour.</p></section>`,
    );
  }
  if (event.nnip) {
    parts.push(
      `<section class="nnip" aria-labelledby="nnip-titre"><h2 id="nnip-titre">Numéro national d'information du public</h2><p>Une cellule d'information du public répond à vos questions :</p><p class="number">${escapeHtml(event.nnip)}</p></section>`,
    );
  }
  if (latest) {
    // The card the networks show, with the same alt text (only the latest one: an old phone on a saturated network loads one image).
    const alt = cardAltText({ prefecture: publisher, kindLabel: event.kindLabel, headline: event.title, exercise });
    parts.push(bulletinArticle(latest, { latest: true, closed: event.closed, card: { alt } }));
  } else {
    parts.push(`<p class="latest-none">Aucune information n'a encore été publiée pour cet événement. Cette page sera mise à jour dès le premier point de situation.</p>`);
  }
  if (previous.length) {
    parts.push(
      `<section aria-labelledby="precedents"><h2 id="precedents">Bulletins précédents</h2><ol class="previous">${previous.map((b) => `<li>${bulletinArticle(b, { latest: false, closed: event.closed })}</li>`).join('\n')}</ol></section>`,
    );
  }
  parts.push(
    `<footer><p>Suivre ces informations : <a href="${escapeHtml(urls.atom)}">flux Atom</a> · <a href="${escapeHtml(urls.cap)}">alerte CAP</a>. Heures données en heure de Paris.</p><p><a href="/public/events">Tous les événements en cours</a></p></footer>`,
  );
  return layout({
    title: `${exercise ? 'EXERCICE – ' : ''}${event.title} — Information du public — ${publisher}`,
    publisher,
    exercise,
    feeds: urls,
    body: parts.join('\n'),
  });
}

function bulletinArticle(b: PublicBulletin, o: { latest: boolean; closed: boolean; card?: { alt: string } }): string {
  const h = o.latest ? 'h2' : 'h3';
  const sub = o.latest ? 'h3' : 'h4';
  const heading = o.latest ? 'Dernier point de situation' : `Point de situation du ${escapeHtml(publishedAtFr(b.publishedAt))}`;
  const next = o.latest && !o.closed && b.nextUpdate ? `<p class="next">Prochain point de situation : ${escapeHtml(b.nextUpdate)} (heure de Paris).</p>` : '';
  const { width, height } = CARD_FORMATS.landscape;
  const card = o.card ? `<figure class="card"><img src="${escapeHtml(cardPath(b.messageId, 'landscape'))}" alt="${escapeHtml(o.card.alt)}" width="${width}" height="${height}"></figure>\n` : '';
  // The id is the public page delivery's: the proof of publication points here.
  return `<article id="${escapeHtml(b.deliveryId)}" class="${o.latest ? 'latest' : 'bulletin'}" data-marker="${escapeHtml(b.marker)}">
<${h}>${heading}</${h}>
<p class="published">Publié le ${escapeHtml(publishedAtFr(b.publishedAt))} (heure de Paris)</p>
${card}<${sub}>Situation</${sub}>
${paragraphsHtml(b.facts)}
<${sub}>Consignes</${sub}>
${paragraphsHtml(b.instructions)}
${next}<p class="marker">Référence : ${escapeHtml(b.marker)}</p>
</article>`;
}

export function eventsPage(events: EventBulletins[], publisher: string): string {
  const items = events.map(({ event, bulletins }) => {
    const last = bulletins[0];
    return `<li><a href="/public/events/${escapeHtml(event.id)}">${escapeHtml(event.title)}</a>${event.mode === 'exercise' ? ' <span class="badge">Exercice</span>' : ''}<br><span class="meta">${escapeHtml(event.kindLabel)} · ${escapeHtml(event.communes.map((c) => c.name).join(', '))}${last ? ` · dernier point le ${escapeHtml(publishedAtFr(last.publishedAt))}` : ' · pas encore de bulletin'}</span></li>`;
  });
  const body = [
    '<h1>Événements en cours</h1>',
    items.length ? `<ul class="events">${items.join('\n')}</ul>` : "<p>Aucun événement en cours : aucune alerte n'est active.</p>",
    '<footer><p>Suivre les bulletins de tous les événements : <a href="/public/feed.atom">flux Atom</a> · <a href="/public/cap.xml">index des alertes CAP</a>.</p></footer>',
  ].join('\n');
  return layout({ title: `Événements en cours — Information du public — ${publisher}`, publisher, body, feeds: { atom: '/public/feed.atom', cap: '/public/cap.xml' } });
}

export function notFoundPage(publisher: string, what: 'event' | 'alert'): string {
  const body =
    what === 'event'
      ? '<h1>Événement introuvable</h1>\n<p>Aucun événement ne correspond à cette adresse. Le lien est peut-être incomplet : vérifiez-le, ou consultez la liste des événements en cours.</p>\n<p><a href="/public/events">Voir les événements en cours</a></p>'
      : "<h1>Pas encore d'alerte</h1>\n<p>Aucun bulletin n'a encore été publié pour cet événement : il n'y a pas d'alerte CAP à lire. Le flux Atom et la page de l'événement diront quand il y en aura une.</p>\n<p><a href=\"/public/events\">Voir les événements en cours</a></p>";
  return layout({ title: `${what === 'event' ? 'Événement introuvable' : "Pas encore d'alerte"} — ${publisher}`, publisher, body });
}
