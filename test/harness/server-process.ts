import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERIFIED_SIGN_UPS } from '../../bench/bench-server';
import type { TestDatabase } from './database';

/**
 * The compiled server (`node dist/src/main.js`, built by `npm test`) in a
 * child process of its own, over a test database: what a hostile client or a
 * crash reaches. A request that hangs its event loop cannot hang the test
 * runner, and the process can be killed like a real one.
 */
export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then waits up to `ms` for a graceful exit; true when it exited in time. */
  terminate(ms?: number): Promise<boolean>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
const TEST_MAIL_DIR = join(tmpdir(), `knowpay-test-mail-${process.pid}`);

export async function startServerProcess(db: Pick<TestDatabase, 'url'>, env: Record<string, string> = {}, readyMs = 60_000): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      KNOWPAY_ADMIN_EMAIL: 'admin@knowpay.test',
      KNOWPAY_ADMIN_PASSWORD: 'admin-password',
      // Sign-ups count as verified unless a test says otherwise (EMAIL_AUTO_VERIFY: 'false'; never in production mode); mail goes to a temporary folder.
      ...(env.NODE_ENV === 'production' ? {} : VERIFIED_SIGN_UPS),
      MAIL_DIR: TEST_MAIL_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it answered:\n${output}`);
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within ${readyMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    url,
    port,
    child,
    output: () => output,
    kill,
    async terminate(ms = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return true;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), ms);
        }),
      ]);
      clearTimeout(timer);
      if (!inTime) await kill();
      return inTime;
    },
  };
}

/** POSTs one GraphQL body (or any JSON) with a deadline; a hang becomes `{ status: 0, timedOut: true }`. */
export async function postGraphQL(url: string, body: unknown, options: { token?: string | null; ms?: number; headers?: Record<string, string> } = {}) {
  const started = Date.now();
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(options.ms ?? 10_000),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, text, json, ms: Date.now() - started, timedOut: false };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { status: 0, headers: new Headers(), text: '', json: null, ms: Date.now() - started, timedOut: true };
    throw error;
  }
}
