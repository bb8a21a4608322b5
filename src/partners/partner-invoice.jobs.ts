import { lastClosedMonth } from '../common/month';
import { defineJob } from '../jobs/job-queue';
import { issueInvoices } from './partner-invoice.service';

/** Issues the partner invoices of the month that ended last; daily, so a missed day is made up (issuing is idempotent). */
export const issueInvoicesJob = defineJob<Record<string, never>>({
  name: 'partners.issue-invoices',
  schedule: '20 0 * * *',
  retryLimit: 3,
  async handle(_data, services) {
    const month = lastClosedMonth();
    const issued = await issueInvoices(services, month);
    if (issued) services.logger.info(`issued ${issued} partner invoice(s) for ${month.label}`);
  },
});
