import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './server-process';

/**
 * What `npm test` needs besides PostgreSQL (global-setup finds or starts
 * that): Redis, and Chromium for the admin panel's browser tests. It starts
 * what it can (a redis-server of its own when one is installed and nothing
 * answers), and otherwise stops at once, naming what is missing and how to
 * get it, instead of failing test by test with connection errors.
 */
export const REDIS_URL_VARIABLE = 'TEST_REDIS_URL';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export class MissingPrerequisite extends Error {
  constructor(message: string) {
    super(`npm test cannot run here: ${message}`);
    this.name = 'MissingPrerequisite';
  }
}

/** Whether a Redis server answers PING at `url` within a second. */
export function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // +PONG, or an error such as -NOAUTH: something that speaks Redis is there.
    socket.once('data', (data) => done(/^[+-]/.test(String(data))));
  });
}

export function installed(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Returns the redis-server this run started, if it started one (global-teardown stops it). */
export async function ensureRedis(env: NodeJS.ProcessEnv = process.env, defaultUrl = DEFAULT_REDIS_URL): Promise<ChildProcess | null> {
  const given = env[REDIS_URL_VARIABLE];
  if (given) {
    if (await redisAnswers(given)) return null;
    throw new MissingPrerequisite(
      `${REDIS_URL_VARIABLE}=${given} does not answer. Start that Redis, or unset ${REDIS_URL_VARIABLE} to use 127.0.0.1:6379 (or a redis-server the tests start).`,
    );
  }
  if (await redisAnswers(defaultUrl)) {
    env[REDIS_URL_VARIABLE] = defaultUrl;
    return null;
  }
  if (!installed('redis-server')) {
    throw new MissingPrerequisite(
      `Redis is needed (the cluster, rate-limit and pub/sub tests), nothing answers at ${defaultUrl}, and redis-server is not installed. ` +
        'Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or point TEST_REDIS_URL at a Redis.',
    );
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  process.once('exit', () => child.kill());
  const url = `redis://127.0.0.1:${port}`;
  for (let tries = 0; !(await redisAnswers(url)); tries += 1) {
    if (child.exitCode !== null || tries > 50) {
      child.kill();
      throw new MissingPrerequisite(`redis-server did not start on port ${port} (exit code ${child.exitCode}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  env[REDIS_URL_VARIABLE] = url;
  return child;
}

/** Debian's chromium (CI installs it, see .ci/run), or CHROMIUM_PATH: the admin panel's browser tests drive it. */
export function ensureChromium(env: NodeJS.ProcessEnv = process.env): void {
  const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  throw new MissingPrerequisite(
    `Chromium is needed for the admin panel's browser tests (test/admin-ui) and ${path} does not exist. ` +
      'Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

/** The families fontconfig has for Chinese ('' when none, or when fontconfig is not installed). */
function chineseFontFamilies(): string {
  const listed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return listed.status === 0 ? listed.stdout.trim() : '';
}

/**
 * A CJK font for Chromium, so the admin panel's screenshots show the demo's
 * Chinese titles instead of boxes (CI installs Debian's fonts-noto-cjk, see
 * .ci/run). Tests pass without it, so this only warns: the text is in the DOM
 * either way; only the pictures suffer.
 */
export function cjkFontWarning(families: () => string = chineseFontFamilies): string | null {
  if (families()) return null;
  return (
    'No CJK font is installed: Chinese text in the admin panel screenshots (test/admin-ui) renders as boxes. ' +
    'Install one (Debian/Ubuntu: apt-get install fonts-noto-cjk).'
  );
}
