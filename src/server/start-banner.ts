import type { Config } from '../kernel/config';

/** What `npm start` prints once the server listens: where everything is, and what is not production-safe. */
export function startBanner(config: Config, url: string, extraLines: string[] = []): string {
  const lines = [
    '',
    'Knowpay is ready.',
    `  GraphQL:      ${url}/graphql  (HTTP and graphql-ws)`,
    `  Admin panel:  ${url}/admin`,
    `  Health:       ${url}/healthz, ${url}/readyz`,
    ...extraLines,
  ];
  if (config.devDefaults.length) {
    const loopbackOnly = config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost';
    lines.push('', `  Development defaults are active: ${config.devDefaults.join(', ')}.`);
    lines.push(
      loopbackOnly
        ? '  Listening on this machine only (127.0.0.1); set HOST (and JWT_SECRET, KNOWPAY_ADMIN_EMAIL/PASSWORD, STRIPE_SECRET_KEY) to serve others.'
        : `  WARNING: listening on ${config.host} with them: anyone who reaches this port can sign tokens with the public secret or sign in as the demo admin.`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
