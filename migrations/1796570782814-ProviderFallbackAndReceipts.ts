import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Reviewed: TypeORM also proposed dropping and re-adding eleven CHECK constraints of
 * other tables (its diff of normalised check expressions, a known false positive);
 * only the deliveries changes below are kept. Which provider accepted a delivery,
 * and the receipt the provider sent later (SMS delivery report, email bounce).
 */
export class ProviderFallbackAndReceipts1796570782814 implements MigrationInterface {
    name = 'ProviderFallbackAndReceipts1796570782814'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "provider" text`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "receipt_status" text`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "receipt_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD "receipt_detail" text`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_receipt" CHECK (receipt_status IS NULL OR receipt_status IN ('delivered', 'bounced', 'expired'))`);
        await queryRunner.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "CHK_deliveries_provider" CHECK (provider IS NULL OR provider IN ('primary', 'secondary'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_provider"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "CHK_deliveries_receipt"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "receipt_detail"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "receipt_at"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "receipt_status"`);
        await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "provider"`);
    }

}
