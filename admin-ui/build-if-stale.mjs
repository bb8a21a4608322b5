// Builds the admin panel (admin-ui/dist) when it is missing or older than its
// sources, so `npm start` and the browser tests always serve the current UI
// without paying for a build when nothing changed. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, 'dist', 'index.html');
const sources = [join(here, 'src'), join(here, 'index.html'), join(here, 'vite.config.mts'), join(here, '..', 'package-lock.json')];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

const force = process.argv.includes('--force');
if (force || !existsSync(built) || statSync(built).mtimeMs < Math.max(...sources.map(newestChange))) {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(here, 'vite.config.mts'), logLevel: 'warn' });
  console.log(`admin-ui built into admin-ui/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
