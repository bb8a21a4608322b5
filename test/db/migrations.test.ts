import { createTestDatabase, TestDatabase } from '../harness/database';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('leave nothing pending on a fresh database', async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('revert and re-apply cleanly', async () => {
    for (let i = 0; i < db.dataSource.migrations.length; i += 1) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await db.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'courses'`);
    expect(tables[0].n).toBe(0);
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('count accounts made before email verification existed as verified, and new ones as not', async () => {
    const applied = async () => (await db.dataSource.query(`SELECT name FROM migrations`)).map((r: { name: string }) => r.name);
    while ((await applied()).includes('Accounts1796610000000')) await db.dataSource.undoLastMigration({ transaction: 'each' });
    await db.dataSource.query(`INSERT INTO users (email, roles, token_version) VALUES ('before@example.com', '{LEARNER}', 0)`);
    await db.dataSource.runMigrations({ transaction: 'each' });
    await db.dataSource.query(`INSERT INTO users (email, roles, token_version) VALUES ('after@example.com', '{LEARNER}', 0)`);
    expect(
      await db.dataSource.query(
        `SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE email IN ('before@example.com', 'after@example.com') ORDER BY email`,
      ),
    ).toEqual([
      { email: 'after@example.com', verified: false },
      { email: 'before@example.com', verified: true },
    ]);
  });

  it('index Chinese text as character grams and match mixed queries', async () => {
    const rows = await db.dataSource.query(`SELECT knowpay_search_query('数据分析 Python')::text AS q, knowpay_search_query('the')::text AS stop`);
    expect(rows[0].q).toBe(`'python':* & '数据' & '据分' & '分析'`);
    expect(rows[0].stop).toBeNull();
  });
});
