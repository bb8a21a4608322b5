import { cjkFontWarning, ensureChromium, ensureRedis, installed, MissingPrerequisite, redisAnswers } from './prerequisites';
import { freePort } from './server-process';

describe('npm test on a machine that lacks a service', () => {
  it('starts a redis-server of its own when nothing answers and one is installed, else names what to install', async () => {
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    const env: NodeJS.ProcessEnv = {};
    if (!installed('redis-server')) {
      await expect(ensureRedis(env, nothingThere)).rejects.toThrow(/redis-server is not installed.*apt-get install redis-server/);
      return;
    }
    const started = await ensureRedis(env, nothingThere);
    try {
      expect(started).not.toBeNull();
      expect(env.TEST_REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(env.TEST_REDIS_URL).not.toBe(nothingThere);
      expect(await redisAnswers(env.TEST_REDIS_URL!)).toBe(true);
    } finally {
      started?.kill();
    }
  });

  it('stops at once when TEST_REDIS_URL names a Redis that does not answer', async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    await expect(ensureRedis({ TEST_REDIS_URL: dead })).rejects.toThrow(MissingPrerequisite);
    await expect(ensureRedis({ TEST_REDIS_URL: dead })).rejects.toThrow(`TEST_REDIS_URL=${dead} does not answer`);
  });

  it('names Chromium and how to get it when the browser is missing', () => {
    expect(() => ensureChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(/Chromium is needed .*apt-get install chromium.*CHROMIUM_PATH/);
  });

  it("warns, naming the package, when no font can draw the demo's Chinese text in screenshots", () => {
    expect(cjkFontWarning(() => '')).toMatch(/Chinese text .* boxes.*apt-get install fonts-noto-cjk/);
    expect(cjkFontWarning(() => 'Noto Sans CJK SC')).toBeNull();
    // this machine: CI installs the font next to Chromium (.ci/run)
    expect(cjkFontWarning()).toBeNull();
  });
});
