import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The layers of the code (see .dependency-cruiser.cjs and README's
 * architecture section): no import cycle between files except TypeORM entity
 * pairs, nothing imports upwards, and each domain uses only those below it.
 * A new violation fails here with dependency-cruiser's explanation.
 */
describe('layers', () => {
  it('has no import cycle and no upward import in src/', () => {
    const root = join(__dirname, '..', '..');
    let output = '';
    let failed = false;
    try {
      output = execFileSync(
        process.execPath,
        [
          join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
          'src',
          '--config',
          '.dependency-cruiser.cjs',
          '--output-type',
          'err',
        ],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      failed = true;
      output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    }
    expect(failed ? output : '').toBe('');
    expect(output).toMatch(/no dependency violations found/);
    expect(Number(/(\d+) modules/.exec(output)?.[1])).toBeGreaterThan(300);
  }, 120_000);
});
