import { verifyPassword } from '../../src/identity/password';
import { DEMO_PASSWORD } from '../../seeds/demo-accounts';
import { DEMO_CATEGORIES } from '../../seeds/demo-catalog';
import { seedDemoData } from '../../seeds/seed-demo';
import { createTestDatabase, type TestDatabase } from '../harness/database';

describe('seeding demo data into a database that already has people and categories', () => {
  let db: TestDatabase;
  let existing: { userId: string; categoryId: string };
  let categoriesBefore = 0;
  const log: string[] = [];
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(text, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    // Someone registered with the demo learner's email and the demo creator's handle before the demo was turned on,
    // and an admin already renamed the base set's Programming category (every database gets the base set from its migration).
    const [user] = await sql<{ id: string }>(`INSERT INTO users (email) VALUES ('Learner@knowpay.local') RETURNING id`);
    await sql(`INSERT INTO profiles (user_id, handle, display_name) VALUES ($1, 'Lin.Wei', 'Someone Else')`, [user.id]);
    const [[category]] = await sql<any>(`UPDATE categories SET name = 'Programming (ours)' WHERE slug = 'programming' RETURNING id`);
    existing = { userId: user.id, categoryId: category.id };
    categoriesBefore = (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM categories`))[0].n;
    await seedDemoData(db.dataSource, { log: (line) => log.push(line) });
  });
  afterAll(async () => db.drop());

  it('leaves the existing user and category exactly as they were', async () => {
    expect(
      await sql(`SELECT u.email, u.password_hash, p.handle, p.display_name FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.id = $1`, [
        existing.userId,
      ]),
    ).toEqual([{ email: 'Learner@knowpay.local', password_hash: null, handle: 'Lin.Wei', display_name: 'Someone Else' }]);
    expect(await sql(`SELECT name FROM categories WHERE slug = 'programming'`)).toEqual([{ name: 'Programming (ours)' }]);
  });

  it('moves the demo rows aside and says so', async () => {
    const [learner] = await sql<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = 'learner+demo@knowpay.local'`);
    expect(await verifyPassword(DEMO_PASSWORD, learner.password_hash)).toBe(true);
    const [creator] = await sql<{ email: string }>(`SELECT u.email FROM users u JOIN profiles p ON p.user_id = u.id WHERE p.handle = 'lin.wei-demo'`);
    expect(creator.email).toBe('creator@knowpay.local');
    expect(log).toEqual(
      expect.arrayContaining([
        'demo email learner@knowpay.local is taken; using learner+demo@knowpay.local',
        'demo handle lin.wei is taken; using lin.wei-demo',
      ]),
    );
  });

  it('files demo programming courses under the category that was already there', async () => {
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM course_categories WHERE category_id = $1`, [existing.categoryId]);
    expect(n).toBeGreaterThan(0);
    // Every demo category is in the base set already: the demo uses those and adds none.
    const [{ categories }] = await sql<{ categories: number }>(`SELECT count(*)::int AS categories FROM categories`);
    const demoSlugs = DEMO_CATEGORIES.map((c) => c.slug);
    const [{ present }] = await sql<{ present: number }>(`SELECT count(*)::int AS present FROM categories WHERE slug = ANY($1::text[])`, [demoSlugs]);
    expect(present).toBe(DEMO_CATEGORIES.length);
    expect(categories).toBe(categoriesBefore);
  });
});
