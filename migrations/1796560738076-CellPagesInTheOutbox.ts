import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Cell pages become delivery rows (audience `cell`): a delivery and its content
 * belong to exactly one message or one page (CHECK), a page has one content per
 * channel (unique), and `priority` puts the pages in a lane of their own.
 * The cell's own send state (cell_pages.deliveries, send_claimed_at, sent_at)
 * is dropped: the outcome of a page is read from its deliveries.
 *
 * Reviewed by hand: the generator also proposed dropping the hand-written CHECK
 * constraints of earlier migrations (not declared on the entities) and
 * recreating the message_id indexes unchanged; both removed. A page left unsent
 * at the upgrade (its sender crashed in the second between writing and sending)
 * is not carried over: its text was never stored. Upgrade outside a cell call.
 */
export class CellPagesInTheOutbox1796560738076 implements MigrationInterface {
    name = 'CellPagesInTheOutbox1796560738076'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_cell_pages_unsent"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP COLUMN "deliveries"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP COLUMN "send_claimed_at"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" DROP COLUMN "sent_at"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD "page_id" uuid`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "page_id" uuid`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "priority" smallint NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ALTER COLUMN "message_id" DROP NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "message_id" DROP NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_delivery_contents_page" ON "delivery_contents"  ("page_id", "channel") WHERE page_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_page" ON "deliveries"  ("page_id") WHERE page_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_priority_due" ON "deliveries"  ("next_attempt_at") WHERE status = 'queued' AND priority > 0`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ADD CONSTRAINT "CHK_delivery_contents_one_source" CHECK (num_nonnulls(message_id, page_id) = 1)`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_one_source" CHECK (num_nonnulls(message_id, page_id) = 1)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_one_source"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP CONSTRAINT "CHK_delivery_contents_one_source"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_priority_due"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_page"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_delivery_contents_page"`);
        // Added by hand: the pages' deliveries have no message and cannot stay once message_id is required again.
        await queryRunner.query(`DELETE FROM "deliveries" WHERE "page_id" IS NOT NULL`);
        await queryRunner.query(`DELETE FROM "delivery_contents" WHERE "page_id" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "message_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" ALTER COLUMN "message_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "priority"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "page_id"`);
        await queryRunner.query(`ALTER TABLE "delivery_contents" DROP COLUMN "page_id"`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD "sent_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD "send_claimed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "cell_pages" ADD "deliveries" jsonb NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`CREATE INDEX "IDX_cell_pages_unsent" ON "cell_pages" USING btree ("paged_at") WHERE (sent_at IS NULL)`);
    }

}
