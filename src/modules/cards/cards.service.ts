import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { POST_CHANNELS } from '../../domain/channels/channel-catalogue';
import { CardFacts, cardAltText, cardPath } from '../../domain/cards/bulletin-card';
import { eventKindLabelFr, isEventKind } from '../../domain/events/event-kind';
import { isUuid } from '../../domain/ids';
import { prefectureName } from '../../domain/public-page/prefecture-name';
import { CardRenderer } from './card-render.adapter';
import { CardsStore } from './cards.store';

/** A bulletin's card, rendered once per process and kept: its facts are frozen at dispatch. */
export interface BulletinCard {
  messageId: string;
  alt: string;
  facts: CardFacts;
  square: Buffer;
  landscape: Buffer;
  squareJpeg: Buffer;
  /** Public addresses (PUBLIC_BASE_URL): the public page shows them, Instagram downloads the JPEG. */
  urls: { square: string; landscape: string; squareJpeg: string };
}

const CARD_CHANNELS = [...POST_CHANNELS, 'public_page'];
/** Rendered cards kept per process; a bulletin is posted everywhere within minutes, then rarely asked for again. */
const KEEP = 50;

/**
 * The visual card of each public bulletin: the prefecture, the kind, the headline, the time (Paris)
 * and EXERCICE in an exercise, as PNG (1080×1080, 1200×675) and a JPEG square for Instagram.
 */
@Injectable()
export class CardsService {
  private readonly renderer = new CardRenderer();
  private readonly prefecture: string;
  private readonly cards = new Map<string, Promise<BulletinCard | null>>();

  constructor(
    private readonly store: CardsStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const code = config.messaging.departmentCode;
    const departments = JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/departements.json'), 'utf8')) as { code: string; nom: string; typeLiaison: number }[];
    this.prefecture = prefectureName(
      departments.find((d) => d.code === code),
      code,
    );
  }

  /** The card of a dispatched public bulletin, or null (no such bulletin, or not public). */
  cardOf(messageId: string): Promise<BulletinCard | null> {
    if (!isUuid(messageId)) return Promise.resolve(null);
    const key = messageId.toLowerCase();
    let card = this.cards.get(key);
    if (!card) {
      card = this.load(key);
      this.cards.set(key, card);
      // Only a card is kept: a bulletin not dispatched yet, or a failed read, is asked again next time.
      card.then((c) => c ?? this.cards.delete(key)).catch(() => this.cards.delete(key));
      if (this.cards.size > KEEP) this.cards.delete(this.cards.keys().next().value!);
    }
    return card;
  }

  private async load(messageId: string): Promise<BulletinCard | null> {
    const row = await this.store.factsOf(messageId, CARD_CHANNELS);
    if (!row) return null;
    const facts: CardFacts = { prefecture: this.prefecture, kindLabel: isEventKind(row.kind) ? eventKindLabelFr(row.kind) : row.kind, headline: row.title, at: row.at, exercise: row.exercise };
    const { square, landscape, squareJpeg } = await this.renderer.render(facts);
    const base = this.config.publicBaseUrl;
    return {
      messageId,
      alt: cardAltText(facts),
      facts,
      square,
      landscape,
      squareJpeg,
      urls: { square: base + cardPath(messageId, 'square'), landscape: base + cardPath(messageId, 'landscape'), squareJpeg: base + cardPath(messageId, 'square', 'jpg') },
    };
  }
}
