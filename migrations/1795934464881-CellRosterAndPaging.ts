import { MigrationInterface, QueryRunner } from "typeorm";

export class CellRosterAndPaging1795934464881 implements MigrationInterface {
    name = 'CellRosterAndPaging1795934464881'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "cell_activations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "called_at" TIMESTAMP WITH TIME ZONE NOT NULL, "called_by" text NOT NULL, "event_title" text NOT NULL, "event_kind_label" text NOT NULL, "exercise" boolean NOT NULL, "uncovered_roles" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_2f402d482274404c6a500eb3371" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a7e5885d7947930f01b8e66040" ON "cell_activations"  ("event_id") `);
        await queryRunner.query(`CREATE TABLE "cell_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "role" text NOT NULL, "email" text NOT NULL, "phone" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_80d10cfb9c4294e090c4cd83c41" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "cell_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "member_id" uuid NOT NULL, "role" text, "from_at" TIMESTAMP WITH TIME ZONE NOT NULL, "to_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c50340cc73c8cec46e255c4511" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a5b4ca4ab604742a55070c5454" ON "cell_overrides"  ("to_at") `);
        await queryRunner.query(`CREATE TABLE "cell_pages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "activation_id" uuid NOT NULL, "event_id" uuid NOT NULL, "member_id" uuid NOT NULL, "member_name" text NOT NULL, "role" text NOT NULL, "round" integer NOT NULL, "chain" uuid array NOT NULL, "paged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ack_jti" uuid NOT NULL, "ack_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acked_at" TIMESTAMP WITH TIME ZONE, "acked_via" text, "acked_by" text, "link_used_at" TIMESTAMP WITH TIME ZONE, "escalate_at" TIMESTAMP WITH TIME ZONE, "escalation_claimed_at" TIMESTAMP WITH TIME ZONE, "escalation_outcome" text, "deliveries" jsonb NOT NULL DEFAULT '{}', "send_claimed_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5574beceb57507aff371c6154cc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_cell_pages_unsent" ON "cell_pages"  ("paged_at") WHERE sent_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_cell_pages_escalation_due" ON "cell_pages"  ("escalate_at") WHERE escalation_claimed_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cell_pages_ack_jti" ON "cell_pages"  ("ack_jti") `);
        await queryRunner.query(`CREATE INDEX "IDX_eb40fd7f7ec6844dd4e2597556" ON "cell_pages"  ("activation_id", "role") `);
        await queryRunner.query(`CREATE INDEX "IDX_9253329b96d6d2bebab57400f4" ON "cell_pages"  ("event_id") `);
        await queryRunner.query(`CREATE TABLE "cell_rotations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "role" text NOT NULL, "start_local" text NOT NULL, "shift_hours" integer NOT NULL DEFAULT '168', "member_ids" uuid array NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d7de8085fa9c6c7b6d679e891d1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_46d7875149948cc84d1b974eb7" ON "cell_rotations"  ("role") `);
        await queryRunner.query(`CREATE TABLE "cell_secrets" ("name" text NOT NULL, "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_54645ebdb40fe442fb630e9d7e3" PRIMARY KEY ("name"))`);
        // Added in review: the rules the service checks, kept true whatever writes to the tables.
        await queryRunner.query(`ALTER TABLE "cell_overrides" ADD CONSTRAINT "CHK_cell_overrides_kind" CHECK ((kind = 'swap' AND role IS NOT NULL) OR (kind = 'leave' AND role IS NULL))`);
        await queryRunner.query(`ALTER TABLE "cell_overrides" ADD CONSTRAINT "CHK_cell_overrides_interval" CHECK (to_at > from_at)`);
        await queryRunner.query(`ALTER TABLE "cell_rotations" ADD CONSTRAINT "CHK_cell_rotations_shift" CHECK (shift_hours >= 1 AND cardinality(member_ids) >= 1)`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD CONSTRAINT "CHK_cell_pages_round" CHECK (round >= 1)`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD CONSTRAINT "CHK_cell_pages_ack" CHECK ((acked_at IS NULL AND acked_via IS NULL) OR (acked_at IS NOT NULL AND acked_via IN ('link', 'console')))`);
        await queryRunner.query(`ALTER TABLE "cell_activations" ADD CONSTRAINT "FK_a7e5885d7947930f01b8e66040c" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cell_overrides" ADD CONSTRAINT "FK_908a7a3cd595f63afcd85a8e90d" FOREIGN KEY ("member_id") REFERENCES "cell_members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD CONSTRAINT "FK_e6ad079235f65eea6a924d25cfe" FOREIGN KEY ("activation_id") REFERENCES "cell_activations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD CONSTRAINT "FK_9253329b96d6d2bebab57400f49" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD CONSTRAINT "FK_e8701eeb44c6af4122c7cb30c11" FOREIGN KEY ("member_id") REFERENCES "cell_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP CONSTRAINT "CHK_cell_pages_ack"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP CONSTRAINT "CHK_cell_pages_round"`);
        await queryRunner.query(`ALTER TABLE "cell_rotations" DROP CONSTRAINT "CHK_cell_rotations_shift"`);
        await queryRunner.query(`ALTER TABLE "cell_overrides" DROP CONSTRAINT "CHK_cell_overrides_interval"`);
        await queryRunner.query(`ALTER TABLE "cell_overrides" DROP CONSTRAINT "CHK_cell_overrides_kind"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP CONSTRAINT "FK_e8701eeb44c6af4122c7cb30c11"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP CONSTRAINT "FK_9253329b96d6d2bebab57400f49"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP CONSTRAINT "FK_e6ad079235f65eea6a924d25cfe"`);
        await queryRunner.query(`ALTER TABLE "cell_overrides" DROP CONSTRAINT "FK_908a7a3cd595f63afcd85a8e90d"`);
        await queryRunner.query(`ALTER TABLE "cell_activations" DROP CONSTRAINT "FK_a7e5885d7947930f01b8e66040c"`);
        await queryRunner.query(`DROP TABLE "cell_secrets"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_46d7875149948cc84d1b974eb7"`);
        await queryRunner.query(`DROP TABLE "cell_rotations"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9253329b96d6d2bebab57400f4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_eb40fd7f7ec6844dd4e2597556"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cell_pages_ack_jti"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cell_pages_escalation_due"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cell_pages_unsent"`);
        await queryRunner.query(`DROP TABLE "cell_pages"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a5b4ca4ab604742a55070c5454"`);
        await queryRunner.query(`DROP TABLE "cell_overrides"`);
        await queryRunner.query(`DROP TABLE "cell_members"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a7e5885d7947930f01b8e66040"`);
        await queryRunner.query(`DROP TABLE "cell_activations"`);
    }

}
