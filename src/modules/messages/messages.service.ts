import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../common/app-error';
import { isUuid } from '../../domain/ids';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { databaseNow } from '../../database/db-clock';
import { bulletinMarker, draftVariables } from '../../domain/messages/draft-variables';
import { Audience, Channel } from '../../domain/messages/message-channels';
import { chooseChannels } from '../../domain/messages/message-choice';
import { MessageRenderError, RenderedMessage, renderMessage } from '../../domain/messages/message-render';
import { formatParisMoment } from '../../domain/time/paris-time';
import { EventsService } from '../events/events.service';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { MessageEntity } from './message.entity';
import { messageView, MessageView } from './message-view';
import { CreateMessageDto } from './messages.dto';
import { MessagesStore } from './messages.store';
import { TemplatesService } from './templates.service';

/**
 * Drafts and approval. A draft is rendered through the approved templates at
 * once, for every audience and channel: what the approver reads in the preview
 * is, word for word, what dispatch sends.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly store: MessagesStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: TemplatesService,
    private readonly events: EventsService,
    private readonly uow: UnitOfWork,
  ) {}

  async create(eventId: string, dto: CreateMessageDto, actor: string): Promise<MessageView> {
    const chosen = chooseChannels({ audiences: dto.audiences, channels: dto.channels, listIds: dto.listIds });
    if (!chosen.ok) throw badRequest('invalid_channels', chosen.message);
    const nextUpdateAt = new Date(dto.nextUpdateAt);
    return this.uow.run(async (work) => {
      const m = work.manager;
      const now = await databaseNow(m);
      const event = await this.events.lockFor(m, eventId, 'send_message', now);
      if (nextUpdateAt <= now) throw badRequest('next_update_in_past', `nextUpdateAt must be later than now (${formatParisMoment(now, now)}): it tells the public when the next bulletin comes.`);
      const draft = await m.save(
        m.create(MessageEntity, {
          eventId,
          mode: event.mode,
          factual: dto.factual ?? true,
          channels: chosen.choice.channels,
          listIds: chosen.choice.listIds,
          variables: {},
          createdBy: actor,
        }),
      );
      const marker = bulletinMarker(this.config.messaging.departmentCode, draft.bulletinNo, now);
      const variables = draftVariables(event, { facts: dto.facts, instructions: dto.instructions, nextUpdateAt }, { now, baseUrl: this.config.publicBaseUrl, marker });
      const renderings: RenderedMessage[] = [];
      for (const [audience, channels] of Object.entries(chosen.choice.channels) as [Audience, Channel[]][]) {
        for (const channel of channels) renderings.push(this.render({ kind: event.kind, audience, channel, vars: variables, mode: event.mode }));
      }
      Object.assign(draft, { marker, variables, renderings });
      await m.save(draft);
      const v = messageView(draft);
      await work.audit({
        actor,
        action: 'message.drafted',
        subjectType: 'message',
        subjectId: draft.id,
        payload: { eventId, marker, bulletinNo: draft.bulletinNo, channels: draft.channels, factual: draft.factual, problems: v.problems },
      });
      work.publish({ eventId, type: 'timeline.appended', data: { messageId: v.id } });
      return v;
    });
  }

  async list(eventId: string): Promise<MessageView[]> {
    if (!isUuid(eventId)) throw notFound('event_not_found', `No major event with id ${eventId}.`);
    return (await this.store.ofEvent(eventId)).map(messageView);
  }

  /** 404 unless the message exists; reads no rendering (the deliveries view is polled). */
  async assertExists(id: string): Promise<void> {
    if (!isUuid(id) || !(await this.store.exists(id))) throw notFound('message_not_found', `No message with id ${id}.`);
  }

  async preview(id: string) {
    const msg = await this.find(undefined, id, false);
    return {
      message: messageView(msg),
      renderings: msg.renderings.map((r) => ({ audience: r.audience, channel: r.channel, parts: r.parts, stats: r.stats, problems: r.problems, templates: r.templates, wording: r.wording })),
    };
  }

  async approve(id: string, actor: string): Promise<MessageView> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const msg = await this.find(m, id, true);
      const now = await databaseNow(m);
      await this.events.lockFor(m, msg.eventId, 'send_message', now);
      if (msg.status !== 'draft') throw conflict('message_already_approved', `This message was already approved by ${msg.approvedBy} ${formatParisMoment(msg.approvedAt!, now)}.`);
      if (this.config.messaging.fourEyes && msg.createdBy === actor) {
        throw forbidden('four_eyes', 'You wrote this message: another person (prefect or communication) must approve it.');
      }
      const problems = messageView(msg).problems;
      if (problems.length) throw unprocessable('message_has_problems', `This message cannot be approved as it is: ${problems.join('; ')}. Shorten it in a new draft.`, { problems });
      Object.assign(msg, { status: 'approved', approvedBy: actor, approvedAt: now });
      await m.save(msg);
      await work.audit({ actor, action: 'message.approved', subjectType: 'message', subjectId: id, payload: { eventId: msg.eventId, marker: msg.marker, author: msg.createdBy } });
      work.publish({ eventId: msg.eventId, type: 'timeline.appended', data: { messageId: id } });
      return messageView(msg);
    });
  }

  /** `m`: the caller's unit of work (needed for `lock`), else the default connection. */
  async find(m: EntityManager | undefined, id: string, lock: boolean): Promise<MessageEntity> {
    const msg = isUuid(id) ? await this.store.find(id, lock, m) : null;
    if (!msg) throw notFound('message_not_found', `No message with id ${id}.`);
    return msg;
  }

  private render(req: Parameters<typeof renderMessage>[1]): RenderedMessage {
    try {
      return renderMessage(this.templates.catalog, req);
    } catch (e) {
      if (e instanceof MessageRenderError) {
        throw badRequest('message_variables', `The ${req.audience} message by ${req.channel} cannot be written from these values: ${e.problems.map((p) => `${p.variable} ${p.why}`).join('; ')}`, {
          problems: e.problems,
        });
      }
      throw e;
    }
  }
}
