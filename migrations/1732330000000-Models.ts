import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model module's tables: trained model versions (ml_models), and the
 * price evidence the pricing suggestions learn from (price_impressions: every
 * price a visitor was shown; purchase_outcomes: which of them were bought).
 */
export class Models1732330000000 implements MigrationInterface {
  name = 'Models1732330000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per trained model version. `header` is the snapshot without its
    // weights (kind, format, params, meta, weight layout); `payload` holds the
    // weights as one binary blob (see src/ml/model-snapshot.ts).
    await q.query(`
      CREATE TABLE ml_models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        version text NOT NULL,
        format_version integer NOT NULL,
        trained_at timestamptz NOT NULL,
        metrics jsonb NOT NULL DEFAULT '{}',
        header jsonb NOT NULL,
        payload bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, version)
      )`);
    await q.query(`CREATE INDEX ml_models_kind_created_idx ON ml_models (kind, created_at DESC)`);

    await q.query(`
      CREATE TABLE price_impressions (
        id bigserial PRIMARY KEY,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        price_amount integer NOT NULL CHECK (price_amount > 0),
        price_currency char(3) NOT NULL,
        context text NOT NULL CHECK (context IN ('QUOTE','COURSE_PAGE','CHECKOUT')),
        shown_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX price_impressions_course_idx ON price_impressions (course_id, price_currency, price_amount)`);
    await q.query(`CREATE INDEX price_impressions_user_idx ON price_impressions (user_id, course_id) WHERE user_id IS NOT NULL`);

    // order_id has no foreign key: orders belong to the commerce module, and an
    // outcome must be recordable from whichever module settles the payment.
    await q.query(`
      CREATE TABLE purchase_outcomes (
        id bigserial PRIMARY KEY,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        order_id uuid NOT NULL,
        price_amount integer NOT NULL CHECK (price_amount > 0),
        price_currency char(3) NOT NULL,
        purchased_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (order_id, course_id)
      )`);
    await q.query(`CREATE INDEX purchase_outcomes_course_idx ON purchase_outcomes (course_id, price_currency, price_amount)`);

    // Recommendations read one viewer's ratings on every request.
    await q.query(`CREATE INDEX reviews_user_idx ON reviews (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS reviews_user_idx`);
    for (const table of ['purchase_outcomes', 'price_impressions', 'ml_models']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
