import type { DataSource } from 'typeorm';
import type { AppServices } from '../src/kernel/context';
import { inTransaction } from '../src/kernel/transaction';
import { issueStatements } from '../src/commerce/creator-statement.service';
import { lastClosedMonth, monthContaining, monthOf, type Month } from '../src/common/month';
import { issueInvoices } from '../src/partners/partner-invoice.service';
import { DEMO_ACCOUNTS, hashDemoPasswords } from './demo-accounts';
import { placeAmongExistingRows } from './demo-collisions';
import { shiftDemoDates } from './demo-clock';
import { DEMO_SEED, generateDemoData } from './demo-data';
import { type DemoHistoryResult, replayDemoHistory } from './demo-history';
import type { ProgressReporter } from '../src/ml/progress';
import type { DemoData } from './demo-rows';
import { type DemoStaging, planDemoStaging, stagedRows } from './demo-staging';
import { demoUserId } from './demo-users';
import { type BulkInsert, bulkInsert } from './bulk-insert';
import { SeededRandom } from './random';

/**
 * Puts the demo data set into a database once. Safe to call on every start:
 * when the demo users are already there (their ids are fixed), it inserts
 * nothing. Otherwise everything goes in one transaction — a crash halfway
 * leaves no half-seeded catalog — under an advisory lock, so a server and the
 * seed CLI starting together cannot both insert.
 */
export interface SeedDemoResult {
  inserted: boolean;
  /** Rows this call inserted, by table; empty when the data was already present. */
  counts: Record<string, number>;
}

export interface SeedDemoOptions {
  log?: (line: string) => void;
  /** The moment the demo's reference date is moved to (default: now): its activity ends there. */
  now?: Date;
  /** Lay the rows down for a replay of the shop's history (seedDemo does); the held reviews then wait for the replay to queue them. */
  staging?: (data: DemoData) => DemoStaging;
}

export interface SeededDemo extends SeedDemoResult {
  /** What the replay did; absent when the data was already present. */
  history?: DemoHistoryResult;
}

/**
 * The whole demo: the generated world (users, catalog, progress, reviews) in
 * one transaction, then its last months replayed through the services
 * (demo-history.ts): purchases, coupons, a price test, tips, refunds, a
 * partner's sales and seat pack, moderation, chat. `services` are the
 * instance's (their job workers need not run: settlement of the test
 * provider's payments happens on the request path). The replay runs after
 * the catalog's transaction commits (the services open their own): if it
 * fails, the error says where, and the database keeps a catalog whose
 * history is incomplete; seed a fresh one (remove `.data/postgres`).
 */
export async function seedDemo(
  services: AppServices,
  options: { log?: (line: string) => void; progress?: ProgressReporter; now?: Date } = {},
): Promise<SeededDemo> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  if (services.payments.name !== 'test') {
    // The history's purchases settle at once only with the built-in provider; against Stripe they would be real charges.
    log(`the demo's history is replayed only with the built-in test payment provider (this server uses ${services.payments.name}): seeding the catalog alone`);
    return seedDemoData(services.db, { log, now });
  }
  const rng = new SeededRandom(DEMO_SEED).fork('history');
  const plan: { data?: DemoData; staging?: DemoStaging } = {};
  const seeded = await seedDemoData(services.db, {
    log,
    now,
    staging: (data) => {
      plan.data = data;
      plan.staging = planDemoStaging(rng.fork('staging'), data, now);
      return plan.staging;
    },
  });
  if (!seeded.inserted || !plan.data || !plan.staging) return seeded;
  log(
    `seeded the demo catalog: ${Object.entries(seeded.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  const history = await replayDemoHistory(services, rng.fork('story'), plan.data, plan.staging, { now, progress: options.progress });
  log(
    `replayed the demo's history: ${Object.entries(history.played)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}` +
      (Object.keys(history.refused).length
        ? `; refused by the services: ${Object.entries(history.refused)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')}`
        : ''),
  );
  // The months the history closed get their creator statements and partner invoices, as the monthly jobs would have issued them.
  const issued = { statements: 0, invoices: 0 };
  for (const month of closedMonthsSince(new Date(now.getTime() - HISTORY_DAYS * 86_400_000), now)) {
    issued.statements += await issueStatements(services, month);
    issued.invoices += await issueInvoices(services, month);
  }
  log(`issued ${issued.statements} creator statements and ${issued.invoices} partner invoices for the months the history closed`);
  // The models a server loaded before the history existed know nothing of it: train them on it now.
  log('training the recommendation models on the demo history…');
  const trainingStarted = performance.now();
  const version = await services.models.retrainRecommenders();
  log(`trained models ${version} in ${Math.round(performance.now() - trainingStarted)} ms`);
  return { ...seeded, history };
}

const SEED_LOCK = 'knowpay:seed-demo';

/** How far back the generated activity reaches (180 days before the moment of seeding, with some margin). */
const HISTORY_DAYS = 190;

/** Every month that has ended, from the one containing `from` up to the last before `now`, oldest first. */
function closedMonthsSince(from: Date, now: Date): Month[] {
  const months: Month[] = [];
  const last = lastClosedMonth(now);
  for (let month = monthContaining(from); month.start <= last.start; month = monthOf(month.start.getUTCFullYear(), month.start.getUTCMonth() + 1)) {
    months.push(month);
  }
  return months;
}

/**
 * The generated world alone (see the note on SeedDemoResult). Without
 * `staging` it is a catalog for tests that need no history: its PURCHASE
 * enrollments then have no orders behind them; `seedDemo` is the whole demo.
 */
export async function seedDemoData(dataSource: DataSource, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const log = options.log ?? (() => undefined);
  return inTransaction(dataSource, async ({ manager }) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SEED_LOCK]);
    // The named accounts are inserted with everything else, so they mark the whole set;
    // checking them before generating or hashing anything keeps a restart cheap.
    if (await demoDataPresent(manager)) {
      // Also when some demo rows were deleted since: the demo is not re-created behind anyone's back.
      log('demo data already present; nothing inserted');
      return { inserted: false, counts: {} };
    }

    // Generated against the fixed reference date, then moved so that it ends now.
    const generated = shiftDemoDates(generateDemoData(), options.now ?? new Date());
    // By user id, since an account whose email was taken signs in under a new one.
    const hashes = await hashDemoPasswords();
    const passwordHashes = new Map(
      generated.users.flatMap((u) => {
        const hash = hashes.get(u.email.toLowerCase());
        return hash ? [[u.id, hash] as const] : [];
      }),
    );
    const placed = await placeAmongExistingRows(manager, generated);
    placed.notes.forEach(log);
    const staging = options.staging?.(placed.data) ?? null;
    const counts: Record<string, number> = {};
    for (const insert of demoInserts(staging ? stagedRows(placed.data, staging) : placed.data, passwordHashes))
      counts[insert.table] = await insert.run(manager);
    if (staging) return { inserted: true, counts };
    // Without a replay, the held demo reviews wait in the moderation queue unscored.
    const held: Array<{ id: string }> = await manager.query(
      `INSERT INTO moderation_cases (content_kind, content_id, author_id, excerpt, held, priority, reasons)
       SELECT 'REVIEW', id, user_id, coalesce(body, ''), true, 60, ARRAY['held for review (demo data)'] FROM reviews
       WHERE visibility = 'PENDING_REVIEW' AND id = ANY($1::uuid[]) RETURNING id`,
      [placed.data.reviews.map((r) => r.id)],
    );
    counts.moderation_cases = held.length;
    return { inserted: true, counts };
  });
}

/** Whether the demo was seeded here already (its named accounts have fixed ids); cheap, for a restart. */
export async function demoDataPresent(db: Pick<DataSource, 'query'>): Promise<boolean> {
  const [{ present }] = await db.query(`SELECT count(*)::int AS present FROM users WHERE id = ANY($1::uuid[])`, [
    DEMO_ACCOUNTS.map((a) => demoUserId(a.handle)),
  ]);
  return present > 0;
}

/**
 * One insert per table, parents before children. Counters (enrollment_count,
 * rating_sum, …) are written as generated: they already match the rows.
 * search_vector is not among the fields; the courses trigger fills it.
 */
function demoInserts(data: DemoData, passwordHashesByUserId: ReadonlyMap<string, string>): BulkInsert[] {
  // Only the named demo accounts can sign in; everyone else has no password at all. Demo addresses count as verified.
  const users = data.users.map((user) => ({ ...user, passwordHash: passwordHashesByUserId.get(user.id) ?? null, emailVerifiedAt: user.createdAt }));
  return [
    bulkInsert('users', users),
    bulkInsert('profiles', data.profiles),
    bulkInsert('creators', data.creators),
    bulkInsert('categories', data.categories, { onConflictDoNothing: true }),
    bulkInsert('courses', data.courses),
    bulkInsert('course_categories', data.courseCategories, { onConflictDoNothing: true }),
    bulkInsert('sections', data.sections),
    bulkInsert('lessons', data.lessons),
    bulkInsert('membership_plans', data.membershipPlans),
    bulkInsert('plan_courses', data.planCourses, { onConflictDoNothing: true }),
    bulkInsert('enrollments', data.enrollments),
    bulkInsert('lesson_progress', data.lessonProgress),
    bulkInsert('reviews', data.reviews),
    bulkInsert('quizzes', data.quizzes),
    bulkInsert('quiz_questions', data.quizQuestions),
    bulkInsert('quiz_attempts', data.quizAttempts),
    bulkInsert('quiz_answers', data.quizAnswers),
    bulkInsert('live_sessions', data.liveSessions),
  ];
}
