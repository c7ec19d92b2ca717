import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { DynamicRule, listMembers, parseDynamicRule, ruleNeedsCommunes, SelectableList } from '../../domain/contacts/recipient-rules';
import { EventsService } from '../events/events.service';
import { isUuid } from '../../domain/ids';
import { isUniqueViolation } from '../../database/sql';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { contactView, ListView, listView } from './contact-view';
import { CreateListDto } from './contacts.dto';
import { ContactsStore } from './contacts.store';
import { DistributionListMemberEntity } from './distribution-list-member.entity';
import { DistributionListEntity } from './distribution-list.entity';

/** Distribution lists: static ones with members, dynamic ones with a rule evaluated for an event. */
@Injectable()
export class ContactListsService {
  constructor(
    private readonly store: ContactsStore,
    private readonly uow: UnitOfWork,
    private readonly events: EventsService,
  ) {}

  async list(): Promise<ListView[]> {
    const lists = await this.store.lists();
    const byList = await this.store.activeMemberCounts();
    return lists.map((l) => listView(l, l.kind === 'static' ? (byList.get(l.id) ?? 0) : null));
  }

  async create(dto: CreateListDto, actor: string): Promise<ListView> {
    const name = dto.name.trim();
    const memberIds = [...new Set(dto.memberIds.map((id) => id.toLowerCase()))];
    try {
      return await this.uow.run(async (work) => {
        const m = work.manager;
        const known = await this.store.activeIdsAmong(memberIds, m);
        const missing = memberIds.filter((id) => !known.has(id));
        if (missing.length) {
          throw badRequest('unknown_contacts', `No active contact has the id ${missing.join(', ')}: remove ${missing.length > 1 ? 'them' : 'it'} from memberIds.`, { unknownIds: missing });
        }
        const list = await m.save(m.create(DistributionListEntity, { name, description: dto.description?.trim() ?? '', kind: 'static', rule: null }));
        if (memberIds.length)
          await m.insert(
            DistributionListMemberEntity,
            memberIds.map((contactId) => ({ listId: list.id, contactId })),
          );
        await work.audit({ actor, action: 'contacts.list_created', subjectType: 'distribution_list', subjectId: list.id, payload: { name, kind: 'static', memberCount: memberIds.length } });
        return listView(list, memberIds.length);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('list_exists', `A distribution list named "${name}" already exists: choose another name.`);
      throw e;
    }
  }

  /** The active members of a list; a dynamic list is evaluated for the communes of the event given. */
  async members(id: string, eventId?: string) {
    const list = await this.find(id);
    const selectable = this.toSelectable(list, await this.store.staticMembers([list.id]));
    if (selectable.kind === 'dynamic' && ruleNeedsCommunes(selectable.rule) && !eventId) {
      throw badRequest('event_required', `The list "${list.name}" depends on the communes of a major event: add ?eventId=<id of the event>.`);
    }
    const communes = eventId ? (await this.events.get(eventId)).communes.map((c) => c.code) : [];
    // The entities are what the rules select from and what the view shows: one read of the contacts.
    const active = await this.store.activeContacts();
    const members = listMembers(selectable, active, communes);
    const names = await this.store.listNamesOf(members.map((c) => c.id));
    return {
      list: listView(list, list.kind === 'static' ? members.length : null),
      eventId: eventId ?? null,
      communes,
      members: members.map((c) => contactView(c, names.get(c.id) ?? [])),
    };
  }

  /**
   * For a dispatch: the lists asked for as recipientsSelect takes them, static
   * lists by id and dynamic ones by rule, with the same refusals as
   * `selectable`; no member is read into memory.
   */
  async choices(ids: readonly string[], m?: EntityManager): Promise<{ staticIds: string[]; rules: DynamicRule[] }> {
    const wanted = [...new Set(ids)];
    const lists = wanted.length > 0 && wanted.every(isUuid) ? await this.store.listsById(wanted, m) : [];
    const missing = wanted.filter((id) => !lists.some((l) => l.id === id));
    if (missing.length) throw badRequest('unknown_lists', `No distribution list has the id ${missing.join(', ')}.`, { unknownIds: missing });
    const chosen = lists.map((l) => this.toSelectable(l, new Map()));
    return {
      staticIds: chosen.filter((l) => l.kind === 'static').map((l) => l.id),
      rules: chosen.flatMap((l) => (l.kind === 'dynamic' ? [l.rule] : [])),
    };
  }

  private async find(id: string): Promise<DistributionListEntity> {
    const list = isUuid(id) ? await this.store.list(id) : null;
    if (!list) throw notFound('list_not_found', `No distribution list with id ${id}.`);
    return list;
  }

  private toSelectable(list: DistributionListEntity, members: Map<string, string[]>): SelectableList {
    if (list.kind === 'static') return { id: list.id, kind: 'static', memberIds: members.get(list.id) ?? [] };
    const rule = parseDynamicRule(list.rule);
    // A rule written by a newer version of the product: refusing is better than sending to the wrong people.
    if (!rule) throw conflict('unknown_list_rule', `The dynamic list "${list.name}" has a rule this version does not know (${JSON.stringify(list.rule)}).`);
    return { id: list.id, kind: 'dynamic', rule };
  }
}
