import { chainOf, EVENT, OTHER, scenarioDrafts } from '../../../test/proof/scenario';
import { CommitmentFacts } from '../events/commitment-clocks';
import { belongsToEvent, deriveCommitmentFacts } from './commitment-facts';

type Drafts = ReturnType<typeof scenarioDrafts>;
const d = (iso: string) => new Date(iso);

/** The scenario's drafts with the payload of the first `action` entry of EVENT changed. */
function editing(action: string, change: (p: Record<string, unknown>) => void, nth = 0): Drafts {
  const drafts = scenarioDrafts();
  const target = drafts.filter((x) => x.action === action && x.subjectId === EVENT)[nth];
  change(target.payload as Record<string, unknown>);
  return drafts;
}
const derive = (drafts: Drafts) =>
  deriveCommitmentFacts(
    EVENT,
    chainOf(drafts).filter((e) => belongsToEvent(e, EVENT)),
  );

const SCENARIO_FACTS: CommitmentFacts = {
  codDecidedAt: d('2026-12-03T01:10:00.000Z'),
  cellCalledAt: d('2026-12-03T01:14:00.000Z'),
  cellOperationalAt: d('2026-12-03T01:56:00.000Z'),
  cipOrderedAt: d('2026-12-03T01:30:00.000Z'),
  cipOpenedAt: d('2026-12-03T01:50:00.000Z'),
  firstAccepted: {
    elected: { at: d('2026-12-03T01:27:30.000Z'), manual: false },
    public: null,
    media: { at: d('2026-12-03T02:30:00.000Z'), manual: true },
  },
};

describe('deriveCommitmentFacts: the clocks’ facts read back from the audit entries alone', () => {
  it('reads every fact of the scenario from the entries of the event, not of the other event, and names its sources', () => {
    const r = derive(scenarioDrafts());
    expect(r.facts).toEqual(SCENARIO_FACTS);
    expect(r.unknown).toEqual({});
    expect(r.sources).toEqual({ C1: [5, 14], 'C2-elected': [7, 10], 'C2-public': [7], 'C2-media': [7, 15], C4: [11, 13] });
    expect(r.means).toEqual({ elected: 'email', media: 'téléphone' });
  });

  it('gives nothing but empty facts for an event that only has its creation', () => {
    const r = derive(scenarioDrafts().filter((x) => x.action === 'event.created'));
    expect(r.facts).toEqual({ codDecidedAt: null, cellCalledAt: null, cellOperationalAt: null, cipOrderedAt: null, cipOpenedAt: null, firstAccepted: { elected: null, public: null, media: null } });
    expect(r.unknown).toEqual({});
  });

  it.each<[string, () => Drafts, Partial<CommitmentFacts>, Record<string, RegExp>]>([
    [
      'the earliest fact of an audience wins, wherever it is in the log',
      () => {
        const x = scenarioDrafts();
        x.push({ ...x[9], payload: { ...(x[9].payload as object), occurredAt: '2026-12-03T01:20:00.000Z', means: 'sms' } });
        return x;
      },
      { firstAccepted: { ...SCENARIO_FACTS.firstAccepted, elected: { at: d('2026-12-03T01:20:00.000Z'), manual: false } } },
      {},
    ],
    [
      'on a tie the channel’s acceptance wins over a manual fact',
      () => {
        const x = scenarioDrafts();
        x.splice(9, 0, { ...x[9], payload: { ...(x[9].payload as object), manual: true, means: 'téléphone' } });
        return x;
      },
      {},
      {},
    ],
    [
      'calling the cell again does not move the start of C1',
      () => {
        const x = scenarioDrafts();
        x.push({ ...x[4], payload: { ...(x[4].payload as object), calledAt: '2026-12-03T02:00:00.000Z', c1Started: false } });
        return x;
      },
      {},
      {},
    ],
    [
      'a COD activation without its decision time: the three C2 clocks cannot be recomputed',
      () => editing('event.cod_activated', (p) => delete p.decidedAt),
      { codDecidedAt: null },
      { 'C2-elected': /entry 7 \(event\.cod_activated\) has no readable decidedAt/, 'C2-public': /entry 7/, 'C2-media': /entry 7/ },
    ],
    [
      'a fact without its time: only that audience cannot be recomputed',
      () => editing('event.fact_recorded', (p) => delete p.occurredAt),
      { firstAccepted: { ...SCENARIO_FACTS.firstAccepted, elected: null } },
      { 'C2-elected': /entry 10 \(event\.fact_recorded\) has no readable occurredAt/ },
    ],
    [
      'a fact that does not say whether it was manual',
      () => editing('event.fact_recorded', (p) => delete p.manual, 1),
      { firstAccepted: { ...SCENARIO_FACTS.firstAccepted, media: null } },
      { 'C2-media': /entry 15 .* does not say whether the fact was manual/ },
    ],
    [
      'a first cell call that says it did not start C1',
      () => editing('cell.called', (p) => (p.c1Started = false)),
      {},
      { C1: /entry 5 \(cell\.called\) is the first call but says it did not start C1/ },
    ],
    ['a cell call without its time', () => editing('cell.called', (p) => (p.calledAt = 'à 2 h 14')), { cellCalledAt: null }, { C1: /entry 5 \(cell\.called\) has no readable calledAt/ }],
    [
      'two CIP openings, which cannot happen: C4 cannot be recomputed',
      () => {
        const x = scenarioDrafts();
        x.push(x[12]);
        return x;
      },
      { cipOpenedAt: null },
      { C4: /entries 13 and 17 all record event\.cip_opened/ },
    ],
    [
      'an entry that merely mentions the event in its payload does not decide its clocks',
      () => {
        const x = scenarioDrafts();
        x[6] = { ...x[6], subjectType: 'message', subjectId: 'x', payload: { ...(x[6].payload as object), eventId: EVENT } };
        return x;
      },
      { codDecidedAt: null },
      {},
    ],
  ])('%s', (_name, drafts, changed, unknown) => {
    const r = derive(drafts());
    expect(r.facts).toEqual({ ...SCENARIO_FACTS, ...changed });
    expect(Object.keys(r.unknown).sort()).toEqual(Object.keys(unknown).sort());
    for (const [k, re] of Object.entries(unknown)) expect(r.unknown[k as keyof typeof r.unknown]).toMatch(re);
  });

  it.each([
    [{ subjectType: 'event', subjectId: EVENT, payload: {} }, true],
    [{ subjectType: 'cell_page', subjectId: 'p1', payload: { eventId: EVENT } }, true],
    [{ subjectType: 'event', subjectId: OTHER, payload: {} }, false],
    [{ subjectType: 'message', subjectId: EVENT, payload: null }, false],
  ])('belongsToEvent(%j) is %s', (e, expected) => {
    expect(belongsToEvent(e, EVENT)).toBe(expected);
  });
});
