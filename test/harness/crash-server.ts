import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ONE_ADDRESS_MANY_USERS, VERIFIED_SIGN_UPS } from '../../bench/bench-server';

/**
 * Crash testing: the real server (`node dist/src/main.js`, as production
 * runs it) in a child process that a test can SIGKILL at any moment and
 * start again on the same port and database. Nothing is shut down
 * gracefully: a kill loses whatever the process held in memory, exactly
 * like a power cut or an OOM kill, and only what PostgreSQL committed
 * survives.
 */

/** The project root: above test/harness here, above dist/test/harness when compiled for bench/. */
const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
const MAIN = join(ROOT, 'dist/src/main.js');

/** Builds dist/ when it is missing or older than the sources (`npm test` builds first, so this is usually a no-op). */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}

/** A free TCP port on 127.0.0.1 (the server keeps it across restarts, so webhooks pointing at it keep working). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface CrashServerOptions {
  databaseUrl: string;
  /** Extra environment for the server (STRIPE_*, retry delays, …). */
  env?: Record<string, string>;
  port?: number;
  /** How long a start may take before it counts as failed. Default 60 s. */
  startTimeoutMs?: number;
}

export interface CrashServer {
  readonly url: string;
  readonly port: number;
  /** The running process's id, or null between a kill and the next start. */
  readonly pid: number | null;
  /** Starts the process and resolves once /readyz answers 200. */
  start(): Promise<void>;
  /** SIGKILL: no drain, no cleanup. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop, for the end of a test. */
  stop(): Promise<void>;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** How many times the process was started. */
  readonly starts: number;
}

const KEEP_OUTPUT = 200;

export async function crashServer(options: CrashServerOptions): Promise<CrashServer> {
  ensureBuilt();
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | null = null;
  let starts = 0;
  // CRASH_SERVER_LOG=<file>: everything every start of the process wrote, for digging into a failed run.
  const logFile = process.env.CRASH_SERVER_LOG;
  const remember = (chunk: Buffer) => {
    if (logFile) appendFileSync(logFile, chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > KEEP_OUTPUT) lines.splice(0, lines.length - KEEP_OUTPUT);
  };
  const exited = (proc: ChildProcess) =>
    new Promise<void>((done) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return done();
      proc.once('exit', () => done());
    });

  const server: CrashServer = {
    url,
    port,
    get pid() {
      return child?.pid ?? null;
    },
    get starts() {
      return starts;
    },
    async start() {
      if (child) throw new Error('the crash-test server is already running');
      starts += 1;
      const proc = spawn(process.execPath, [MAIN], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: options.databaseUrl,
          SEED_DEMO_DATA: 'false',
          LOG_LEVEL: 'warn',
          KNOWPAY_ADMIN_EMAIL: 'admin@knowpay.test',
          KNOWPAY_ADMIN_PASSWORD: 'admin-password',
          JOB_POLL_SECONDS: '1',
          // The load signs up and signs in many buyers from this one address.
          ...ONE_ADDRESS_MANY_USERS,
          ...VERIFIED_SIGN_UPS,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout!.on('data', remember);
      proc.stderr!.on('data', remember);
      proc.once('exit', () => {
        if (child === proc) child = null;
      });
      const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`the server exited while starting (${proc.exitCode ?? proc.signalCode}):\n${server.output()}`);
        try {
          if ((await fetch(`${url}/readyz`)).ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      proc.kill('SIGKILL');
      throw new Error(`the server did not become ready within ${options.startTimeoutMs ?? 60_000} ms:\n${server.output()}`);
    },
    async kill() {
      const proc = child;
      if (!proc) return;
      proc.kill('SIGKILL');
      await exited(proc);
      child = null;
    },
    async stop() {
      const proc = child;
      if (!proc) return;
      proc.kill('SIGTERM');
      const forced = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited(proc);
      clearTimeout(forced);
      child = null;
    },
    output: () => lines.join('\n'),
  };
  return server;
}

export interface GraphQLAnswer<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/**
 * POSTs one GraphQL operation to `url`. A dead or dying server makes fetch
 * throw (connection refused or reset): callers that retry catch that.
 */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string | null,
  timeoutMs = 30_000,
): Promise<GraphQLAnswer<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { data?: T; errors?: GraphQLAnswer['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}
