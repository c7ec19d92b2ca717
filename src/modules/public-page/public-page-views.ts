import { EXERCISE_MARKING } from '../../domain/messages/exercise-marking';
import { PublicBulletin, publishedAtFr } from '../../domain/public-page/public-bulletin';
import type { PrefectureIdentity } from '../../config/prefecture.config';
import type { EventBulletins } from './public-bulletins.service';
import { escapeHtml } from '../../domain/html';
import { CARD_FORMATS, cardAltText, cardPath } from '../../domain/cards/bulletin-card';
import { marianneBlockHtml } from '../../domain/public-page/prefecture-name';
import { paragraphsHtml } from '../../domain/messages/template-helpers';

/**
 * The public information pages: server-rendered French HTML in the state's
 * design system (DSFR, served by this app under /dsfr/), readable without
 * JavaScript on an old phone over a saturated network, with nothing fetched
 * from elsewhere. Every value is escaped; the bulletins are shown from the
 * facts and instructions of the approved message.
 */

/**
 * The pages load the design system's style sheets and fonts from this server and nothing else: no script, no inline
 * style, no frame, no form. `data:` images are the design system's own (the Marianne logo, the form controls).
 */
export const PUBLIC_PAGE_CSP = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Layout {
  title: string;
  prefecture: PrefectureIdentity;
  exercise?: boolean;
  feeds?: { atom: string; cap: string };
  body: string;
}

function layout(l: Layout): string {
  const feeds = l.feeds
    ? `\n<link rel="alternate" type="application/atom+xml" title="Bulletins (Atom)" href="${escapeHtml(l.feeds.atom)}">\n<link rel="alternate" type="application/cap+xml" title="Alerte CAP" href="${escapeHtml(l.feeds.cap)}">`
    : '';
  const banner = l.exercise
    ? `<div class="fr-notice fr-notice--alert"><div class="fr-container"><div class="fr-notice__body"><p class="exercise" role="note"><span class="fr-notice__title">${EXERCISE_MARKING}</span> <span class="fr-notice__desc">Ceci est un exercice : aucun danger réel.</span></p></div></div></div>\n`
    : '';
  const name = escapeHtml(l.prefecture.name);
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l.title)}</title>
<link rel="stylesheet" href="/dsfr/dsfr.min.css">
<link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css">
<link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/dsfr/favicon/apple-touch-icon.png">${feeds}
</head>
<body>
<div class="fr-skiplinks"><nav class="fr-container" aria-label="Accès rapide"><ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Aller au contenu</a></li><li><a class="fr-link" href="#pied">Aller au pied de page</a></li></ul></nav></div>
<header class="fr-header"><div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row"><div class="fr-header__brand fr-enlarge-link">
<div class="fr-header__brand-top"><div class="fr-header__logo"><p class="fr-logo">${marianneBlockHtml(l.prefecture.prefect)}</p></div></div>
<div class="fr-header__service"><a href="/public/events" title="Accueil — Information du public — ${name}"><p class="fr-header__service-title">Information du public</p></a><p class="fr-header__service-tagline">${name}</p></div>
</div></div></div></div></header>
${banner}<main id="contenu" class="fr-container fr-pt-4w fr-pb-6w"><div class="fr-grid-row"><div class="fr-col-12 fr-col-lg-9">
${l.body}
</div></div></main>
<footer class="fr-footer" id="pied"><div class="fr-container"><div class="fr-footer__body">
<div class="fr-footer__brand fr-enlarge-link"><a href="/public/events" title="Retour à l’accueil — ${name}"><p class="fr-logo">${marianneBlockHtml(l.prefecture.prefect)}</p></a></div>
<div class="fr-footer__content"><p class="fr-footer__content-desc">Information du public publiée par la ${name.replace(/^Préfecture/, 'préfecture')} pendant les événements majeurs. Heures données en heure de Paris.</p>
<ul class="fr-footer__content-list"><li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/public/events">Événements en cours</a></li>${l.feeds ? `<li class="fr-footer__content-item"><a class="fr-footer__content-link" href="${escapeHtml(l.feeds.atom)}">Flux Atom</a></li>` : ''}</ul></div>
</div></div></footer>
</body>
</html>
`;
}

const feedLinks = (urls: { atom: string; cap: string }, atomLabel: string, capLabel: string) =>
  `<ul class="fr-links-group fr-raw-list feeds"><li><a class="fr-link fr-icon-rss-line fr-link--icon-left" href="${escapeHtml(urls.atom)}">${atomLabel}</a></li><li><a class="fr-link fr-icon-alarm-warning-line fr-link--icon-left" href="${escapeHtml(urls.cap)}">${capLabel}</a></li></ul>`;

export function eventPage(data: EventBulletins, prefecture: PrefectureIdentity, urls: { atom: string; cap: string }): string {
  const { event, bulletins } = data;
  const exercise = event.mode === 'exercise';
  const [latest, ...previous] = bulletins;
  const communes = event.communes.map((c) => c.name).join(', ');
  const parts: string[] = [
    `<h1>${exercise ? '<span class="fr-badge fr-badge--purple-glycine badge">Exercice</span> ' : ''}${escapeHtml(event.title)}</h1>`,
    `<p class="meta fr-text--lead">${escapeHtml(event.kindLabel)} · Communes concernées : ${escapeHtml(communes)}</p>`,
  ];
  if (event.closed) {
    parts.push(
      `<section id="fin" class="closed fr-alert fr-alert--info fr-mb-4w" aria-labelledby="fin-titre"><h2 id="fin-titre" class="fr-alert__title">Événement terminé</h2><p>Cet événement est clos${event.closedAt ? ` depuis le ${escapeHtml(publishedAtFr(event.closedAt))} (heure de Paris)` : ''}. Les informations ci-dessous sont conservées pour mémoire : elles ne sont plus tenues à jour.</p></section>`,
    );
  }
  if (latest) {
    // The card the networks show, with the same alt text (only the latest one: an old phone on a saturated network loads one image).
    const alt = cardAltText({ prefecture: prefecture.name, kindLabel: event.kindLabel, headline: event.title, exercise });
    parts.push(bulletinArticle(latest, { latest: true, closed: event.closed, card: { alt } }));
  } else {
    parts.push(`<p class="latest-none fr-callout">Aucune information n'a encore été publiée pour cet événement. Cette page sera mise à jour dès le premier point de situation.</p>`);
  }
  // The national number comes right after the latest bulletin: on a phone, one tap calls it.
  if (event.nnip) {
    parts.push(
      `<section class="nnip fr-callout fr-callout--green-emeraude fr-icon-phone-line" aria-labelledby="nnip-titre"><h2 id="nnip-titre" class="fr-callout__title">Numéro national d'information du public</h2><p class="fr-callout__text">Une cellule d'information du public répond à vos questions :</p><p class="number fr-h3 fr-mb-0"><a href="tel:${escapeHtml(event.nnip.replace(/[^\d+]/g, ''))}">${escapeHtml(event.nnip)}</a></p></section>`,
    );
  }
  parts.push(
    `<section class="fr-mt-4w" aria-labelledby="suivre"><h2 id="suivre" class="fr-h4">Suivre ces informations</h2>${feedLinks(urls, 'Flux Atom des bulletins', 'Alerte CAP en cours')}</section>`,
  );
  if (previous.length) {
    parts.push(
      `<section class="fr-mt-4w" aria-labelledby="precedents"><h2 id="precedents">Bulletins précédents</h2><ol class="previous fr-raw-list">${previous.map((b) => `<li class="fr-py-2w">${bulletinArticle(b, { latest: false, closed: event.closed })}</li>`).join('\n')}</ol></section>`,
    );
  }
  parts.push(`<p class="fr-mt-4w"><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/public/events">Tous les événements en cours</a></p>`);
  return layout({
    title: `${exercise ? 'EXERCICE – ' : ''}${event.title} — Information du public — ${prefecture.name}`,
    prefecture,
    exercise,
    feeds: urls,
    body: parts.join('\n'),
  });
}

function bulletinArticle(b: PublicBulletin, o: { latest: boolean; closed: boolean; card?: { alt: string } }): string {
  const h = o.latest ? 'h2' : 'h3';
  const sub = o.latest ? 'h3' : 'h4';
  const heading = o.latest ? 'Dernier point de situation' : `Point de situation du ${escapeHtml(publishedAtFr(b.publishedAt))}`;
  const next = o.latest && !o.closed && b.nextUpdate ? `<p class="next fr-text--lg fr-text--bold fr-mb-2w">Prochain point de situation : ${escapeHtml(b.nextUpdate)} (heure de Paris).</p>` : '';
  const { width, height } = CARD_FORMATS.landscape;
  const card = o.card
    ? `<figure class="card fr-content-media fr-my-2w"><img class="fr-responsive-img" src="${escapeHtml(cardPath(b.messageId, 'landscape'))}" alt="${escapeHtml(o.card.alt)}" width="${width}" height="${height}"></figure>\n`
    : '';
  // The id is the public page delivery's: the proof of publication points here.
  const body = `<${h}${o.latest ? ' class="fr-callout__title"' : ''}>${heading}</${h}>
<p class="published fr-text--sm">Publié le ${escapeHtml(publishedAtFr(b.publishedAt))} (heure de Paris)</p>
${next}${card}<${sub} class="fr-h5 fr-mt-3w">Situation</${sub}>
${paragraphsHtml(b.facts)}
<${sub} class="fr-h5 fr-mt-3w">Consignes de sécurité</${sub}>
<div class="fr-highlight fr-ml-0">${paragraphsHtml(b.instructions)}</div>
<p class="marker fr-text--xs fr-mt-2w fr-mb-0">Référence : ${escapeHtml(b.marker)}</p>`;
  return `<article id="${escapeHtml(b.deliveryId)}" class="${o.latest ? 'latest' : 'bulletin'}" data-marker="${escapeHtml(b.marker)}">
${o.latest ? `<div class="fr-callout fr-callout--blue-ecume">\n${body}\n</div>` : body}
</article>`;
}

export function eventsPage(events: EventBulletins[], prefecture: PrefectureIdentity): string {
  const items = events.map(({ event, bulletins }) => {
    const last = bulletins[0];
    return `<li class="fr-mb-3w"><a class="fr-link fr-text--lg" href="/public/events/${escapeHtml(event.id)}">${escapeHtml(event.title)}</a>${event.mode === 'exercise' ? ' <span class="fr-badge fr-badge--purple-glycine badge">Exercice</span>' : ''}<br><span class="meta fr-text--sm">${escapeHtml(event.kindLabel)} · ${escapeHtml(event.communes.map((c) => c.name).join(', '))}${last ? ` · dernier point le ${escapeHtml(publishedAtFr(last.publishedAt))}` : ' · pas encore de bulletin'}</span></li>`;
  });
  const body = [
    '<h1>Événements en cours</h1>',
    items.length
      ? `<ul class="events fr-raw-list">${items.join('\n')}</ul>`
      : `<div class="fr-alert fr-alert--success fr-alert--sm"><p>Aucun événement en cours : aucune alerte n'est active.</p></div>`,
    `<section class="fr-mt-4w" aria-labelledby="suivre"><h2 id="suivre" class="fr-h4">Suivre les bulletins de tous les événements</h2>${feedLinks({ atom: '/public/feed.atom', cap: '/public/cap.xml' }, 'Flux Atom', 'Index des alertes CAP')}</section>`,
  ].join('\n');
  return layout({ title: `Événements en cours — Information du public — ${prefecture.name}`, prefecture, body, feeds: { atom: '/public/feed.atom', cap: '/public/cap.xml' } });
}

export function notFoundPage(prefecture: PrefectureIdentity, what: 'event' | 'alert'): string {
  const body =
    what === 'event'
      ? '<h1>Événement introuvable</h1>\n<p class="fr-text--lead">Aucun événement ne correspond à cette adresse. Le lien est peut-être incomplet : vérifiez-le, ou consultez la liste des événements en cours.</p>\n<p><a class="fr-btn" href="/public/events">Voir les événements en cours</a></p>'
      : '<h1>Pas encore d\'alerte</h1>\n<p class="fr-text--lead">Aucun bulletin n\'a encore été publié pour cet événement : il n\'y a pas d\'alerte CAP à lire. Le flux Atom et la page de l\'événement diront quand il y en aura une.</p>\n<p><a class="fr-btn" href="/public/events">Voir les événements en cours</a></p>';
  return layout({ title: `${what === 'event' ? 'Événement introuvable' : "Pas encore d'alerte"} — ${prefecture.name}`, prefecture, body });
}
