import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { listMembers, parseDynamicRule, ruleNeedsCommunes, SelectableList } from '../../domain/contacts/recipient-rules';
import { EventsService } from '../events/events.service';
import { isUuid } from '../../domain/ids';
import { isUniqueViolation } from '../../database/sql';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { listNamesOf } from './contact-rows';
import { contactView, ListView, listView } from './contact-view';
import { ContactEntity } from './contact.entity';
import { CreateListDto } from './contacts.dto';
import { DistributionListMemberEntity } from './distribution-list-member.entity';
import { DistributionListEntity } from './distribution-list.entity';

/** Distribution lists: static ones with members, dynamic ones with a rule evaluated for an event. */
@Injectable()
export class ContactListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly events: EventsService,
  ) {}

  async list(): Promise<ListView[]> {
    const m = this.dataSource.manager;
    const lists = await m.find(DistributionListEntity, { order: { kind: 'ASC', name: 'ASC' } });
    const counts: { list_id: string; n: string }[] = await m.query(
      `SELECT m.list_id, count(*) AS n FROM distribution_list_members m JOIN contacts c ON c.id = m.contact_id WHERE c.active GROUP BY m.list_id`,
    );
    const byList = new Map(counts.map((c) => [c.list_id, Number(c.n)]));
    return lists.map((l) => listView(l, l.kind === 'static' ? (byList.get(l.id) ?? 0) : null));
  }

  async create(dto: CreateListDto, actor: string): Promise<ListView> {
    const name = dto.name.trim();
    const memberIds = [...new Set(dto.memberIds.map((id) => id.toLowerCase()))];
    try {
      return await this.uow.run(async (work) => {
        const m = work.manager;
        const found: { id: string }[] = memberIds.length ? await m.query('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) AND active', [memberIds]) : [];
        const known = new Set(found.map((f) => f.id));
        const missing = memberIds.filter((id) => !known.has(id));
        if (missing.length) {
          throw badRequest('unknown_contacts', `No active contact has the id ${missing.join(', ')}: remove ${missing.length > 1 ? 'them' : 'it'} from memberIds.`, { unknownIds: missing });
        }
        const list = await m.save(m.create(DistributionListEntity, { name, description: dto.description?.trim() ?? '', kind: 'static', rule: null }));
        if (memberIds.length) await m.insert(DistributionListMemberEntity, memberIds.map((contactId) => ({ listId: list.id, contactId })));
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
    const m = this.dataSource.manager;
    const list = await this.find(m, id);
    const selectable = this.toSelectable(list, await this.staticMembers(m, [list.id]));
    if (selectable.kind === 'dynamic' && ruleNeedsCommunes(selectable.rule) && !eventId) {
      throw badRequest('event_required', `The list "${list.name}" depends on the communes of a major event: add ?eventId=<id of the event>.`);
    }
    const communes = eventId ? (await this.events.get(eventId)).communes.map((c) => c.code) : [];
    // The entities are what the rules select from and what the view shows: one read of the contacts.
    const active = await m.find(ContactEntity, { where: { active: true }, order: { name: 'ASC', organisation: { direction: 'ASC', nulls: 'FIRST' }, id: 'ASC' } });
    const members = listMembers(selectable, active, communes);
    const names = await listNamesOf(m, members.map((c) => c.id));
    return {
      list: listView(list, list.kind === 'static' ? members.length : null),
      eventId: eventId ?? null,
      communes,
      members: members.map((c) => contactView(c, names.get(c.id) ?? [])),
    };
  }

  /** For recipient resolution: the lists asked for, each as the pure rules take it. */
  async selectable(m: EntityManager, ids: readonly string[]): Promise<SelectableList[]> {
    const wanted = [...new Set(ids)];
    // An id that is not a UUID names no list (and would make PostgreSQL fail): every id is then reported unknown.
    // No ids select no list: `where: []` would select them all.
    const lists = wanted.length > 0 && wanted.every(isUuid) ? await m.findBy(DistributionListEntity, { id: In(wanted) }) : [];
    const missing = wanted.filter((id) => !lists.some((l) => l.id === id));
    if (missing.length) throw badRequest('unknown_lists', `No distribution list has the id ${missing.join(', ')}.`, { unknownIds: missing });
    const members = await this.staticMembers(m, lists.filter((l) => l.kind === 'static').map((l) => l.id));
    return lists.map((l) => this.toSelectable(l, members));
  }

  private async find(m: EntityManager, id: string): Promise<DistributionListEntity> {
    const list = isUuid(id) ? await m.findOne(DistributionListEntity, { where: { id } }) : null;
    if (!list) throw notFound('list_not_found', `No distribution list with id ${id}.`);
    return list;
  }

  private async staticMembers(m: EntityManager, listIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (listIds.length === 0) return out;
    const rows: { list_id: string; contact_id: string }[] = await m.query('SELECT list_id, contact_id FROM distribution_list_members WHERE list_id = ANY($1::uuid[])', [listIds]);
    for (const r of rows) out.set(r.list_id, [...(out.get(r.list_id) ?? []), r.contact_id]);
    return out;
  }

  private toSelectable(list: DistributionListEntity, members: Map<string, string[]>): SelectableList {
    if (list.kind === 'static') return { id: list.id, kind: 'static', memberIds: members.get(list.id) ?? [] };
    const rule = parseDynamicRule(list.rule);
    // A rule written by a newer version of the product: refusing is better than sending to the wrong people.
    if (!rule) throw conflict('unknown_list_rule', `The dynamic list "${list.name}" has a rule this version does not know (${JSON.stringify(list.rule)}).`);
    return { id: list.id, kind: 'dynamic', rule };
  }
}
