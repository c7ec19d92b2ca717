import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { isUuid } from '../../domain/ids';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { databaseNow } from '../../database/db-clock';
import { eventKindLabelFr, EventKind } from '../../domain/events/event-kind';
import { validateNationalInformationNumber } from '../../domain/events/phone-number';
import { prefectureName } from '../../domain/public-page/prefecture-name';
import { absoluteNextUpdate, PublicBulletin, PublicEvent } from '../../domain/public-page/public-bulletin';
import { LiveEventsService } from '../live/live-events.service';

export interface EventBulletins {
  event: PublicEvent;
  /** Newest first. */
  bulletins: PublicBulletin[];
}

interface EventRow {
  id: string;
  title: string;
  kind: EventKind;
  mode: 'real' | 'exercise';
  communes: { code: string; name: string }[];
  status: string;
  closed_at: Date | null;
  created_at: Date;
  cip_number: string | null;
  cip_opened_at: Date | null;
}

interface BulletinRow {
  event_id: string;
  message_id: string;
  delivery_id: string;
  subject: string | null;
  text: string;
  marker: string;
  exercise: boolean;
  published_at: Date;
  variables: Record<string, unknown>;
  drafted_at: Date;
}

const EVENT_COLUMNS = 'id, title, kind, mode, communes, status, closed_at, created_at, cip_number, cip_opened_at';
const CACHE_MS = 5_000;

/**
 * What the public page channel has published, read straight from the outbox
 * tables: a bulletin is public once its public_page delivery is `sent`; its
 * title and text are the ones frozen at dispatch, its facts, instructions and
 * next update those of the approved message. Read-only SQL: the delivery and
 * messages modules own these tables.
 *
 * The public page is what everyone refreshes during a crisis: reads are kept
 * a few seconds and shared between concurrent requests, and dropped as soon as
 * this instance publishes a change of the event (other instances: within the
 * few seconds).
 */
@Injectable()
export class PublicBulletinsService implements OnModuleDestroy {
  readonly publisherName: string;
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly unsubscribe: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    live: LiveEventsService,
  ) {
    const code = config.messaging.departmentCode;
    this.publisherName = prefectureName(loadDepartments().find((d) => d.code === code), code);
    this.unsubscribe = live.subscribe((e) => {
      this.cache.delete(`event:${e.eventId}`);
      this.cache.delete('open');
      this.cache.delete('latest');
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The event and its published bulletins, or null for an id that names no event. */
  ofEvent(id: string): Promise<EventBulletins | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.cached(`event:${id.toLowerCase()}`, async () => {
      const [row]: EventRow[] = await this.dataSource.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
      if (!row) return null;
      const now = await databaseNow(this.dataSource.manager);
      const rows: BulletinRow[] = await this.dataSource.query(`${BULLETINS_SQL} AND c.event_id = $1 ORDER BY published_at DESC, c.created_at DESC`, [id]);
      return { event: toEvent(row, now), bulletins: rows.map((r) => toBulletin(r, now)) };
    });
  }

  /** Events not closed, newest first, for the list page. */
  openEvents(): Promise<EventBulletins[]> {
    return this.cached('open', async () => {
      const rows: EventRow[] = await this.dataSource.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE status <> 'closed' ORDER BY created_at DESC LIMIT 200`);
      return this.withBulletins(rows);
    });
  }

  /** The 50 events whose bulletins were published most recently (closed ones too: their end is news), for the feeds of all events. */
  recentlyPublished(): Promise<EventBulletins[]> {
    return this.cached('latest', async () => {
      const rows: EventRow[] = await this.dataSource.query(
        `SELECT ${EVENT_COLUMNS} FROM events e
          WHERE EXISTS (SELECT 1 FROM delivery_contents c WHERE c.event_id = e.id AND c.channel = 'public_page')
          ORDER BY coalesce(e.closed_at, (SELECT max(d.accepted_at) FROM deliveries d WHERE d.event_id = e.id AND d.channel = 'public_page' AND d.status = 'sent')) DESC NULLS LAST
          LIMIT 50`,
      );
      return (await this.withBulletins(rows)).filter((e) => e.bulletins.length > 0);
    });
  }

  private async withBulletins(rows: EventRow[]): Promise<EventBulletins[]> {
    if (rows.length === 0) return [];
    const now = await databaseNow(this.dataSource.manager);
    const bulletins: BulletinRow[] = await this.dataSource.query(`${BULLETINS_SQL} AND c.event_id = ANY($1::uuid[]) ORDER BY published_at DESC, c.created_at DESC`, [rows.map((r) => r.id)]);
    return rows.map((r) => ({ event: toEvent(r, now), bulletins: bulletins.filter((b) => b.event_id === r.id).map((b) => toBulletin(b, now)) }));
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.get(key)?.value === value && this.cache.delete(key));
    return value;
  }
}

// One row per published bulletin: the public_page content whose delivery was accepted.
const BULLETINS_SQL = `
  SELECT c.event_id, c.message_id, d.id AS delivery_id, c.subject, c.text, c.marker, c.exercise,
         coalesce(d.accepted_at, d.updated_at) AS published_at, m.variables, m.created_at AS drafted_at, c.created_at
    FROM delivery_contents c
    JOIN deliveries d ON d.content_id = c.id AND d.status = 'sent'
    JOIN messages m ON m.id = c.message_id
   WHERE c.channel = 'public_page'`;

function toEvent(r: EventRow, now: Date): PublicEvent {
  const closed = r.status === 'closed';
  const open = !closed && r.cip_number && r.cip_opened_at && new Date(r.cip_opened_at) <= now;
  const nn = open ? validateNationalInformationNumber(r.cip_number) : null;
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    kindLabel: eventKindLabelFr(r.kind) ?? r.kind,
    mode: r.mode,
    communes: r.communes,
    closed,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    createdAt: new Date(r.created_at),
    nnip: nn?.ok ? nn.display : null,
  };
}

function toBulletin(r: BulletinRow, now: Date): PublicBulletin {
  const v = r.variables ?? {};
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  return {
    messageId: r.message_id,
    deliveryId: r.delivery_id,
    marker: r.marker,
    title: r.subject ?? str(v.eventTitle),
    text: r.text,
    facts: str(v.facts),
    instructions: str(v.instructions),
    nextUpdate: absoluteNextUpdate(v.nextUpdateAt, new Date(r.drafted_at), now),
    nnip: str(v.nnip) || null,
    publishedAt: new Date(r.published_at),
    exercise: r.exercise,
  };
}

function loadDepartments(): { code: string; nom: string; typeLiaison: number }[] {
  return JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/departements.json'), 'utf8'));
}
