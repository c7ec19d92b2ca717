import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions opened through the identity federation (OpenID Connect): how the
 * person signed in, and the provider's ID token for the logout at the provider.
 * Generated, then trimmed: the generator also wanted to drop the hand-written
 * CHECK constraints of earlier migrations, which it does not know about.
 */
export class FederatedSessions1796561909217 implements MigrationInterface {
  name = 'FederatedSessions1796561909217';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" ADD "method" text NOT NULL DEFAULT 'password'`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "id_token" text`);
    // By hand: the two ways in, and an ID token only on a federated session.
    await queryRunner.query(`ALTER TABLE "sessions" ADD CONSTRAINT "CHK_sessions_method" CHECK (method IN ('password', 'oidc') AND (id_token IS NULL OR method = 'oidc'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "CHK_sessions_method"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "id_token"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "method"`);
  }
}
