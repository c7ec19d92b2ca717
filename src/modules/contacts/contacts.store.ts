import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CONTACT_KINDS, contactGroup, ContactGroup, ContactKind, KINDS_WITH_COMMUNE } from '../../domain/contacts/contact-kinds';
import type { ExistingContact, ImportedFields } from '../../domain/contacts/contact-import-plan';
import type { DynamicRule, RecipientAudience } from '../../domain/contacts/recipient-rules';
import type { SqlSelect } from '../../database/sql';
import { ContactEntity } from './contact.entity';
import { DistributionListEntity } from './distribution-list.entity';

export interface ContactSearch {
  includeInactive: boolean;
  kind?: string;
  commune?: string;
  words: string[];
}

/** A natural key: kind, name, organisation and commune identify a contact. */
export interface ContactKey {
  kind: string;
  name: string;
  organisation: string | null;
  communeInsee: string | null;
}

/** Who receives a message, as recipientsSelect takes it (the rules of src/domain/contacts/recipient-rules.ts). */
export interface RecipientQuery {
  audience: RecipientAudience;
  /** The kinds that belong to the audience (belongsToAudience). */
  kinds: readonly ContactKind[];
  /** Normalised INSEE codes of the event's communes. */
  communes: readonly string[];
  /** When given (even empty), the union of these lists replaces the audience's default. */
  lists?: { staticIds: readonly string[]; rules: readonly DynamicRule[] };
  exerciseOnly: boolean;
}

const kindsOf = (group: ContactGroup) => CONTACT_KINDS.filter((k) => contactGroup(k) === group);

// One import at a time: two imports of overlapping files would race on the same natural keys.
const IMPORT_LOCK = 0x636f6e74616374;
// The sample is checked and loaded under one lock, so that the check still holds when the rows are written.
const SAMPLE_LOCK = 0x73616d706c65;

/**
 * The SQL of contacts, distribution lists and their members. `m`: the
 * caller's transaction (a unit of work, an import), else the pool.
 */
@Injectable()
export class ContactsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of the contacts that match, by name, and how many match. */
  search(q: ContactSearch, page: number, pageSize: number): Promise<[ContactEntity[], number]> {
    const qb = this.dataSource.getRepository(ContactEntity).createQueryBuilder('c');
    if (!q.includeInactive) qb.andWhere('c.active');
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.commune) qb.andWhere('c.commune_insee = :commune', { commune: q.commune });
    for (const [i, word] of q.words.entries()) {
      const like = `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(`(c.name ILIKE :w${i} OR c.organisation ILIKE :w${i} OR c.email ILIKE :w${i})`, { [`w${i}`]: like });
    }
    return qb
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.organisation', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
  }

  contact(id: string): Promise<ContactEntity | null> {
    return this.dataSource.getRepository(ContactEntity).findOne({ where: { id } });
  }

  /** The contact holding this natural key, if any. */
  async idOfKey(k: ContactKey): Promise<string | null> {
    const [other] = await this.dataSource.query(`SELECT id FROM contacts WHERE kind = $1 AND name = $2 AND organisation IS NOT DISTINCT FROM $3 AND commune_insee IS NOT DISTINCT FROM $4`, [
      k.kind,
      k.name,
      k.organisation,
      k.communeInsee,
    ]);
    return other ? other.id : null;
  }

  /**
   * The recipients of a message as one SELECT (contact_id, name, email, mobile,
   * exercise_participant), each active contact at most once: the same rules as
   * selectRecipients in src/domain/contacts/recipient-rules.ts, written in SQL
   * so that a dispatch to 35,000 mayors inserts its deliveries with INSERT …
   * SELECT and never holds them in memory. A change of the rules changes both
   * (test/contacts/resolve-recipients.medium-spec.ts compares them).
   */
  recipientsSelect(q: RecipientQuery): SqlSelect {
    return {
      build(first) {
        const params: unknown[] = [];
        const p = (v: unknown, cast: string) => {
          params.push(v);
          return `$${first + params.length - 1}::${cast}`;
        };
        const communes = () => p([...q.communes], 'text[]');
        const rule = (r: DynamicRule): string => {
          switch (r.type) {
            case 'mayors_of_affected_communes':
              return `(c.kind = ANY(${p([...KINDS_WITH_COMMUNE], 'text[]')}) AND c.commune_insee = ANY(${communes()}))`;
            case 'elected_all':
              return `c.kind = ANY(${p(kindsOf('elected'), 'text[]')})`;
            case 'media_all':
              return `c.kind = ANY(${p(kindsOf('media'), 'text[]')})`;
            case 'exercise_participants':
              return 'c.exercise_participant';
          }
        };
        let chosen: string;
        if (q.lists) {
          const any = [
            ...(q.lists.staticIds.length ? [`c.id IN (SELECT contact_id FROM distribution_list_members WHERE list_id = ANY(${p([...q.lists.staticIds], 'uuid[]')}))`] : []),
            ...q.lists.rules.map(rule),
          ];
          chosen = any.length ? any.join(' OR ') : 'false';
        } else if (q.audience === 'media') {
          chosen = `c.kind = ANY(${p(kindsOf('media'), 'text[]')})`;
        } else {
          chosen = `c.kind = ANY(${p(kindsOf('elected'), 'text[]')}) AND (c.commune_insee IS NULL OR c.commune_insee = ANY(${communes()}))`;
        }
        const sql = `SELECT c.id AS contact_id, c.name, c.email, c.mobile, c.exercise_participant
           FROM contacts c
          WHERE c.active AND c.kind = ANY(${p([...q.kinds], 'text[]')})${q.exerciseOnly ? ' AND c.exercise_participant' : ''} AND (${chosen})`;
        return { sql, params };
      },
    };
  }

  /** The rows of recipientsSelect, in the order of the views (for a few recipients; a dispatch inserts from the SELECT). */
  async recipients(
    q: RecipientQuery,
    m: EntityManager = this.dataSource.manager,
  ): Promise<{ contact_id: string; name: string; email: string | null; mobile: string | null; exercise_participant: boolean }[]> {
    const { sql, params } = this.recipientsSelect(q).build(1);
    return m.query(`SELECT r.* FROM (${sql}) r JOIN contacts o ON o.id = r.contact_id ORDER BY o.name, o.organisation NULLS FIRST, o.id`, params);
  }

  /** Static list names of each contact, for the views. */
  async listNamesOf(contactIds: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (contactIds.length === 0) return out;
    const rows: { contact_id: string; name: string }[] = await m.query(
      `SELECT m.contact_id, l.name FROM distribution_list_members m JOIN distribution_lists l ON l.id = m.list_id
        WHERE m.contact_id = ANY($1::uuid[]) ORDER BY l.name`,
      [contactIds],
    );
    for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), r.name]);
    return out;
  }

  // --- lists

  lists(): Promise<DistributionListEntity[]> {
    return this.dataSource.getRepository(DistributionListEntity).find({ order: { kind: 'ASC', name: 'ASC' } });
  }

  list(id: string): Promise<DistributionListEntity | null> {
    return this.dataSource.getRepository(DistributionListEntity).findOne({ where: { id } });
  }

  listsById(ids: string[], m: EntityManager = this.dataSource.manager): Promise<DistributionListEntity[]> {
    return m.findBy(DistributionListEntity, { id: In(ids) });
  }

  /** Every active contact, in the order of the views (what a list's rules select from). */
  activeContacts(): Promise<ContactEntity[]> {
    return this.dataSource.getRepository(ContactEntity).find({ where: { active: true }, order: { name: 'ASC', organisation: { direction: 'ASC', nulls: 'FIRST' }, id: 'ASC' } });
  }

  /** Per static list, its active members. */
  async activeMemberCounts(m: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    const counts: { list_id: string; n: string }[] = await m.query(
      `SELECT m.list_id, count(*) AS n FROM distribution_list_members m JOIN contacts c ON c.id = m.contact_id WHERE c.active GROUP BY m.list_id`,
    );
    return new Map(counts.map((c) => [c.list_id, Number(c.n)]));
  }

  /** Which of these ids are active contacts. */
  async activeIdsAmong(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const found: { id: string }[] = ids.length ? await m.query('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) AND active', [ids]) : [];
    return new Set(found.map((f) => f.id));
  }

  /** The member contact ids of these static lists, per list. */
  async staticMembers(listIds: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (listIds.length === 0) return out;
    const rows: { list_id: string; contact_id: string }[] = await m.query('SELECT list_id, contact_id FROM distribution_list_members WHERE list_id = ANY($1::uuid[])', [listIds]);
    // Pushed, not copied: a copy per member made a list of 35,000 take minutes (quadratic).
    for (const r of rows) {
      const ids = out.get(r.list_id);
      if (ids) ids.push(r.contact_id);
      else out.set(r.list_id, [r.contact_id]);
    }
    return out;
  }

  // --- the CSV import (every write in the import's transaction)

  /** Held until the import's transaction ends. */
  async lockImports(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  listsNamed(names: string[], m: EntityManager = this.dataSource.manager): Promise<{ id: string; name: string; kind: string }[]> {
    return m.query('SELECT id, name, kind FROM distribution_lists WHERE name = ANY($1::text[])', [names]);
  }

  /** The contacts that hold these natural keys. */
  async byKeys(keys: ContactKey[], m: EntityManager = this.dataSource.manager): Promise<ExistingContact[]> {
    const found: Record<string, unknown>[] = await m.query(
      `SELECT c.id, c.kind, c.name, c.organisation, c.commune_insee, c.email, c.mobile, c.exercise_participant, c.active
         FROM contacts c
         JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(kind, name, organisation, commune)
           ON c.kind = k.kind AND c.name = k.name AND c.organisation IS NOT DISTINCT FROM k.organisation AND c.commune_insee IS NOT DISTINCT FROM k.commune`,
      [keys.map((r) => r.kind), keys.map((r) => r.name), keys.map((r) => r.organisation), keys.map((r) => r.communeInsee)],
    );
    return found.map((f) => ({
      id: f.id as string,
      kind: f.kind as ExistingContact['kind'],
      name: f.name as string,
      organisation: f.organisation as string | null,
      communeInsee: f.commune_insee as string | null,
      email: f.email as string | null,
      mobile: f.mobile as string | null,
      exerciseParticipant: f.exercise_participant as boolean,
      active: f.active as boolean,
    }));
  }

  /** One statement for the batch (unnest); the new rows' keys and ids. */
  insertContacts(m: EntityManager, part: ImportedFields[]): Promise<{ id: string; kind: string; name: string; organisation: string | null; commune_insee: string | null }[]> {
    return m.query(
      `INSERT INTO contacts (kind, name, organisation, commune_insee, email, mobile, exercise_participant, active)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[])
       RETURNING id, kind, name, organisation, commune_insee`,
      [
        part.map((f) => f.kind),
        part.map((f) => f.name),
        part.map((f) => f.organisation),
        part.map((f) => f.communeInsee),
        part.map((f) => f.email),
        part.map((f) => f.mobile),
        part.map((f) => f.exerciseParticipant),
        part.map((f) => f.active),
      ],
    );
  }

  async updateContacts(m: EntityManager, part: { id: string; fields: ImportedFields }[]): Promise<void> {
    await m.query(
      `UPDATE contacts c SET organisation = u.organisation, email = u.email, mobile = u.mobile,
              exercise_participant = u.exercise_participant, active = u.active, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::boolean[]) AS u(id, organisation, email, mobile, exercise_participant, active)
        WHERE c.id = u.id`,
      [
        part.map((u) => u.id),
        part.map((u) => u.fields.organisation),
        part.map((u) => u.fields.email),
        part.map((u) => u.fields.mobile),
        part.map((u) => u.fields.exerciseParticipant),
        part.map((u) => u.fields.active),
      ],
    );
  }

  async createStaticLists(m: EntityManager, names: string[]): Promise<void> {
    await m.query(`INSERT INTO distribution_lists (name, kind, description) SELECT n, 'static', '' FROM unnest($1::text[]) AS n ON CONFLICT (name) DO NOTHING`, [names]);
  }

  /** Takes these contacts off every static list. */
  async leaveStaticLists(m: EntityManager, contactIds: string[]): Promise<void> {
    await m.query(`DELETE FROM distribution_list_members d USING distribution_lists l WHERE l.id = d.list_id AND l.kind = 'static' AND d.contact_id = ANY($1::uuid[])`, [contactIds]);
  }

  /** Puts each contact on the list named beside it. */
  async joinLists(m: EntityManager, pairs: { name: string; contactId: string }[]): Promise<void> {
    await m.query(
      `INSERT INTO distribution_list_members (list_id, contact_id)
       SELECT l.id, p.contact_id FROM unnest($1::text[], $2::uuid[]) AS p(name, contact_id) JOIN distribution_lists l ON l.name = p.name
       ON CONFLICT DO NOTHING`,
      [pairs.map((p) => p.name), pairs.map((p) => p.contactId)],
    );
  }

  // --- the sample of the embedded default

  /** Held until `m`'s transaction ends. */
  async lockSample(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SAMPLE_LOCK]);
  }

  async anyContact(m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [{ found }] = await m.query('SELECT EXISTS (SELECT 1 FROM contacts) AS found');
    return found === true;
  }
}
