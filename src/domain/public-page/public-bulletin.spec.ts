import { absoluteNextUpdate, bulletinIdentifier, publishedAtFr } from './public-bulletin';
import { marianneBlockHtml, prefectTitle, prefectureName } from './prefecture-name';

describe('public bulletin texts', () => {
  const drafted = new Date('2026-11-28T14:05:00Z'); // 15:05 in Paris
  it.each([
    ["aujourd'hui à 16h30", '2026-11-28T15:00:00Z', "aujourd'hui à 16h30"],
    ["aujourd'hui à 16h30", '2026-11-29T08:00:00Z', 'le 28/11 à 16h30'],
    ['le 30/11 à 09h00', '2026-11-29T08:00:00Z', 'le 30/11 à 09h00'],
    ['', '2026-11-28T15:00:00Z', null],
    [undefined, '2026-11-28T15:00:00Z', null],
  ])('next update %p read at %s → %p', (text, now, expected) => {
    expect(absoluteNextUpdate(text, drafted, new Date(now))).toBe(expected);
  });

  it('says "today" relative to Paris, not UTC: a bulletin drafted at 23:30 Paris is read the next Paris day', () => {
    // 22:30 UTC is 23:30 in Paris; 23:30 UTC is already the next day in Paris.
    expect(absoluteNextUpdate("aujourd'hui à 23h45", new Date('2026-11-28T22:30:00Z'), new Date('2026-11-28T23:30:00Z'))).toBe('le 28/11 à 23h45');
  });

  it.each([
    ['[PREF88-B3-1403]', 'PREF88-B3-1403'],
    ['[PREF2A-B12-0215]', 'PREF2A-B12-0215'],
    ['odd, <marker> & co', 'odd---marker----co'],
  ])('identifier of %s is %s', (marker, id) => {
    expect(bulletinIdentifier(marker)).toBe(id);
  });

  it.each([
    ['2026-11-28T14:05:00Z', '28/11/2026 à 15h05'],
    ['2026-07-01T22:30:00Z', '02/07/2026 à 00h30'],
  ])('published at %s → %s', (at, text) => {
    expect(publishedAtFr(new Date(at))).toBe(text);
  });

  it.each([
    [{ nom: 'Vosges', typeLiaison: 4 }, '88', 'Préfecture des Vosges'],
    [{ nom: 'Corse-du-Sud', typeLiaison: 3 }, '2A', 'Préfecture de la Corse-du-Sud'],
    [{ nom: 'Ain', typeLiaison: 5 }, '01', "Préfecture de l'Ain"],
    [{ nom: 'Calvados', typeLiaison: 2 }, '14', 'Préfecture du Calvados'],
    [{ nom: 'Paris', typeLiaison: 0 }, '75', 'Préfecture de Paris'],
    [{ nom: 'Eure', typeLiaison: 1 }, '27', "Préfecture d'Eure"],
    [null, '99', 'Préfecture (département 99)'],
  ])('prefecture of %p (%s) is %s', (dept, code, name) => {
    expect(prefectureName(dept, code)).toBe(name);
  });

  it.each([
    [{ nom: 'Vosges', typeLiaison: 4 }, '88', 'Préfet des Vosges'],
    [{ nom: 'Corse-du-Sud', typeLiaison: 3 }, '2A', 'Préfet de la Corse-du-Sud'],
    [{ nom: 'Ain', typeLiaison: 5 }, '01', "Préfet de l'Ain"],
    [{ nom: 'Calvados', typeLiaison: 2 }, '14', 'Préfet du Calvados'],
    [null, '99', 'Préfet (département 99)'],
  ])('the Marianne block of %p (%s) reads %s', (dept, code, title) => {
    expect(prefectTitle(dept, code)).toBe(title);
  });

  it.each([
    ['Préfet des Vosges', 'Préfet<br>des Vosges'],
    ["Préfet de l'Ain", 'Préfet<br>de l&#39;Ain'],
    ['Préfet (département 99)', 'Préfet<br>(département 99)'],
  ])('the Marianne block %s is drawn on two lines as %s', (title, html) => {
    expect(marianneBlockHtml(title)).toBe(html);
  });
});
