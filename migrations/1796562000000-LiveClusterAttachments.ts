import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: the table @socket.io/postgres-adapter uses for a live
 * broadcast too large for NOTIFY (8000 bytes), when several instances share
 * the database. Not an entity: only the adapter reads and writes it, and it
 * deletes rows older than 30 seconds itself. Columns as the adapter expects.
 */
export class LiveClusterAttachments1796562000000 implements MigrationInterface {
  name = 'LiveClusterAttachments1796562000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "socket_io_attachments" ("id" bigserial NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "payload" bytea NOT NULL, CONSTRAINT "PK_socket_io_attachments" PRIMARY KEY ("id"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "socket_io_attachments"`);
  }
}
