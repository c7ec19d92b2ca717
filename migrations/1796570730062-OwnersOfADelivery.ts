import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The owner of a delivery and its content is exactly one of a message, a cell
 * page, an exercise inject or an exercise reminder (CHECK over four columns):
 * reminders to exercise directors join the outbox, and injects stop lending
 * their id to message_id. A reminder comes before its exercise has an event,
 * so event_id may be null, for a reminder only (CHECK).
 *
 * Reviewed by hand: the generator proposed dropping the hand-written CHECK
 * constraints of earlier migrations (not declared on the entities): removed.
 * It does not see a changed CHECK expression under the same name: the
 * one-source CHECKs are dropped and recreated by hand, with the move of the
 * injects' rows from message_id to inject_id in between (they were the
 * audience `exercise_player`, the only rows whose message_id named no message).
 */
export class OwnersOfADelivery1796570730062 implements MigrationInterface {
    name = 'OwnersOfADelivery1796570730062'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP CONSTRAINT "CHK_delivery_contents_one_source"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_one_source"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD "inject_id" uuid`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD "reminder_id" uuid`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "inject_id" uuid`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "reminder_id" uuid`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ALTER COLUMN "event_id" DROP NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "event_id" DROP NOT NULL`);
        // Added by hand: the injects' rows carried the inject's id in message_id.
        await queryRunner.query(`UPDATE "delivery_contents" SET "inject_id" = "message_id", "message_id" = NULL WHERE "audience" = 'exercise_player' AND "message_id" IS NOT NULL`);
        await queryRunner.query(`UPDATE "deliveries" SET "inject_id" = "message_id", "message_id" = NULL WHERE "audience" = 'exercise_player' AND "message_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_delivery_contents_reminder" ON "delivery_contents"  ("reminder_id", "channel") WHERE reminder_id IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_delivery_contents_inject" ON "delivery_contents"  ("inject_id", "channel") WHERE inject_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_reminder" ON "deliveries"  ("reminder_id") WHERE reminder_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_inject" ON "deliveries"  ("inject_id") WHERE inject_id IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD CONSTRAINT "CHK_delivery_contents_one_source" CHECK (num_nonnulls(message_id, page_id, inject_id, reminder_id) = 1)`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_one_source" CHECK (num_nonnulls(message_id, page_id, inject_id, reminder_id) = 1)`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD CONSTRAINT "CHK_delivery_contents_event" CHECK (event_id IS NOT NULL OR reminder_id IS NOT NULL)`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_event" CHECK (event_id IS NOT NULL OR reminder_id IS NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_event"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP CONSTRAINT "CHK_delivery_contents_event"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_one_source"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP CONSTRAINT "CHK_delivery_contents_one_source"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_inject"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_reminder"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_delivery_contents_inject"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_delivery_contents_reminder"`);
        // Added by hand: reminders' rows have no event and no place before this migration; injects go back to message_id.
        await queryRunner.query(`DELETE FROM "deliveries" WHERE "reminder_id" IS NOT NULL`);
        await queryRunner.query(`DELETE FROM "delivery_contents" WHERE "reminder_id" IS NOT NULL`);
        await queryRunner.query(`UPDATE "deliveries" SET "message_id" = "inject_id" WHERE "inject_id" IS NOT NULL`);
        await queryRunner.query(`UPDATE "delivery_contents" SET "message_id" = "inject_id" WHERE "inject_id" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "event_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ALTER COLUMN "event_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "reminder_id"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "inject_id"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP COLUMN "reminder_id"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP COLUMN "inject_id"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD CONSTRAINT "CHK_delivery_contents_one_source" CHECK (num_nonnulls(message_id, page_id) = 1)`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_one_source" CHECK (num_nonnulls(message_id, page_id) = 1)`);
    }

}
