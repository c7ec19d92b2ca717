import { MigrationInterface, QueryRunner } from "typeorm";

export class MajorEventsAndClocks1795880990818 implements MigrationInterface {
    name = 'MajorEventsAndClocks1795880990818'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "kind" text NOT NULL, "mode" text NOT NULL, "communes" jsonb NOT NULL, "synergi_ref" text, "status" text NOT NULL DEFAULT 'open', "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "cod_decided_at" TIMESTAMP WITH TIME ZONE, "cod_recorded_at" TIMESTAMP WITH TIME ZONE, "cod_decided_by" text, "cod_recorded_by" text, "cod_reason" text, "cell_called_at" TIMESTAMP WITH TIME ZONE, "cell_operational_at" TIMESTAMP WITH TIME ZONE, "cip_ordered_at" TIMESTAMP WITH TIME ZONE, "cip_recorded_at" TIMESTAMP WITH TIME ZONE, "cip_ordered_by" text, "cip_number" text, "cip_opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "event_facts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "audience" text NOT NULL, "manual" boolean NOT NULL, "description" text NOT NULL, "means" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "recorded_by" text NOT NULL, "delivery_id" uuid, CONSTRAINT "PK_c5abd3fa5359c1c08601a5756d4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b875767d0d7aa03f28140eb13b" ON "event_facts"  ("event_id", "audience", "occurred_at") `);
        await queryRunner.query(`CREATE TABLE "event_timers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "commitment_key" text NOT NULL, "kind" text NOT NULL, "lead_minutes" integer NOT NULL, "fire_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, "late" boolean, "outcome" text, CONSTRAINT "PK_a7d0c20d0dc40eca8eef1e639fb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_event_timers_unfired" ON "event_timers"  ("fire_at") WHERE fired_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_969212d58a5fad251728d4d3fb" ON "event_timers"  ("event_id", "commitment_key", "kind", "lead_minutes", "fire_at") `);
        await queryRunner.query(`ALTER TABLE "event_facts" ADD CONSTRAINT "FK_2ec9f281dc5e2f21188a736b024" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "event_timers" ADD CONSTRAINT "FK_707cf3a9a064f61fe0f4f85534d" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Added in review: the timeline of an event also gathers entries whose subject is one
        // of its messages or deliveries; they carry the event id in their payload.
        await queryRunner.query(`CREATE INDEX "IDX_audit_log_event_id" ON "audit_log" ((payload->>'eventId'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_event_id"`);
        await queryRunner.query(`ALTER TABLE "event_timers" DROP CONSTRAINT "FK_707cf3a9a064f61fe0f4f85534d"`);
        await queryRunner.query(`ALTER TABLE "event_facts" DROP CONSTRAINT "FK_2ec9f281dc5e2f21188a736b024"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_969212d58a5fad251728d4d3fb"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_event_timers_unfired"`);
        await queryRunner.query(`DROP TABLE "event_timers"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b875767d0d7aa03f28140eb13b"`);
        await queryRunner.query(`DROP TABLE "event_facts"`);
        await queryRunner.query(`DROP TABLE "events"`);
    }

}
