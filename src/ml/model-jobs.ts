import { defineJob } from '../jobs/job-queue';

/**
 * Retrains the recommendation models on the current data, stores the new
 * version and swaps it in on every instance. Hourly, and on demand through
 * the admin mutation `retrainModels`. A singleton: one instance trains (on
 * a worker thread) while the others keep serving, and they load the new
 * version when its announcement arrives over pub/sub (Redis).
 */
export const RETRAIN_MODELS = defineJob<{ requestedBy?: string }>({
  name: 'ml.retrain-models',
  schedule: '17 * * * *',
  retryLimit: 2,
  retryDelaySeconds: 60,
  expireInSeconds: 30 * 60,
  singleton: true,
  async handle(_data, services) {
    await services.models.retrain();
  },
});
