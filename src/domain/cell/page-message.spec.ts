import { EXERCISE_MARKING } from '../messages/exercise-marking';
import { composePage, PageInput } from './page-message';

const base: PageInput = {
  memberName: 'Claire Dupont',
  role: 'chief',
  eventTitle: 'Feu de forêt — Vologne',
  eventKindLabel: 'Feu de forêt',
  exercise: false,
  pagedAt: new Date('2026-11-28T02:10:00Z'),
  round: 1,
  link: 'https://crise.vosges.gouv.fr/cell/ack/abc',
  linkExpiresAt: new Date('2026-11-28T04:10:00Z'),
};

describe('composePage', () => {
  it.each<[string, Partial<PageInput>, (m: ReturnType<typeof composePage>) => void]>([
    [
      'a first page: role, event, Paris time, link in every part',
      {},
      (m) => {
        expect(m.subject).toBe("Appel de la cellule de communication d'urgence : Feu de forêt — Vologne");
        expect(m.text).toContain('le 28/11/2026 03:10 (heure de Paris)');
        expect(m.text).toContain('comme chef de cellule');
        expect(m.text).toContain("valable jusqu'à 05:10");
        for (const part of [m.text, m.html, m.sms]) expect(part).toContain(base.link);
        expect(m.text).not.toContain(EXERCISE_MARKING);
      },
    ],
    [
      'an escalation says it is a backup call',
      { round: 2 },
      (m) => {
        expect(m.subject).toContain('(relance 1)');
        expect(m.text).toContain("en renfort : la personne d'astreinte n'a pas répondu");
      },
    ],
    [
      'an exercise is marked in every part',
      { exercise: true },
      (m) => {
        for (const part of [m.subject, m.text, m.html, m.sms]) expect(part).toContain(EXERCISE_MARKING);
        expect(m.subject).not.toContain('\n');
      },
    ],
    [
      'HTML is escaped',
      { eventTitle: '<script>x</script>' },
      (m) => {
        expect(m.html).not.toContain('<script>');
        expect(m.html).toContain('&lt;script&gt;');
      },
    ],
    ['an unknown role is shown in words', { role: 'liaison_mairie' }, (m) => expect(m.sms).toContain('Vous : liaison mairie')],
  ])('%s', (_why, change, check) => {
    check(composePage({ ...base, ...change }));
  });
});
