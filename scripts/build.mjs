// `npm run build` compiles the server (swc, into dist/: scripts/compile-server.mjs) and the admin panel (Vite, into admin-ui/dist).
// `npm start` runs this with --if-stale first (npm's prestart), so that both hold:
//   - a fresh clone after `npm install`: dist/ is missing and the build tools (dev dependencies) are
//     there, so it builds, and `npm start` works as the README's two commands promise;
//   - a built tree installed with `npm ci --omit=dev` (production, the Dockerfile): typescript and vite
//     are absent, so it builds nothing and `npm start` runs the compiled code as it is;
//   - NODE_ENV=production never builds: what runs there is what `npm run build` produced.
// The server counts as stale when a source changed after the last build (dist/.build-stamp).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const ifStale = process.argv.includes('--if-stale');
const main = join(root, 'dist', 'src', 'main.js');
const stamp = join(root, 'dist', '.build-stamp');
const ENTRIES = ['src', 'migrations', 'seeds', 'bench', 'ormconfig.ts'];
const sources = [...ENTRIES, 'test/harness', 'test/ml/fixtures', 'test/partners', 'scripts/compile-server.mjs', 'package-lock.json'].map((p) => join(root, p));

function resolves(request) {
  try {
    return require.resolve(request);
  } catch {
    return null;
  }
}

/** The newest file under `path` (files only: copying a tree gives its folders new times, not new sources). */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function serverIsStale() {
  if (!existsSync(main) || !existsSync(stamp)) return true;
  // A tree without sources (a production image copies dist/ only) is as built as it gets.
  if (!existsSync(join(root, 'src'))) return false;
  return statSync(stamp).mtimeMs < Math.max(...sources.map(newestChange));
}

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

const swc = resolves('@swc/core');
const vite = resolves('vite');
const production = process.env.NODE_ENV === 'production';

if (!ifStale || serverIsStale()) {
  if (!existsSync(main) && (!swc || (ifStale && production))) {
    fail(`dist/src/main.js is missing, and ${swc ? 'NODE_ENV=production never builds' : 'the build tools (the dev dependencies: @swc/core, vite) are not installed'}.
Build first, with the dev dependencies installed:  npm ci && npm run build
then, for production, reinstall without them:     npm ci --omit=dev && NODE_ENV=production npm start`);
  }
  if (!swc || (ifStale && production)) {
    if (ifStale)
      console.error(
        'note: the sources changed after the last build; running the compiled code as it is (`npm run build` with the dev dependencies installed rebuilds it).',
      );
    else fail('npm run build needs the dev dependencies (@swc/core, vite): run `npm install` (or `npm ci`) first.');
  } else {
    const started = Date.now();
    const { compileServer } = await import(pathToFileURL(join(root, 'scripts', 'compile-server.mjs')).href);
    await compileServer(root, ENTRIES, join(root, 'dist'));
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
    if (ifStale) console.error(`compiled the server into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

// The admin panel: admin-ui/build-if-stale.mjs rebuilds it when its sources changed; without Vite, whatever
// admin-ui/dist holds is served (or /admin says it is not built).
if (vite && !(ifStale && production)) {
  const result = spawnSync(process.execPath, [join(root, 'admin-ui', 'build-if-stale.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
} else if (!existsSync(join(root, 'admin-ui', 'dist', 'index.html'))) {
  console.error('note: the admin panel is not built (admin-ui/dist is missing) and Vite is not installed: /admin will say so. `npm run build` builds it.');
}
