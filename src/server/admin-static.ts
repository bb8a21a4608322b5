import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The checkout's root (the nearest folder with package.json): src/server under ts-jest/swc, dist/src/server when built. */
function projectRoot(from: string): string {
  return existsSync(join(from, 'package.json')) || dirname(from) === from ? from : projectRoot(dirname(from));
}

const ADMIN_DIST = join(projectRoot(__dirname), 'admin-ui/dist');

/** Serves the built admin panel (admin-ui/dist) under /admin, with SPA fallback to index.html. */
export function serveAdmin(pathname: string, res: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname.replace(/^\/admin\/?/, ''))).replace(/^(\.\.(\/|\\|$))+/, '');
  const index = join(ADMIN_DIST, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><meta charset="utf-8"><title>Knowpay admin</title><h1>Knowpay admin</h1>' +
        '<p>The admin panel (admin-ui/) is not built in this checkout yet. The GraphQL API is at <a href="/graphql">/graphql</a>.</p>',
    );
    return;
  }
  let file = join(ADMIN_DIST, relative);
  if (!file.startsWith(ADMIN_DIST) || !existsSync(file) || statSync(file).isDirectory()) file = index;
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  res.end(readFileSync(file));
}
