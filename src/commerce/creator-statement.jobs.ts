import { defineJob } from '../jobs/job-queue';
import { lastClosedMonth } from '../common/month';
import { issueStatements } from './creator-statement.service';

/**
 * Issues the statements of the month that ended last. Daily rather than on
 * the 1st only: issuing is idempotent, so a day the workers were down is
 * made up the next day, and later days insert nothing.
 */
export const issueStatementsJob = defineJob<Record<string, never>>({
  name: 'commerce.issue-statements',
  schedule: '10 0 * * *',
  retryLimit: 3,
  async handle(_data, services) {
    const month = lastClosedMonth();
    const issued = await issueStatements(services, month);
    if (issued) services.logger.info(`issued ${issued} creator statement(s) for ${month.label}`);
  },
});
