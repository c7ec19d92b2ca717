import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand: an index on an expression, which migration:generate cannot
 * produce (the entity declares it with synchronize: false so that the
 * generator leaves it alone). An SMS sent in a batch shares its job's tag with
 * the others; its delivery report is tied to it by the id the gateway gave its
 * number, kept as proof.jobId: 35,000 reports after a national alert, each
 * found by this index rather than by a scan of the outbox.
 */
export class SmsJobIndex1796600000000 implements MigrationInterface {
    name = 'SmsJobIndex1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_deliveries_sms_job" ON "deliveries" (("proof" ->> 'jobId')) WHERE channel = 'sms' AND proof IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_sms_job"`);
    }
}
