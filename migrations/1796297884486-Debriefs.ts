import { MigrationInterface, QueryRunner } from "typeorm";

export class Debriefs1796297884486 implements MigrationInterface {
    name = 'Debriefs1796297884486'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "debriefs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "phase" text NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL, "participants" jsonb NOT NULL, "went_well" jsonb NOT NULL, "to_improve" jsonb NOT NULL, "findings" jsonb NOT NULL, "written_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_19724c5ab009dd0bae12eb718f2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b444f1911d493999aa453f136c" ON "debriefs"  ("event_id", "phase") `);
        await queryRunner.query(`CREATE TABLE "debrief_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "debrief_id" uuid NOT NULL, "event_id" uuid NOT NULL, "title" text NOT NULL, "owner" text NOT NULL, "due_date" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "done_at" TIMESTAMP WITH TIME ZONE, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95c50eee25a27d17f0e57b1c281" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_844c58f46719f764a8bfaf6a3d" ON "debrief_actions"  ("due_date") `);
        await queryRunner.query(`CREATE INDEX "IDX_1e661116f03200d4bf241fa0c6" ON "debrief_actions"  ("event_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_c43e7a72f993cffc8e375ff24b" ON "debrief_actions"  ("debrief_id") `);
        // Added in review: the rules the service checks, kept true whatever writes to the tables.
        await queryRunner.query(`ALTER TABLE "debriefs" ADD CONSTRAINT "CHK_debriefs_phase" CHECK (phase IN ('hot', 'cold'))`);
        await queryRunner.query(`ALTER TABLE "debriefs" ADD CONSTRAINT "CHK_debriefs_lists" CHECK (jsonb_typeof(participants) = 'array' AND jsonb_array_length(participants) >= 1 AND jsonb_typeof(went_well) = 'array' AND jsonb_typeof(to_improve) = 'array' AND jsonb_typeof(findings) = 'array')`);
        await queryRunner.query(`ALTER TABLE "debrief_actions" ADD CONSTRAINT "CHK_debrief_actions_status" CHECK (status IN ('open', 'in_progress', 'done', 'cancelled'))`);
        await queryRunner.query(`ALTER TABLE "debrief_actions" ADD CONSTRAINT "CHK_debrief_actions_done_at" CHECK ((status = 'done') = (done_at IS NOT NULL))`);
        await queryRunner.query(`ALTER TABLE "debriefs" ADD CONSTRAINT "FK_a67faf032b17184fc287dd30c38" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "debrief_actions" ADD CONSTRAINT "FK_c43e7a72f993cffc8e375ff24b7" FOREIGN KEY ("debrief_id") REFERENCES "debriefs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "debrief_actions" DROP CONSTRAINT "CHK_debrief_actions_done_at"`);
        await queryRunner.query(`ALTER TABLE "debrief_actions" DROP CONSTRAINT "CHK_debrief_actions_status"`);
        await queryRunner.query(`ALTER TABLE "debriefs" DROP CONSTRAINT "CHK_debriefs_lists"`);
        await queryRunner.query(`ALTER TABLE "debriefs" DROP CONSTRAINT "CHK_debriefs_phase"`);
        await queryRunner.query(`ALTER TABLE "debrief_actions" DROP CONSTRAINT "FK_c43e7a72f993cffc8e375ff24b7"`);
        await queryRunner.query(`ALTER TABLE "debriefs" DROP CONSTRAINT "FK_a67faf032b17184fc287dd30c38"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c43e7a72f993cffc8e375ff24b"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1e661116f03200d4bf241fa0c6"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_844c58f46719f764a8bfaf6a3d"`);
        await queryRunner.query(`DROP TABLE "debrief_actions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b444f1911d493999aa453f136c"`);
        await queryRunner.query(`DROP TABLE "debriefs"`);
    }

}
