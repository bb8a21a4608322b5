import type { RunFigures } from './catalog.bench';
import type { CheckoutFigures } from './checkout.bench';
import type { RealtimeFigures } from './realtime.bench';

/**
 * The read-path goals of issue 18, judged from one `npm run bench` run: every
 * figure beside the bare node:http ceiling (2 KB) measured in the same run.
 *
 * Vendure's figures in the issue were measured beside a ceiling of 37,241
 * req/s, so "50× Vendure's catalog page" is a share of the ceiling here
 * (50 × 9.2 / 37,241), which holds on a machine of any speed. The absolute
 * targets (p99s, 1,000 req/s) are printed as they were set, with the share of
 * the ceiling they stand for on the issue's machine (1,000 of 42,813).
 */
const VENDURE = { ceiling: 37_241, catalogPage: 9.2, productBySlug: 81.6 };
const ISSUE_CEILING = 42_813;

export interface GoalRow {
  goal: string;
  measured: string;
  target: string;
  met: 'yes' | 'NO' | '-';
}

export interface BenchReport {
  catalog?: { runs: RunFigures[]; serverRssMiB: number };
  realtime?: { fanout: RealtimeFigures['fanout'] };
  checkout?: CheckoutFigures;
  recommend?: { runs: RunFigures[]; serverRssMiB: Record<string, number> };
}

const share = (requestsPerSecond: number, ceiling: number) => Math.round((requestsPerSecond / ceiling) * 10_000) / 10_000;
const verdict = (ok: boolean): GoalRow['met'] => (ok ? 'yes' : 'NO');

/** Rows for the goals whose benches ran; none without the catalog bench (it measures the ceiling). */
export function readPathGoals(report: BenchReport): GoalRow[] {
  const runs = report.catalog?.runs ?? [];
  const ceiling = runs.find((r) => r.name.startsWith('bare node:http (2,048'))?.requestsPerSecond;
  if (!ceiling) return [];
  const run = (prefix: string) => runs.find((r) => r.name.startsWith(prefix));
  const rows: GoalRow[] = [];
  const page = run('catalog page (first: 20), no cache');
  if (page) {
    const target = (50 * VENDURE.catalogPage) / VENDURE.ceiling;
    const s = share(page.requestsPerSecond, ceiling);
    rows.push(
      {
        goal: 'catalog page ≥ 50× Vendure (share of ceiling)',
        measured: `${page.requestsPerSecond} req/s = ${s} (${Math.round(s / (VENDURE.catalogPage / VENDURE.ceiling))}× Vendure)`,
        target: `≥ ${target.toFixed(4)}`,
        met: verdict(s >= target),
      },
      { goal: 'catalog page p99 at 50 connections', measured: `${page.p99Ms} ms`, target: '< 150 ms', met: verdict(page.p99Ms < 150) },
      {
        goal: 'catalog page SQL statements',
        measured: String(page.sqlStatementsPerRequest ?? '-'),
        target: '≤ 5',
        met: page.sqlStatementsPerRequest === undefined ? '-' : verdict(page.sqlStatementsPerRequest <= 5),
      },
    );
  }
  const slug = run('course by slug, no cache');
  if (slug) {
    const target = (15 * VENDURE.productBySlug) / VENDURE.ceiling;
    const s = share(slug.requestsPerSecond, ceiling);
    rows.push({
      goal: 'course by slug ≥ 15× Vendure (share of ceiling)',
      measured: `${slug.requestsPerSecond} req/s = ${s} (${Math.round(s / (VENDURE.productBySlug / VENDURE.ceiling))}× Vendure)`,
      target: `≥ ${target.toFixed(4)}`,
      met: verdict(s >= target),
    });
  }
  // The same page's bytes answered by a bare server: what this client can take of that content (see startBareServer).
  const samePage = run('bare node:http (the catalog page');
  for (const kind of ['persisted GET', 'persisted GET, br', 'POST']) {
    const cached = runs.find((r) => r.name.startsWith(`catalog page, cached (${kind})`));
    if (!cached) continue;
    const s = share(cached.requestsPerSecond, ceiling);
    const ofSamePage =
      samePage && !kind.endsWith('br') ? `; ${share(cached.requestsPerSecond, samePage.requestsPerSecond)} of a bare server answering the same page` : '';
    rows.push({
      goal: `cached catalog page (${kind}), share of ceiling`,
      measured: `${cached.requestsPerSecond} req/s = ${s}${ofSamePage}`,
      target: '≥ 0.25',
      met: verdict(s >= 0.25),
    });
  }
  const fanout = report.realtime?.fanout;
  if (fanout) {
    rows.push({
      goal: `chat fan-out p99, ${fanout.subscribers} subscribers`,
      measured: `${fanout.p99Ms} ms (${fanout.deliveriesPerSecond} deliveries/s, ${fanout.lost} lost)`,
      target: '< 100 ms',
      met: verdict(fanout.p99Ms < 100 && fanout.lost === 0),
    });
  }
  const recommended = report.recommend?.runs.find((r) => r.name.includes('cached') && !r.name.includes('uncached'));
  if (recommended) {
    rows.push({
      goal: 'recommendedCourses(first: 10), cached',
      measured: `${recommended.requestsPerSecond} req/s = ${share(recommended.requestsPerSecond, ceiling)}, p99 ${recommended.p99Ms} ms`,
      target: `≥ 1,000 req/s (${share(1000, ISSUE_CEILING)} of the issue's ceiling), p99 < 150 ms`,
      met: verdict(recommended.requestsPerSecond >= 1000 && recommended.p99Ms < 150),
    });
  }
  if (report.checkout) {
    rows.push({
      goal: 'checkout: the ledger balances',
      measured: `${report.checkout.requestsPerSecond} req/s, ${report.checkout.ledgerProblems} ledger problems`,
      target: '0 problems',
      met: verdict(report.checkout.ledgerProblems === 0),
    });
  }
  const rss: Array<[string, number]> = [['catalog load', report.catalog!.serverRssMiB]];
  if (fanout) rss.push(['2,000 sockets receiving', fanout.serverRssUnderLoadMiB]);
  for (const [label, mib] of Object.entries(report.recommend?.serverRssMiB ?? {})) rss.push([`recommendations, ${label}`, mib]);
  const highest = rss.reduce((a, b) => (b[1] > a[1] ? b : a));
  rows.push({
    goal: 'server RSS under load, models loaded',
    measured: `highest ${highest[1]} MiB (${highest[0]}); ${rss.map(([label, mib]) => `${label} ${mib}`).join(', ')}`,
    target: '< 400 MiB',
    met: verdict(highest[1] < 400),
  });
  return rows;
}
