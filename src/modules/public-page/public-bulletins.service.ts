import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { isUuid } from '../../domain/ids';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { eventKindLabelFr } from '../../domain/events/event-kind';
import { validateNationalInformationNumber } from '../../domain/events/phone-number';
import { PrefectureIdentity, prefectureIdentity } from '../../config/prefecture.config';
import { absoluteNextUpdate, PublicBulletin, PublicEvent } from '../../domain/public-page/public-bulletin';
import { DeliveryReadsService, PublishedBulletinRow } from '../delivery/delivery-reads.service';
import { EventReadsService, PublicEventRow } from '../events/event-reads.service';
import { LiveEventsService } from '../live/live-events.service';
import { MessageReadsService } from '../messages/message-reads.service';

export interface EventBulletins {
  event: PublicEvent;
  /** Newest first. */
  bulletins: PublicBulletin[];
}

type BulletinRow = PublishedBulletinRow & { variables: Record<string, unknown>; drafted_at: Date };

const CACHE_MS = 5_000;

/**
 * What the public page channel has published, read through what the events,
 * delivery and messages modules export: a bulletin is public once its public_page delivery is `sent`; its
 * title and text are the ones frozen at dispatch, its facts, instructions and
 * next update those of the approved message. Read-only.
 *
 * The public page is what everyone refreshes during a crisis: reads are kept
 * a few seconds and shared between concurrent requests, and dropped as soon as
 * this instance publishes a change of the event (other instances: within the
 * few seconds).
 */
@Injectable()
export class PublicBulletinsService implements OnModuleDestroy {
  readonly publisherName: string;
  readonly prefecture: PrefectureIdentity;
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly events: EventReadsService,
    private readonly deliveries: DeliveryReadsService,
    private readonly messages: MessageReadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    live: LiveEventsService,
  ) {
    this.prefecture = prefectureIdentity(config.messaging.departmentCode);
    this.publisherName = this.prefecture.name;
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
      const row = await this.events.publicOne(id);
      if (!row) return null;
      const [one] = await this.withBulletins([row]);
      return one;
    });
  }

  /** Events not closed, newest first, for the list page. */
  openEvents(): Promise<EventBulletins[]> {
    return this.cached('open', async () => this.withBulletins(await this.events.publicOpen(200)));
  }

  /** The 50 events whose bulletins were published most recently (closed ones too: their end is news), for the feeds of all events. */
  recentlyPublished(): Promise<EventBulletins[]> {
    return this.cached('latest', async () => {
      const published = new Map((await this.deliveries.eventsOnPublicPage()).map((e) => [e.eventId, e.lastPublishedAt]));
      const rows = (await this.events.publicByIds([...published.keys()]))
        .map((r) => ({ r, at: r.closed_at ? new Date(r.closed_at) : (published.get(r.id) ?? null) }))
        // The newest first, those never published (nor closed) last.
        .sort((a, b) => (b.at?.getTime() ?? -Infinity) - (a.at?.getTime() ?? -Infinity))
        .slice(0, 50)
        .map(({ r }) => r);
      return (await this.withBulletins(rows)).filter((e) => e.bulletins.length > 0);
    });
  }

  private async withBulletins(rows: PublicEventRow[]): Promise<EventBulletins[]> {
    if (rows.length === 0) return [];
    const now = await this.events.now();
    const published = await this.deliveries.publishedBulletins(rows.map((r) => r.id));
    const messages = await this.messages.variablesOf(published.map((b) => b.message_id));
    // A content always has its message (foreign key); an unknown one would show without facts rather than fail the page.
    const bulletins: BulletinRow[] = published.map((b) => {
      const m = messages.get(b.message_id);
      return { ...b, variables: m?.variables ?? {}, drafted_at: m?.draftedAt ?? new Date(b.published_at) };
    });
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

function toEvent(r: PublicEventRow, now: Date): PublicEvent {
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
