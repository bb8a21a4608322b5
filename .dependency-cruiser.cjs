/**
 * The layers of the code, checked by `npm run lint:layers` (and a test):
 *
 *   composition root   src/server (app, schema, services, job registry, entity and migration lists), src/main.ts
 *   domains            admin → moderation → partners → ml → community → commerce → learning → catalog → audit → identity → palette
 *                      (each may use only those to its right)
 *   infrastructure     src/realtime (pub/sub, sockets), src/jobs (the durable queue), src/mail (mail outbox, templates, sender)
 *   kernel             src/kernel (context, config, logger, transaction and domain events, limits), src/common, src/db
 *
 * Nothing imports upwards, and no two files import each other in a circle
 * (TypeORM entity pairs that reference each other excepted). Type-only
 * imports count too.
 */
const DOMAINS = ['palette', 'identity', 'audit', 'catalog', 'learning', 'commerce', 'community', 'ml', 'partners', 'moderation', 'admin'];
const KERNEL = '^src/(kernel|common|db)/';
const INFRASTRUCTURE = '^src/(realtime|jobs|mail)/';
const DOMAIN = `^src/(${DOMAINS.join('|')})/`;
const ROOT = '^src/(server/|main\\.ts$)';

const domainOrder = DOMAINS.map((domain, rank) => ({
  name: `domain-order-${domain}`,
  comment: `${domain} may use only the domains below it: ${DOMAINS.slice(0, rank).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^src/${domain}/` },
  to: { path: `^src/(${DOMAINS.slice(rank + 1).join('|') || 'none-above'})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles between files, except TypeORM entities that reference each other.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '\\.entity\\.ts$' } },
    },
    { name: 'kernel-is-the-bottom', severity: 'error', from: { path: KERNEL }, to: { path: `${INFRASTRUCTURE}|${DOMAIN}|${ROOT}` } },
    { name: 'infrastructure-below-domains', severity: 'error', from: { path: INFRASTRUCTURE }, to: { path: `${DOMAIN}|${ROOT}` } },
    { name: 'nothing-imports-the-composition-root', severity: 'error', from: { path: `${KERNEL}|${INFRASTRUCTURE}|${DOMAIN}` }, to: { path: ROOT } },
    ...domainOrder,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)' },
  },
};
