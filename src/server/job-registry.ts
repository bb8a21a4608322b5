import { renewMembership, retryRenewal, sweepMemberships } from '../commerce/membership-billing';
import { remindLiveSession, sweepLiveSessionReminders } from '../learning/live-session-reminders';
import { RETRAIN_MODELS } from '../ml/model-jobs';
import { deliverWebhook, sweepWebhookDeliveries } from '../partners/webhook-delivery';
import type { JobDefinition } from '../jobs/job-queue';

/** Every background job the workers run; each domain defines its own with `defineJob`. */
export const JOBS: ReadonlyArray<JobDefinition<any>> = [
  renewMembership, retryRenewal, sweepMemberships,
  RETRAIN_MODELS,
  deliverWebhook, sweepWebhookDeliveries,
  remindLiveSession, sweepLiveSessionReminders,
];
