import { MigrationInterface, QueryRunner } from "typeorm";

export class ExerciseProgrammeAndInjects1796298749143 implements MigrationInterface {
    name = 'ExerciseProgrammeAndInjects1796298749143'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "exercise_calendar_tokens" ("user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "UQ_1dc471b9d20bb363b390cfd7a23" UNIQUE ("token_hash"), CONSTRAINT "PK_83fd4ff4adee94f40b5e458a869" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "exercises" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "planned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "year" integer NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "objectives" jsonb NOT NULL DEFAULT '[]', "commitments" jsonb NOT NULL DEFAULT '[]', "communes" jsonb NOT NULL DEFAULT '[]', "director" jsonb NOT NULL, "players" jsonb NOT NULL DEFAULT '[]', "status" text NOT NULL DEFAULT 'planned', "event_id" uuid, "started_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "msel_started_at" TIMESTAMP WITH TIME ZONE, "msel_paused_at" TIMESTAMP WITH TIME ZONE, "msel_paused_ms" bigint NOT NULL DEFAULT '0', "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "UQ_984317aff3d450036c44f94f4dd" UNIQUE ("event_id"), CONSTRAINT "CHK_exercises_started" CHECK ("status" IN ('planned', 'cancelled') OR ("event_id" IS NOT NULL AND "started_at" IS NOT NULL)), CONSTRAINT "CHK_exercises_type" CHECK ("type" IN ('tabletop', 'functional', 'full_scale')), CONSTRAINT "CHK_exercises_status" CHECK ("status" IN ('planned', 'running', 'held', 'cancelled')), CONSTRAINT "PK_c4c46f5fa89a58ba7c2d894e3c3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_11b7cf7895923a7a749641bb3f" ON "exercises"  ("year", "planned_at") `);
        await queryRunner.query(`CREATE TABLE "exercise_injects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "position" integer NOT NULL, "offset_minutes" double precision NOT NULL, "scenario" text NOT NULL, "recipient" text NOT NULL, "means" text NOT NULL, "expected_action" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "fire_at" TIMESTAMP WITH TIME ZONE, "fired_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "response" text, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by" text, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "CHK_exercise_injects_offset" CHECK ("offset_minutes" >= 0), CONSTRAINT "CHK_exercise_injects_means" CHECK ("means" IN ('console', 'email', 'sms')), CONSTRAINT "CHK_exercise_injects_status" CHECK ("status" IN ('pending', 'delivered', 'skipped')), CONSTRAINT "PK_8c7bb7fa9cd7e35ae945f80ad47" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_exercise_injects_unfired" ON "exercise_injects"  ("fire_at") WHERE fired_at IS NULL AND fire_at IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "exercise_programmes" ("year" integer NOT NULL, "target" integer NOT NULL, "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "CHK_exercise_programmes_target" CHECK ("target" >= 0), CONSTRAINT "PK_ad875a7b0491e4834288458ec66" PRIMARY KEY ("year"))`);
        await queryRunner.query(`CREATE TABLE "exercise_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "lead_minutes" integer NOT NULL, "fire_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_0af02bd2752879d25f99957038e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_exercise_reminders_unfired" ON "exercise_reminders"  ("fire_at") WHERE fired_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "exercises" ADD CONSTRAINT "FK_984317aff3d450036c44f94f4dd" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "exercise_injects" ADD CONSTRAINT "FK_8551a0c50393803cf41227123b2" FOREIGN KEY ("exercise_id") REFERENCES "exercises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "exercise_reminders" ADD CONSTRAINT "FK_02b74832d51068fb443783f8b4d" FOREIGN KEY ("exercise_id") REFERENCES "exercises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "exercise_reminders" DROP CONSTRAINT "FK_02b74832d51068fb443783f8b4d"`);
        await queryRunner.query(`ALTER TABLE "exercise_injects" DROP CONSTRAINT "FK_8551a0c50393803cf41227123b2"`);
        await queryRunner.query(`ALTER TABLE "exercises" DROP CONSTRAINT "FK_984317aff3d450036c44f94f4dd"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_exercise_reminders_unfired"`);
        await queryRunner.query(`DROP TABLE "exercise_reminders"`);
        await queryRunner.query(`DROP TABLE "exercise_programmes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_exercise_injects_unfired"`);
        await queryRunner.query(`DROP TABLE "exercise_injects"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_11b7cf7895923a7a749641bb3f"`);
        await queryRunner.query(`DROP TABLE "exercises"`);
        await queryRunner.query(`DROP TABLE "exercise_calendar_tokens"`);
    }

}
