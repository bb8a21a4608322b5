import { renewMembership, retryRenewal, sweepMemberships } from '../commerce/membership-billing';
import { remindRenewal } from '../commerce/renewal-reminder';
import { remindLiveSession, sweepLiveSessionReminders } from '../learning/live-session-reminders';
import { sweepMoney } from '../commerce/money-sweep';
import { issueStatementsJob } from '../commerce/creator-statement.jobs';
import { expireOrderJob } from '../commerce/order-expiry';
import { applyProviderEventJob } from '../commerce/payments/payment-events';
import { createPaymentIntentJob } from '../commerce/payments/payment-start';
import { processRefundJob } from '../commerce/refund-processing';
import { RETRAIN_MODELS } from '../ml/model-jobs';
import { deliverWebhook, sweepWebhookDeliveries } from '../partners/webhook-delivery';
import { issueInvoicesJob } from '../partners/partner-invoice.jobs';
import type { JobDefinition } from '../jobs/job-queue';
import { sendMail, sweepMail } from '../mail/mail-delivery';

/** Every background job the workers run; each domain defines its own with `defineJob`. */
export const JOBS: ReadonlyArray<JobDefinition<any>> = [
  renewMembership,
  retryRenewal,
  sweepMemberships,
  remindRenewal,
  createPaymentIntentJob,
  applyProviderEventJob,
  expireOrderJob,
  processRefundJob,
  sweepMoney,
  issueStatementsJob,
  RETRAIN_MODELS,
  deliverWebhook,
  sweepWebhookDeliveries,
  issueInvoicesJob,
  remindLiveSession,
  sweepLiveSessionReminders,
  sendMail,
  sweepMail,
];
