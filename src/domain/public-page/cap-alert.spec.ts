import { EXERCISE_MARKING } from '../messages/exercise-marking';
import { CAP_NAMESPACE, capAlerts, capCategories, currentCapAlert } from './cap-alert';
import type { PublicBulletin, PublicEvent } from './public-bulletin';

const ctx = { sender: 'crise.vosges.example.org', senderName: 'Préfecture des Vosges', pageUrl: 'https://crise.vosges.example.org/public/events/e1' };

function event(over: Partial<PublicEvent> = {}): PublicEvent {
  return {
    id: '7b0c6a51-7f43-4a3c-9f3e-2d2f5b1f0a11',
    title: 'Crue de la Moselle',
    kind: 'flood',
    kindLabel: 'Inondation',
    mode: 'real',
    communes: [
      { code: '88160', name: 'Épinal' },
      { code: '88196', name: 'Golbey' },
    ],
    closed: false,
    closedAt: null,
    createdAt: new Date('2026-11-28T13:00:00Z'),
    nnip: null,
    ...over,
  };
}

function bulletin(n: number, at: string, over: Partial<PublicBulletin> = {}): PublicBulletin {
  return {
    messageId: `00000000-0000-4000-8000-00000000000${n}`,
    deliveryId: `10000000-0000-4000-8000-00000000000${n}`,
    marker: `[PREF88-B${n}-1500]`,
    title: `Inondation – Crue de la Moselle (${n})`,
    text: `texte ${n}`,
    facts: `Faits du bulletin ${n}.`,
    instructions: `Consignes ${n}.`,
    nextUpdate: "aujourd'hui à 18h00",
    nnip: null,
    publishedAt: new Date(at),
    exercise: false,
    ...over,
  };
}

/** The text of the first `<name>` element, or null. */
const tag = (xml: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? null;
const tags = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]);

describe('CAP 1.2 alerts', () => {
  it.each([
    ['forest_fire', ['Fire']],
    ['flood', ['Met']],
    ['storm', ['Met']],
    ['heat_wave', ['Met']],
    ['snow_ice', ['Met']],
    ['industrial_accident', ['Env', 'Safety']],
    ['pollution', ['Env']],
    ['public_health', ['Health']],
    ['security', ['Security']],
    ['network_outage', ['Infra']],
    ['other', ['Other']],
    ['something_new', ['Other']],
  ])('category of %s is %p', (kind, categories) => {
    expect(capCategories(kind)).toEqual(categories);
  });

  it('has no alert before the first bulletin, even once the event is closed', () => {
    expect(capAlerts(event(), [], ctx)).toEqual([]);
    expect(currentCapAlert(event({ closed: true, closedAt: new Date('2026-11-28T20:00:00Z') }), [], ctx)).toBeNull();
  });

  it('makes the first bulletin an Alert, each later one an Update referencing the one before, and a closed event a Cancel of the last', () => {
    const b1 = bulletin(1, '2026-11-28T14:00:00Z');
    const b2 = bulletin(2, '2026-11-28T16:00:00Z');
    const b3 = bulletin(3, '2026-11-28T18:00:00Z');
    const closed = event({ closed: true, closedAt: new Date('2026-11-28T21:30:00Z') });
    const alerts = capAlerts(closed, [b3, b2, b1], ctx);
    expect(alerts.map((a) => [a.msgType, a.identifier, a.sent, a.references])).toEqual([
      ['Alert', 'PREF88-B1-1500', '2026-11-28T15:00:00+01:00', null],
      ['Update', 'PREF88-B2-1500', '2026-11-28T17:00:00+01:00', 'crise.vosges.example.org,PREF88-B1-1500,2026-11-28T15:00:00+01:00'],
      ['Update', 'PREF88-B3-1500', '2026-11-28T19:00:00+01:00', 'crise.vosges.example.org,PREF88-B2-1500,2026-11-28T17:00:00+01:00'],
      ['Cancel', 'PREF88-B3-1500-FIN', '2026-11-28T22:30:00+01:00', 'crise.vosges.example.org,PREF88-B3-1500,2026-11-28T19:00:00+01:00'],
    ]);
    expect(currentCapAlert(closed, [b3, b2, b1], ctx)!.msgType).toBe('Cancel');
    expect(currentCapAlert(event(), [b3, b2, b1], ctx)!.identifier).toBe('PREF88-B3-1500');
    const cancel = alerts[3].xml;
    expect(tag(cancel, 'urgency')).toBe('Past');
    expect(tag(cancel, 'instruction')).toBeNull();
  });

  it('writes every required element, in CAP’s order, with the bulletin’s facts, instructions, page and communes', () => {
    const xml = currentCapAlert(event({ nnip: '0 800 130 000' }), [bulletin(1, '2026-07-14T10:00:00Z')], ctx)!.xml;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')).toBe(true);
    expect(CAP_NAMESPACE).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    const order = [
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'scope',
      'incidents',
      'info',
      'language',
      'category',
      'event',
      'urgency',
      'severity',
      'certainty',
      'senderName',
      'headline',
      'description',
      'instruction',
      'web',
      'contact',
      'area',
      'areaDesc',
      'geocode',
    ];
    const positions = order.map((n) => xml.indexOf(`<${n}>`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(tag(xml, 'sent')).toBe('2026-07-14T12:00:00+02:00');
    expect(tag(xml, 'status')).toBe('Actual');
    expect(tag(xml, 'msgType')).toBe('Alert');
    expect(tag(xml, 'scope')).toBe('Public');
    expect(tag(xml, 'language')).toBe('fr-FR');
    expect(tag(xml, 'event')).toBe('Inondation');
    expect([tag(xml, 'urgency'), tag(xml, 'severity'), tag(xml, 'certainty')]).toEqual(['Immediate', 'Severe', 'Observed']);
    expect(tag(xml, 'description')).toBe('Faits du bulletin 1.');
    expect(tag(xml, 'instruction')).toBe('Consignes 1.');
    expect(tag(xml, 'web')).toBe(ctx.pageUrl);
    expect(tag(xml, 'contact')).toBe('0 800 130 000');
    expect(tag(xml, 'areaDesc')).toBe('Épinal, Golbey');
    expect(tags(xml, 'geocode')).toEqual(['<valueName>INSEE</valueName><value>88160</value>', '<valueName>INSEE</valueName><value>88196</value>']);
    expect(tag(xml, 'references')).toBeNull();
    expect(tag(xml, 'note')).toBeNull();
  });

  it('prefers the number printed in the bulletin, and leaves contact out when the CIP is not open', () => {
    expect(tag(currentCapAlert(event({ nnip: '0 800 130 000' }), [bulletin(1, '2026-07-14T10:00:00Z', { nnip: '0 800 200 200' })], ctx)!.xml, 'contact')).toBe('0 800 200 200');
    expect(tag(currentCapAlert(event(), [bulletin(1, '2026-07-14T10:00:00Z')], ctx)!.xml, 'contact')).toBeNull();
  });

  it('marks an exercise: status Exercise and a note', () => {
    const xml = currentCapAlert(event({ mode: 'exercise' }), [bulletin(1, '2026-07-14T10:00:00Z', { exercise: true })], ctx)!.xml;
    expect(tag(xml, 'status')).toBe('Exercise');
    expect(tag(xml, 'note')).toContain(EXERCISE_MARKING);
  });

  it('escapes markup and drops characters XML forbids in what people typed', () => {
    const xml = currentCapAlert(
      event({ title: 'Usine <A> & fils', communes: [{ code: '88160', name: 'Épinal' }] }),
      [bulletin(1, '2026-07-14T10:00:00Z', { facts: 'Fumée <noire> & "toxique"\u000B ici', title: "L'usine <A>" })],
      ctx,
    )!.xml;
    expect(tag(xml, 'description')).toBe('Fumée &lt;noire&gt; &amp; &quot;toxique&quot; ici');
    expect(tag(xml, 'headline')).toBe('L&apos;usine &lt;A&gt;');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });
});
