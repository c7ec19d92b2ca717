import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintFiles, sourceFiles } from '../../scripts/lint';

/**
 * The boundary rules of `npm run lint` (issue 16, item 5), run on a fixture
 * tree written to a temporary folder: each rule catches its violation.
 */

let root: string;

function write(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

const lint = () => lintFiles(sourceFiles(root));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lint-rules-'));
  // A clean tree: each test adds one violation to it.
  write({
    'src/modules/events/event.entity.ts': "import { Entity } from 'typeorm';\n@Entity({ name: 'events' })\nexport class EventEntity {}\n",
    'src/modules/events/events.store.ts':
      "import { DataSource } from 'typeorm';\nexport class EventsStore { constructor(private readonly ds: DataSource) {}\n  all() { return this.ds.query('SELECT 1'); } }\n",
    'src/modules/events/events.service.ts': "import { EventsStore } from './events.store';\nexport class EventsService { constructor(private readonly store: EventsStore) {} }\n",
    'src/modules/events/events.module.ts': "import { EventsService } from './events.service';\nexport class EventsModule {}\n",
    'src/modules/events/event-view.types.ts': 'export interface EventView { id: string }\n',
    'src/modules/unit-of-work/unit-of-work.service.ts': "import { DataSource } from 'typeorm';\nexport class UnitOfWork { constructor(private readonly ds: DataSource) {} }\n",
    'src/modules/reports/reports.service.ts': [
      "import { EventsService } from '../events/events.service';",
      "import type { EventView } from '../events/event-view.types';",
      "import { EventsModule } from '../events/events.module';",
      '// Entity managers handed over by the unit of work are fine: work.manager.findOne(...)',
      'export class ReportsService {}',
      '',
    ].join('\n'),
  });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

it('passes a tree that keeps to the boundaries (module, service and types files across modules; SQL in stores and the unit of work)', () => {
  expect(lint()).toEqual([]);
});

describe('module-internals', () => {
  it("catches a one-line import of another module's internal file", () => {
    write({ 'src/modules/reports/uses-lock.service.ts': "import { lockEventFor } from '../events/event-lock';\nexport const x = lockEventFor;\n" });
    expect(lint()).toEqual([expect.stringMatching(/^src\/modules\/reports\/uses-lock\.service\.ts: \[module-internals\] imports '\.\.\/events\/event-lock'/)]);
  });

  it('catches a multi-line `import type` of an entity and an `export … from` of a store', () => {
    write({
      'src/modules/reports/multi.service.ts': "import type {\n  EventEntity,\n} from '../events/event.entity';\nexport type E = EventEntity;\n",
      'src/modules/reports/reexport.service.ts': "export { EventsStore } from '../events/events.store';\n",
    });
    const problems = lint();
    expect(problems).toContainEqual(expect.stringMatching(/^src\/modules\/reports\/multi\.service\.ts: \[module-internals\] imports '\.\.\/events\/event\.entity'/));
    expect(problems).toContainEqual(expect.stringMatching(/^src\/modules\/reports\/reexport\.service\.ts: \[module-internals\] imports '\.\.\/events\/events\.store'/));
    expect(problems).toHaveLength(2);
  });
});

describe('raw-sql-outside-store', () => {
  it.each([
    [
      'DataSource injected into a service',
      "import { InjectDataSource } from '@nestjs/typeorm';\nimport { DataSource } from 'typeorm';\nexport class S { constructor(@InjectDataSource() private readonly ds: DataSource) {} }\n",
    ],
    ['a raw query on a handed-over manager', "export class S { run(work: { manager: { query(s: string): unknown } }) { return work.manager.query('SELECT 1'); } }\n"],
    ['getRepository(', 'export class S { run(m: any) { return m.getRepository(Object).find(); } }\n'],
    ['createQueryBuilder(', "export class S { run(m: any) { return m.createQueryBuilder(Object, 'o').getMany(); } }\n"],
  ])('catches %s', (_what, text) => {
    write({ 'src/modules/reports/sql.service.ts': text });
    expect(lint()).toEqual([expect.stringMatching(/^src\/modules\/reports\/sql\.service\.ts: \[raw-sql-outside-store\]/)]);
  });

  it('leaves a file named *.store.ts alone, and catches the same text in a file named otherwise', () => {
    const text = "export class X { run(m: any) { return m.query('SELECT 1'); } }\n";
    write({ 'src/modules/reports/reports.store.ts': text, 'src/modules/reports/report-store.ts': text });
    expect(lint()).toEqual([expect.stringMatching(/^src\/modules\/reports\/report-store\.ts: \[raw-sql-outside-store\]/)]);
  });
});

describe('entity-relation-across-modules', () => {
  it("catches an entity with a relation to another module's entity", () => {
    write({
      'src/modules/messages/message.entity.ts': [
        "import { Entity, JoinColumn, ManyToOne } from 'typeorm';",
        "import { EventEntity } from '../events/event.entity';",
        "@Entity({ name: 'messages' })",
        'export class MessageEntity {',
        "  @ManyToOne(() => EventEntity, { onDelete: 'RESTRICT' })",
        "  @JoinColumn({ name: 'event_id' })",
        '  event: EventEntity;',
        '}',
        '',
      ].join('\n'),
    });
    const rules = lint()
      .map((p) => /\[([a-z-]+)\]/.exec(p)![1])
      .sort();
    // The import and the decorator are both named; the import is also an internal of events.
    expect(rules).toEqual(['entity-relation-across-modules', 'entity-relation-across-modules', 'module-internals']);
  });

  it('catches a relation named by a string, with no import', () => {
    write({
      'src/modules/messages/message.entity.ts':
        "import { Entity, ManyToOne } from 'typeorm';\n@Entity({ name: 'messages' })\nexport class MessageEntity {\n  @ManyToOne('EventEntity')\n  event: unknown;\n}\n",
    });
    expect(lint()).toEqual([expect.stringMatching(/^src\/modules\/messages\/message\.entity\.ts: \[entity-relation-across-modules\] @ManyToOne to EventEntity of the events module/)]);
  });

  it('accepts a foreign key on the other table by name (the schema keeps it; no relation)', () => {
    write({
      'src/modules/messages/message.entity.ts':
        "import { Column, Entity, ForeignKey } from 'typeorm';\n@Entity({ name: 'messages' })\nexport class MessageEntity {\n  @ForeignKey('events', { onDelete: 'RESTRICT' })\n  @Column({ name: 'event_id', type: 'uuid' })\n  eventId: string;\n}\n",
    });
    expect(lint()).toEqual([]);
  });
});

describe('import cycles', () => {
  it('catches a cycle through a type-only import, written over several lines', () => {
    write({
      'src/domain/contacts/contact-csv.ts': "import { naturalKey } from './contact-plan';\nexport interface Row { name: string }\nexport const k = naturalKey;\n",
      'src/domain/contacts/contact-plan.ts': "import type {\n  Row,\n} from './contact-csv';\nexport const naturalKey = (r: Row) => r.name;\n",
    });
    expect(lint()).toEqual([
      'src/domain/contacts/contact-csv.ts: import cycle src/domain/contacts/contact-csv.ts -> src/domain/contacts/contact-plan.ts -> src/domain/contacts/contact-csv.ts; move the shared piece to a file of its own',
    ]);
  });

  it('passes the same files once the shared piece has a file of its own', () => {
    write({
      'src/domain/contacts/contact-key.ts': 'export const naturalKey = (r: { name: string }) => r.name;\n',
      'src/domain/contacts/contact-csv.ts': "import { naturalKey } from './contact-key';\nexport interface Row { name: string }\nexport const k = naturalKey;\n",
      'src/domain/contacts/contact-plan.ts': "import type { Row } from './contact-csv';\nimport { naturalKey } from './contact-key';\nexport const key = (r: Row) => naturalKey(r);\n",
    });
    expect(lint()).toEqual([]);
  });
});

describe('role suffixes in src/modules', () => {
  it.each(['events.service.ts', 'events.store.ts', 'event-view.ts', 'event-lock.ts', 'delivery-signal.ts', 'ack-pages.ts'])('accepts %s', (name) => {
    write({ [`src/modules/events/${name}`]: 'export const x = 1;\n' });
    expect(lint()).toEqual([]);
  });

  it.each(['event-helpers.ts', 'events.ts', 'utils.ts', 'channel-http.ts'])('refuses %s (channel-http.ts is an exception only at its own path)', (name) => {
    write({ [`src/modules/events/${name}`]: 'export const x = 1;\n' });
    expect(lint()).toEqual([`src/modules/events/${name}: name the role of the file in its suffix`]);
  });
});

describe('send-outside-outbox', () => {
  const sender = [
    "import { ChannelsService } from '../channels/channels.service';",
    'export class RemindersService {',
    '  constructor(private readonly channels: ChannelsService) {}',
    "  remind() { return this.channels.send({ channel: 'email', to: 'a@b.fr', text: 'Rappel' }); }",
    '}',
    '',
  ].join('\n');

  beforeEach(() =>
    write({
      'src/modules/channels/channels.service.ts': 'export class ChannelsService { send(m: unknown) { return m; } statuses() { return []; } }\n',
      'src/modules/channels/channel-status.service.ts':
        "import { ChannelsService } from './channels.service';\nexport class ChannelStatusService { constructor(private readonly c: ChannelsService) {} statuses() { return this.c.statuses(); } }\n",
      'src/modules/channels/channels.module.ts': "import { ChannelsService } from './channels.service';\nexport class ChannelsModule {}\n",
      'src/modules/delivery/delivery-worker.service.ts':
        "import { ChannelsService } from '../channels/channels.service';\nexport class Worker { constructor(private readonly c: ChannelsService) {} }\n",
      'src/modules/delivery/reconciliation.service.ts':
        "import { ChannelsService } from '../channels/channels.service';\nexport class Reconciliation { constructor(private readonly c: ChannelsService) {} }\n",
    }),
  );

  it('lets the channels and delivery modules use ChannelsService, and health read the modes through ChannelStatusService', () => {
    write({
      'src/modules/health/health.controller.ts':
        "import { ChannelStatusService } from '../channels/channel-status.service';\n// Not ChannelsService: nothing here sends.\nexport class HealthController { constructor(private readonly c: ChannelStatusService) {} }\n",
    });
    expect(lint()).toEqual([]);
  });

  it('catches a module that sends through ChannelsService instead of writing a delivery', () => {
    write({ 'src/modules/exercises/exercise-reminders.service.ts': sender });
    expect(lint()).toEqual([expect.stringMatching(/^src\/modules\/exercises\/exercise-reminders\.service\.ts: \[send-outside-outbox\] uses ChannelsService outside src\/modules\/delivery/)]);
  });

  it.each([
    [
      'health injecting the sending service to read statuses',
      'src/modules/health/health.controller.ts',
      "import { ChannelsService } from '../channels/channels.service';\nexport class H { constructor(private readonly c: ChannelsService) {} }\n",
    ],
    [
      'a type-only import, written over several lines',
      'src/modules/cell/cell-pager.service.ts',
      "import type {\n  ChannelsService,\n} from '../channels/channels.service';\nexport type C = ChannelsService;\n",
    ],
    ['the service taken from the container by name, with no import', 'src/modules/cell/cell-pager.service.ts', "export class P { run(ref: any) { return ref.get('ChannelsService').send({}); } }\n"],
    ['a file outside src/modules', 'src/main.ts', "import { ChannelsService } from './modules/channels/channels.service';\nexport const send = (c: ChannelsService) => c.send({});\n"],
  ])('catches %s', (_what, rel, text) => {
    write({ [rel]: text });
    expect(lint()).toEqual([expect.stringMatching(new RegExp(`^${rel.replace(/[./]/g, '\\$&')}: \\[send-outside-outbox\\]`))]);
  });
});
