import { MigrationInterface, QueryRunner } from "typeorm";

export class MessagesAndDeliveries1795934341344 implements MigrationInterface {
    name = 'MessagesAndDeliveries1795934341344'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "delivery_contents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "message_id" uuid NOT NULL, "audience" text NOT NULL, "channel" text NOT NULL, "subject" text, "text" text NOT NULL, "html" text, "marker" text NOT NULL, "exercise" boolean NOT NULL, "factual" boolean NOT NULL, "first_accepted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_44bb7d2527ad18d9ee77b1bfd9e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_76cb9f60dee8bd859490adf5d4" ON "delivery_contents"  ("message_id", "audience", "channel") `);
        await queryRunner.query(`CREATE TABLE "deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "content_id" uuid NOT NULL, "event_id" uuid NOT NULL, "message_id" uuid NOT NULL, "audience" text NOT NULL, "channel" text NOT NULL, "contact_id" uuid, "recipient_name" text, "address" text, "exercise_participant" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "lease_token" uuid, "lease_until" TIMESTAMP WITH TIME ZONE, "proof" jsonb, "last_error" text, "accepted_at" TIMESTAMP WITH TIME ZONE, "reconcile_retried" boolean NOT NULL DEFAULT false, "needs_review" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deliveries_post" ON "deliveries"  ("content_id") WHERE contact_id IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_deliveries_recipient" ON "deliveries"  ("content_id", "contact_id") WHERE contact_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_84dfe9bef8b1e11dca4616c06c" ON "deliveries"  ("message_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_unknown" ON "deliveries"  ("updated_at") WHERE status = 'unknown' AND NOT needs_review`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_leased" ON "deliveries"  ("lease_until") WHERE status = 'sending'`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_due" ON "deliveries"  ("next_attempt_at") WHERE status = 'queued'`);
        await queryRunner.query(`CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "bulletin_no" SERIAL NOT NULL, "marker" text, "mode" text NOT NULL, "factual" boolean NOT NULL DEFAULT true, "channels" jsonb NOT NULL, "list_ids" jsonb NOT NULL DEFAULT '{}', "variables" jsonb NOT NULL, "renderings" jsonb NOT NULL DEFAULT '[]', "status" text NOT NULL DEFAULT 'draft', "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "approved_by" text, "approved_at" TIMESTAMP WITH TIME ZONE, "dispatched_by" text, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_c5c43e55d8e280a7251716e030c" UNIQUE ("bulletin_no"), CONSTRAINT "UQ_569988ee3772593e2f32439621e" UNIQUE ("marker"), CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ee562fc93f3f681793803e89a8" ON "messages"  ("event_id", "created_at") `);
        // Added in review: the states the worker and the console know, and nothing else.
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_status" CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown', 'sandboxed'))`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_lease" CHECK (status <> 'sending' OR (lease_token IS NOT NULL AND lease_until IS NOT NULL))`);
        await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "CHK_messages_status" CHECK (status IN ('draft', 'approved', 'dispatched'))`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "FK_e767b520d716410d78f2a05a1de" FOREIGN KEY ("content_id") REFERENCES "delivery_contents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "FK_46b8af64422890b3ca2511cb31d" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "CHK_messages_status"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_lease"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_status"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_46b8af64422890b3ca2511cb31d"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_e767b520d716410d78f2a05a1de"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ee562fc93f3f681793803e89a8"`);
        await queryRunner.query(`DROP TABLE "messages"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_due"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_leased"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_unknown"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_84dfe9bef8b1e11dca4616c06c"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_deliveries_recipient"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_deliveries_post"`);
        await queryRunner.query(`DROP TABLE "deliveries"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_76cb9f60dee8bd859490adf5d4"`);
        await queryRunner.query(`DROP TABLE "delivery_contents"`);
    }

}
