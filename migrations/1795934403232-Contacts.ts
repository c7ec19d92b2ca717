import { MigrationInterface, QueryRunner } from "typeorm";

export class Contacts1795934403232 implements MigrationInterface {
    name = 'Contacts1795934403232'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "name" text NOT NULL, "organisation" text, "commune_insee" text, "email" text, "mobile" text, "exercise_participant" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_contacts_email_or_mobile" CHECK ("email" IS NOT NULL OR "mobile" IS NOT NULL), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_contacts_commune" ON "contacts"  ("commune_insee") `);
        await queryRunner.query(`CREATE TABLE "distribution_lists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "kind" text NOT NULL, "rule" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_dfa52edef6a849c6a12d945e6c0" UNIQUE ("name"), CONSTRAINT "PK_f10014ae041fc3b5e0ccd722631" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "distribution_list_members" ("list_id" uuid NOT NULL, "contact_id" uuid NOT NULL, CONSTRAINT "PK_07f8ad1c776409425b05e422cee" PRIMARY KEY ("list_id", "contact_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_845e71f1083f2cd72edb39efa3" ON "distribution_list_members"  ("contact_id") `);
        await queryRunner.query(`ALTER TABLE "distribution_list_members" ADD CONSTRAINT "FK_978da6ab9ea94860e06bc3a46f4" FOREIGN KEY ("list_id") REFERENCES "distribution_lists"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "distribution_list_members" ADD CONSTRAINT "FK_845e71f1083f2cd72edb39efa32" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Added in review: the natural key, so that a re-import updates a contact instead of adding it twice.
        // NULLS NOT DISTINCT (PostgreSQL 15+): an MP has no commune, and two rows for one MP must still collide.
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_contacts_natural_key" ON "contacts" ("kind", "name", "organisation", "commune_insee") NULLS NOT DISTINCT`);
        // Added in review: what the application already checks, held by the database too (also declared
        // with @Check on the entities, so that a later migration:generate keeps them).
        await queryRunner.query(`ALTER TABLE "contacts" ADD CONSTRAINT "CHK_contacts_mobile_e164" CHECK ("mobile" IS NULL OR "mobile" ~ '^\\+[1-9][0-9]{6,14}$')`);
        await queryRunner.query(`ALTER TABLE "distribution_lists" ADD CONSTRAINT "CHK_distribution_lists_kind" CHECK (("kind" = 'static' AND "rule" IS NULL) OR ("kind" = 'dynamic' AND "rule" IS NOT NULL))`);
        // Added in review (data, not schema): the dynamic lists every prefecture needs. Their rules are
        // evaluated by src/domain/contacts/recipient-rules.ts when recipients are resolved.
        await queryRunner.query(`INSERT INTO "distribution_lists" ("name", "description", "kind", "rule") VALUES
            ('mayors_of_affected_communes', 'Maires et maires adjoints des communes touchées par l''événement', 'dynamic', '{"type":"mayors_of_affected_communes"}'),
            ('elected_all', 'Tous les élus (maires, adjoints, parlementaires, conseillers départementaux et régionaux)', 'dynamic', '{"type":"elected_all"}'),
            ('media_all', 'Tous les médias (rédactions et agences)', 'dynamic', '{"type":"media_all"}'),
            ('exercise_participants', 'Tous les participants aux exercices', 'dynamic', '{"type":"exercise_participants"}')
            ON CONFLICT ("name") DO NOTHING`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // Added in review: the hand-made constraints go with their tables below.
        await queryRunner.query(`DROP INDEX "public"."UQ_contacts_natural_key"`);
        await queryRunner.query(`ALTER TABLE "distribution_list_members" DROP CONSTRAINT "FK_845e71f1083f2cd72edb39efa32"`);
        await queryRunner.query(`ALTER TABLE "distribution_list_members" DROP CONSTRAINT "FK_978da6ab9ea94860e06bc3a46f4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_845e71f1083f2cd72edb39efa3"`);
        await queryRunner.query(`DROP TABLE "distribution_list_members"`);
        await queryRunner.query(`DROP TABLE "distribution_lists"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_contacts_commune"`);
        await queryRunner.query(`DROP TABLE "contacts"`);
    }

}
