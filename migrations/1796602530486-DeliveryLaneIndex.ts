import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Reviewed: TypeORM also proposed dropping and re-adding thirteen CHECK constraints of
 * other tables (the same false positive as in ProviderFallbackAndReceipts); only the
 * deliveries index is kept. A bulk lane's claim reads its channel's queue in
 * (next_attempt_at, id) order: with only (next_attempt_at), every claim of the
 * national alert sorted the whole queue of its channel (35,000 rows) to take 200.
 * The new index serves everything the old one did.
 */
export class DeliveryLaneIndex1796602530486 implements MigrationInterface {
    name = 'DeliveryLaneIndex1796602530486'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_due"`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_lane_due" ON "deliveries"  ("channel", "next_attempt_at", "id") WHERE status = 'queued' AND priority = 0`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_lane_due"`);
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_due" ON "deliveries" USING btree ("next_attempt_at") WHERE (status = 'queued'::text)`);
    }

}
