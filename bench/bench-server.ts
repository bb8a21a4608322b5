import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  /** Resident set size of the server process, from /proc. */
  rssMiB(): number;
  /** CPU time (user + system) the server process has used so far, from /proc: per request, it holds up on a shared machine. */
  cpuSeconds?(): number;
  stop(): Promise<void>;
}

export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8') as string;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

const root = resolve(__dirname, '../..');

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

async function waitFor(url: string, child: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/**
 * Waits (at most `seconds`) until the server uses under 5% of a core over a second. On a fresh database the seed's
 * first model training runs on a worker thread after /readyz answers; measured beside it, every figure would be low.
 */
async function settle(pid: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let before = cpuSecondsOf(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuSecondsOf(pid);
    if (!(now - before > 0.05)) return;
    before = now;
  }
}

function stopper(child: ChildProcess) {
  return () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
}

/** Benchmarks sign up and sign in thousands of users from one address; the credential throttles would (rightly) stop them. */
export const ONE_ADDRESS_MANY_USERS: Record<string, string> = {
  THROTTLE_SIGNIN_PER_ACCOUNT_ADDRESS: '1000000000/60',
  THROTTLE_SIGNIN_PER_ACCOUNT: '1000000000/60',
  THROTTLE_SIGNUP_PER_ADDRESS: '1000000000/60',
  THROTTLE_CREDENTIALS_PER_ADDRESS: '1000000000/60',
};

/**
 * Benchmark and test users chat, start trials and become creators right after signing up: their sign-ups count
 * as verified (EMAIL_AUTO_VERIFY; the server refuses it with NODE_ENV=production, so production-mode runs leave it out).
 */
export const VERIFIED_SIGN_UPS: Record<string, string> = { EMAIL_AUTO_VERIFY: 'true' };

/** Node flags for the server processes, e.g. BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in NODE_OPTIONS). */
const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** Starts the real server (dist/src/main.js) in its own process, like production. */
export async function startKnowpay(env: Record<string, string>, port: number): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, resolve(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...ONE_ADDRESS_MANY_USERS,
      ...((env.NODE_ENV ?? process.env.NODE_ENV) === 'production' ? {} : VERIFIED_SIGN_UPS),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/readyz`, child, 180);
  await settle(child.pid!, 180);
  return { url, child, rssMiB: () => rssOf(child.pid!), cpuSeconds: () => cpuSecondsOf(child.pid!), stop: stopper(child) };
}

/**
 * The ceiling: a bare node:http server answering a fixed body: `bytes` bytes of JSON (a string of x), or exactly the
 * given text. The load generator decodes every answer as UTF-8 in JavaScript (autocannon 8), and text beyond ASCII
 * slows it down: a bare server answering the catalog page (1,164 characters beyond ASCII in 21,245 bytes) got
 * 20,194–21,573 req/s, and the same page with those characters as '?' got 48,893–50,986. The page's own bytes are
 * the ceiling its cached answers face.
 */
export async function startBareServer(port: number, body: number | string): Promise<RunningProcess> {
  const file = join(tmpdir(), `knowpay-bench-body-${process.pid}-${port}.json`);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify({ data: 'x'.repeat(Math.max(0, body - 12)) }));
  const script = `const body = require('node:fs').readFileSync(${JSON.stringify(file)});
    require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }); })
      .listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(url, child, 10);
  } finally {
    // Read when the server started; nothing needs it once the server answers (or failed to start).
    rmSync(file, { force: true });
  }
  return { url, child, rssMiB: () => rssOf(child.pid!), cpuSeconds: () => cpuSecondsOf(child.pid!), stop: stopper(child) };
}
