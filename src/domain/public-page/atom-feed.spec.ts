import { atomFeed, bulletinEntries } from './atom-feed';
import type { PublicBulletin, PublicEvent } from './public-bulletin';

const pageUrl = 'https://crise.example.org/public/events/e1';
const ev = (over: Partial<PublicEvent> = {}): PublicEvent => ({
  id: 'e1',
  title: 'Feu de la Vologne',
  kind: 'forest_fire',
  kindLabel: 'Feu de forêt',
  mode: 'real',
  communes: [{ code: '88160', name: 'Épinal' }],
  closed: false,
  closedAt: null,
  createdAt: new Date('2026-08-01T08:00:00Z'),
  nnip: null,
  ...over,
});
const b = (n: number, at: string): PublicBulletin => ({
  messageId: `m${n}`,
  deliveryId: `d${n}`,
  marker: `[PREF88-B${n}-1000]`,
  title: `Feu de forêt – Feu de la Vologne`,
  text: `Texte & <détails> ${n}`,
  facts: `Faits ${n}`,
  instructions: 'Évitez le secteur',
  nextUpdate: null,
  nnip: null,
  publishedAt: new Date(at),
  exercise: false,
});
const ctx = { selfUrl: `${pageUrl}/feed.atom`, pageUrl, id: 'urn:uuid:e1', title: 'Information du public', author: 'Préfecture des Vosges', fallbackUpdated: new Date('2026-08-01T08:00:00Z') };

describe('Atom feeds', () => {
  it('lists bulletins newest first with stable ids, anchored links and escaped text', () => {
    const xml = atomFeed(ctx, bulletinEntries(ev(), [b(2, '2026-08-01T10:00:00Z'), b(1, '2026-08-01T09:00:00Z')], pageUrl));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="fr-FR">/);
    expect([...xml.matchAll(/<entry>\n<id>([^<]+)<\/id>/g)].map((m) => m[1])).toEqual(['urn:uuid:m2', 'urn:uuid:m1']);
    expect(xml).toContain('<updated>2026-08-01T10:00:00Z</updated>');
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${pageUrl}#d2"/>`);
    expect(xml).toContain('<content type="text">Texte &amp; &lt;détails&gt; 2</content>');
    expect(xml).toContain('<category term="Feu de forêt"/>');
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${pageUrl}/feed.atom"/>`);
  });

  it.each([
    ['no bulletin yet', ev(), [], 0, '2026-08-01T08:00:00Z'],
    ['closed after two bulletins', ev({ closed: true, closedAt: new Date('2026-08-02T07:00:00Z') }), [b(2, '2026-08-01T10:00:00Z'), b(1, '2026-08-01T09:00:00Z')], 3, '2026-08-02T07:00:00Z'],
    ['closed without bulletin', ev({ closed: true, closedAt: new Date('2026-08-02T07:00:00Z') }), [], 1, '2026-08-02T07:00:00Z'],
  ])('%s: %i entries, updated %s', (_name, event, bulletins, count, updated) => {
    const xml = atomFeed(ctx, bulletinEntries(event, bulletins, pageUrl));
    expect(xml.match(/<entry>/g)?.length ?? 0).toBe(count);
    expect(xml).toContain(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-FR">\n<id>urn:uuid:e1</id>\n<title>Information du public</title>\n<updated>${updated}</updated>`);
  });

  it('says the end of a closed event in its own entry, marked in an exercise', () => {
    const xml = atomFeed(ctx, bulletinEntries(ev({ mode: 'exercise', closed: true, closedAt: new Date('2026-08-02T07:00:00Z') }), [b(1, '2026-08-01T09:00:00Z')], pageUrl));
    expect(xml).toContain('<title>EXERCICE – EXERCICE – EXERCICE | Fin de l&apos;événement : Feu de la Vologne</title>');
    expect(xml).toContain('<id>urn:uuid:m1#fin</id>');
  });
});
