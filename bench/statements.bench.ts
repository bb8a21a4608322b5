import { issueStatements } from '../src/commerce/creator-statement.service';
import { lastClosedMonth, monthOf } from '../src/common/month';
import { issueInvoices } from '../src/partners/partner-invoice.service';
import { createDataSource } from '../src/server/data-source';
import type { JobQueue } from '../src/jobs/job-queue';
import { startKnowpay } from './bench-server';

/**
 * Issuing a month's creator statements and partner invoices over a big
 * ledger. The server migrates the database; then BENCH_STATEMENT_CREATORS
 * synthetic creators and BENCH_STATEMENT_PARTNERS partners get
 * BENCH_STATEMENT_JOURNALS sale journals (three postings each; a fifth of
 * them partner sales) spread over the last two closed months, loaded in bulk
 * (triggers off for the load only). Figures: the first issue of the month
 * (all rows new), a second one (idempotent: nothing new), the same for
 * invoices.
 */
export interface StatementBenchFigures {
  creators: number;
  partners: number;
  journals: number;
  postings: number;
  loadSeconds: number;
  statementsIssued: number;
  issueStatementsMs: number;
  reissueStatementsMs: number;
  invoicesIssued: number;
  issueInvoicesMs: number;
  reissueInvoicesMs: number;
}

const CREATORS = Number(process.env.BENCH_STATEMENT_CREATORS ?? 2000);
const PARTNERS = Number(process.env.BENCH_STATEMENT_PARTNERS ?? 50);
const JOURNALS = Number(process.env.BENCH_STATEMENT_JOURNALS ?? 200_000);

/** Records nothing: no webhook endpoints exist, so recordPartnerEvent never enqueues. */
const noJobs = { enqueue: async () => undefined } as unknown as JobQueue;

export async function statementsBench(env: Record<string, string>, databaseUrl: string): Promise<StatementBenchFigures> {
  const server = await startKnowpay(env, 4517);
  const db = createDataSource(databaseUrl, { poolSize: 2 });
  await db.initialize();
  try {
    const loadStarted = Date.now();
    const month = lastClosedMonth();
    const before = monthOf(month.start.getUTCFullYear(), month.start.getUTCMonth() - 1);
    await db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`CREATE TEMP TABLE bench_users ON COMMIT DROP AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, $1) n`, [CREATORS]);
      await m.query(`INSERT INTO users (id, email) SELECT id, 'bench-creator-' || id || '@example.com' FROM bench_users`);
      await m.query(`CREATE TEMP TABLE bench_creators ON COMMIT DROP AS SELECT n, gen_random_uuid() AS id, id AS user_id FROM bench_users`);
      await m.query(`INSERT INTO creators (id, user_id) SELECT id, user_id FROM bench_creators`);
      await m.query(`CREATE TEMP TABLE bench_partners ON COMMIT DROP AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1) n`, [PARTNERS]);
      await m.query(`INSERT INTO partners (id, name, commission_bps) SELECT id, 'Bench partner ' || n, 1500 FROM bench_partners`);
      await m.query(`INSERT INTO ledger_accounts (code, kind, creator_id) SELECT 'creator:' || id || ':payable', 'LIABILITY', id FROM bench_creators`);
      await m.query(`INSERT INTO ledger_accounts (code, kind) SELECT 'partner:' || id || ':receivable', 'ASSET' FROM bench_partners`);
      await m.query(`INSERT INTO ledger_accounts (code, kind) VALUES ('platform:revenue', 'REVENUE'), ('cash:test', 'ASSET') ON CONFLICT (code) DO NOTHING`);
      // Journal i: creator i mod N, in one of the two months, a fifth of them partner sales (funded by a receivable).
      await m.query(
        `CREATE TEMP TABLE bench_journals ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, i, c.id AS creator_id, p.id AS partner_id, 1000 + (i * 37) % 9000 AS amount,
               CASE WHEN i % 2 = 0 THEN $4::timestamptz ELSE $5::timestamptz END + (i % 20) * interval '1 day' AS at
          FROM generate_series(1, $3) i JOIN bench_creators c ON c.n = 1 + i % $1
          LEFT JOIN bench_partners p ON i % 5 = 0 AND p.n = 1 + (i / 5) % $2`,
        [CREATORS, PARTNERS, JOURNALS, before.start, month.start],
      );
      await m.query(`INSERT INTO ledger_journals (id, kind, currency, memo, created_at)
        SELECT id, CASE WHEN partner_id IS NULL THEN 'SALE' ELSE 'PARTNER_SALE' END, 'CNY', 'bench ' || i, at FROM bench_journals`);
      await m.query(`INSERT INTO ledger_postings (journal_id, account_id, amount, creator_id)
        SELECT j.id, a.id, j.amount, NULL FROM bench_journals j
          JOIN ledger_accounts a ON a.code = CASE WHEN j.partner_id IS NULL THEN 'cash:test' ELSE 'partner:' || j.partner_id || ':receivable' END
        UNION ALL
        SELECT j.id, a.id, -(j.amount * 8 / 10), j.creator_id FROM bench_journals j JOIN ledger_accounts a ON a.code = 'creator:' || j.creator_id || ':payable'
        UNION ALL
        SELECT j.id, (SELECT id FROM ledger_accounts WHERE code = 'platform:revenue'), -(j.amount - j.amount * 8 / 10), j.creator_id FROM bench_journals j`);
    });
    await db.query('ANALYZE ledger_postings; ANALYZE ledger_journals; ANALYZE ledger_accounts');
    const loadSeconds = Math.round((Date.now() - loadStarted) / 100) / 10;
    const [{ postings }] = await db.query('SELECT count(*)::int AS postings FROM ledger_postings');
    const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const result = await run();
      return [result, Math.round(performance.now() - started)];
    };
    const [statementsIssued, issueStatementsMs] = await timed(() => issueStatements({ db }, month));
    const [, reissueStatementsMs] = await timed(() => issueStatements({ db }, month));
    const [invoicesIssued, issueInvoicesMs] = await timed(() => issueInvoices({ db, jobs: noJobs }, month));
    const [, reissueInvoicesMs] = await timed(() => issueInvoices({ db, jobs: noJobs }, month));
    return {
      creators: CREATORS,
      partners: PARTNERS,
      journals: JOURNALS,
      postings,
      loadSeconds,
      statementsIssued,
      issueStatementsMs,
      reissueStatementsMs,
      invoicesIssued,
      issueInvoicesMs,
      reissueInvoicesMs,
    };
  } finally {
    await db.destroy();
    await server.stop();
  }
}
