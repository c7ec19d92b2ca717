import { Inject, Injectable } from '@nestjs/common';
import { conflict } from '../../common/app-error';
import { databaseNow } from '../../database/db-clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Audience, Channel, PARTNER_ROUTE, partnerSource } from '../../domain/messages/message-channels';
import type { RenderedMessage } from '../../domain/messages/message-render';
import { formatParisMoment } from '../../domain/time/paris-time';
import { ContactsService } from '../contacts/contacts.service';
import { ContentInput, DeliveryQueueService, RecipientInput, SelectedRecipients } from '../delivery/delivery-queue.service';
import { EventsService } from '../events/events.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { MessageEntity } from './message.entity';
import { MessagesService } from './messages.service';

/** The one recipient of the webhook: the partners' systems behind WEBHOOK_URL. */
const PARTNERS: RecipientInput = { contactId: null, name: 'Partenaires institutionnels (conseil départemental, SDIS, ARS)', address: null, exerciseParticipant: false };

const PUBLIC_CHANNEL_NAMES: Record<string, string> = { x: 'Compte X de la préfecture', facebook: 'Page Facebook de la préfecture', public_page: "Page d'information du public" };

/**
 * Dispatch: in one transaction, the message marked sent and one outbox row per
 * recipient per channel. Either all of it exists or none of it; the worker does
 * the rest. In exercise mode only exercise participants are chosen here, and
 * the channels' gate checks again below every adapter.
 */
@Injectable()
export class MessageDispatchService {
  constructor(
    private readonly messages: MessagesService,
    private readonly contacts: ContactsService,
    private readonly queue: DeliveryQueueService,
    private readonly events: EventsService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch(id: string, actor: string, note?: string) {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const msg = await this.messages.find(m, id, true);
      const now = await databaseNow(m);
      if (msg.status === 'draft') throw conflict('message_not_approved', 'This message has not been approved yet: it cannot be sent.');
      if (msg.status === 'dispatched') throw conflict('message_already_dispatched', `This message was already sent by ${msg.dispatchedBy} ${formatParisMoment(msg.dispatchedAt!, now)}.`);
      const event = await this.events.lockFor(m, msg.eventId, 'send_message', now);
      const items: { content: ContentInput; recipients: RecipientInput[] | SelectedRecipients }[] = [];
      for (const [audience, channels] of Object.entries(msg.channels) as [Audience, Channel[]][]) {
        // Chosen in the database and inserted from there (INSERT … SELECT): 35,000 mayors never come up to the application.
        const select =
          audience === 'public'
            ? null
            : await this.contacts.recipientsSelect({ audience, communes: event.communes.map((c) => c.code), listIds: msg.listIds[audience], exerciseOnly: msg.mode === 'exercise' }, m);
        for (const channel of channels) {
          const rendering = msg.renderings.find((r) => r.audience === audience && r.channel === channel)!;
          const to: RecipientInput[] | SelectedRecipients = select
            ? { select, address: channel === 'email' ? 'email' : 'mobile' }
            : [{ contactId: null, name: PUBLIC_CHANNEL_NAMES[channel] ?? channel, address: null, exerciseParticipant: false }];
          items.push({ content: contentOf(msg, rendering), recipients: to });
        }
      }
      const partners = this.config.channels.webhook ? partnerSource(msg.renderings.filter((r) => msg.channels[r.audience]?.includes(r.channel))) : undefined;
      if (partners) items.push({ content: { ...contentOf(msg, partners), audience: PARTNER_ROUTE.audience, channel: PARTNER_ROUTE.channel, html: null }, recipients: [PARTNERS] });
      const queued = await this.queue.enqueue(m, items);
      const perChannel = items.map((i, k) => ({ audience: i.content.audience, channel: i.content.channel, recipients: queued.perItem[k] }));
      const warnings = perChannel.filter((c) => c.recipients === 0).map((c) => noRecipientWarning(c.audience as Audience, c.channel as Channel, msg.mode === 'exercise'));
      Object.assign(msg, { status: 'dispatched', dispatchedBy: actor, dispatchedAt: now });
      await m.save(msg);
      await work.audit({
        actor,
        action: 'message.dispatched',
        subjectType: 'message',
        subjectId: id,
        payload: { eventId: msg.eventId, marker: msg.marker, mode: msg.mode, deliveries: queued.deliveries, perChannel, warnings, note: note ?? null },
      });
      work.afterCommit(() => this.queue.wake());
      work.publish({ eventId: msg.eventId, type: 'delivery.changed', data: { messageId: id } });
      work.publish({ eventId: msg.eventId, type: 'timeline.appended', data: { messageId: id } });
      return { messageId: id, eventId: msg.eventId, marker: msg.marker, deliveries: queued.deliveries, perChannel, warnings };
    });
  }
}

function contentOf(msg: MessageEntity, r: RenderedMessage): ContentInput {
  const p = r.parts;
  return {
    eventId: msg.eventId,
    messageId: msg.id,
    audience: r.audience,
    channel: r.channel,
    subject: p.subject ?? p.title ?? null,
    text: p.text ?? '',
    html: p.html ?? null,
    marker: msg.marker!,
    exercise: msg.mode === 'exercise',
    factual: msg.factual,
  };
}

function noRecipientWarning(audience: Audience, channel: Channel, exercise: boolean): string {
  const who = audience === 'elected' ? 'elected official' : 'media contact';
  const means = channel === 'email' ? 'an email address' : 'a mobile number';
  return `No ${exercise ? 'exercise participant among the ' : ''}${who}s chosen has ${means}: nobody receives the ${channel} message for ${audience}.`;
}
