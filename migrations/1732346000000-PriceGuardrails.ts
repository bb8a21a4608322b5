import { MigrationInterface, QueryRunner } from 'typeorm';

/** Creator-set bounds for pricing suggestions, in the course's own currency (minor units). */
export class PriceGuardrails1732346000000 implements MigrationInterface {
  name = 'PriceGuardrails1732346000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE courses ADD COLUMN price_floor integer CHECK (price_floor > 0), ADD COLUMN price_ceiling integer CHECK (price_ceiling > 0),
      ADD CONSTRAINT courses_price_bounds CHECK (price_floor IS NULL OR price_ceiling IS NULL OR price_floor <= price_ceiling)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE courses DROP CONSTRAINT courses_price_bounds, DROP COLUMN price_floor, DROP COLUMN price_ceiling');
  }
}
