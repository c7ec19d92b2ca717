import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { LiveEvent, LiveEventsService } from '../../src/modules/live/live-events.service';
import { UnitOfWorkModule } from '../../src/modules/unit-of-work/unit-of-work.module';
import { UnitOfWork } from '../../src/modules/unit-of-work/unit-of-work.service';
import { MediumModule, startMedium } from '../support/medium';

const EVENT_ID = '00000000-0000-4000-8000-00000000c0de';

describe('UnitOfWork: a transaction, its audit entries and its after-commit hooks', () => {
  let app: MediumModule;
  let uow: UnitOfWork;
  let ds: DataSource;
  let seen: { event: LiveEvent; auditRowsVisible: number }[];
  let unsubscribe: () => void;

  const auditRowsFor = async (subjectId: string) => Number((await ds.query(`SELECT count(*) AS n FROM audit_log WHERE subject_id = $1`, [subjectId]))[0].n);

  beforeAll(async () => {
    app = await startMedium([UnitOfWorkModule]);
    uow = app.get(UnitOfWork);
    ds = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => app?.close());

  beforeEach(() => {
    seen = [];
    // What a browser would see at the moment of the publish: is the change already visible to another connection?
    unsubscribe = app.get(LiveEventsService).subscribe((event) => {
      void auditRowsFor(String(event.data.subject)).then((n) => seen.push({ event, auditRowsVisible: n }));
    });
  });
  afterEach(() => unsubscribe());

  it('publishes after COMMIT, when the audited change is visible to everyone', async () => {
    const subject = 'uow-commit';
    await uow.run(async (work) => {
      await work.audit({ actor: 'test', action: 'test.done', subjectType: 'test', subjectId: subject });
      work.publish({ eventId: EVENT_ID, type: 'timeline.appended', data: { subject } });
      // Nothing is published while the transaction is open.
      expect(seen).toHaveLength(0);
    });
    await waitFor(() => seen.length === 1);
    expect(seen[0].auditRowsVisible).toBe(1);
    expect(seen[0].event.type).toBe('timeline.appended');
  });

  it('a rolled-back change publishes nothing and leaves no audit entry', async () => {
    const subject = 'uow-rollback';
    const hook = jest.fn();
    await expect(
      uow.run(async (work) => {
        await work.audit({ actor: 'test', action: 'test.done', subjectType: 'test', subjectId: subject });
        work.publish({ eventId: EVENT_ID, type: 'timeline.appended', data: { subject } });
        work.afterCommit(hook);
        throw new Error('refused half-way');
      }),
    ).rejects.toThrow('refused half-way');
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(0);
    expect(hook).not.toHaveBeenCalled();
    expect(await auditRowsFor(subject)).toBe(0);
  });

  it('hooks run in order; one that fails is logged and the next still runs, the change stays committed', async () => {
    const order: string[] = [];
    const result = await uow.run(async (work) => {
      await work.audit({ actor: 'test', action: 'test.done', subjectType: 'test', subjectId: 'uow-hooks' });
      work.afterCommit(() => order.push('first'));
      work.afterCommit(() => {
        throw new Error('hook broke');
      });
      work.afterCommit(async () => order.push('third'));
      return 42;
    });
    expect(result).toBe(42);
    expect(order).toEqual(['first', 'third']);
    expect(await auditRowsFor('uow-hooks')).toBe(1);
    expect(app.logs.some((l) => l.includes('after-commit hook failed') && l.includes('hook broke'))).toBe(true);
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
