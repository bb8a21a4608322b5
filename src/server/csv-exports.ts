import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { statementCsv } from '../commerce/creator-statement-csv';
import { CreatorStatementEntity } from '../commerce/creator-statement.entity';
import { sendJson } from '../common/http-body';
import { loadNode } from '../common/node';
import type { DomainContext } from '../kernel/context';
import { invoiceCsv } from '../partners/partner-invoice-payload';
import { PartnerInvoiceEntity } from '../partners/partner-invoice.entity';

const EXPORTS = /^\/exports\/(statements|invoices)\/([A-Za-z0-9_-]{1,200})\.csv$/;

export const isCsvExport = (pathname: string) => pathname.startsWith('/exports/');

/**
 * GET /exports/statements/<CreatorStatement id>.csv and
 * /exports/invoices/<PartnerInvoice id>.csv: the same CSV as the `csv`
 * fields, as a download, with the same bearer token (or partner API key) and
 * the same visibility as the GraphQL API: whoever cannot see the statement
 * or invoice gets 404, as if it did not exist.
 */
export async function serveCsvExport(req: IncomingMessage, res: ServerResponse, pathname: string, contextOf: () => Promise<DomainContext>): Promise<void> {
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'Exports are read with GET.' });
  const match = EXPORTS.exec(pathname);
  if (!match) return sendJson(res, 404, { error: 'Exports are /exports/statements/<id>.csv and /exports/invoices/<id>.csv.' });
  let ctx: DomainContext;
  try {
    ctx = await contextOf();
  } catch (error) {
    if (error instanceof GraphQLError) return sendJson(res, 401, { error: error.message, code: error.extensions.code });
    throw error;
  }
  if (!ctx.user && !ctx.apiKey) return sendJson(res, 401, { error: 'Sign in first: send "Authorization: Bearer <token>".', code: 'UNAUTHENTICATED' });
  const node = await loadNode(ctx, match[2]);
  const csv =
    match[1] === 'statements'
      ? node instanceof CreatorStatementEntity
        ? { body: statementCsv(node), name: `statement-${node.periodStart.slice(0, 7)}-${node.currency}.csv` }
        : null
      : node instanceof PartnerInvoiceEntity
        ? { body: invoiceCsv(node), name: `${node.number}.csv` }
        : null;
  if (!csv) return sendJson(res, 404, { error: `No such ${match[1] === 'statements' ? 'statement' : 'invoice'}.` });
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${csv.name}"`,
    'cache-control': 'private, no-store',
  });
  res.end(csv.body);
}
