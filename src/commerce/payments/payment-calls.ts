import type { Config } from '../../kernel/config';
import { PaymentProviderError } from './payment-provider';

/**
 * Every call to the payment provider goes through `callProvider`: it runs
 * outside any database transaction (the caller reserved what it needs and
 * committed first), and it is bounded. The SDK's own timeout applies per
 * request (PAYMENT_PROVIDER_TIMEOUT_MS, one retry); the deadline here caps
 * the whole call, retries included, so a provider that answers after 20 s
 * costs a request at most the deadline and never holds a pooled connection
 * or a row lock while it waits.
 */

/** The provider did not answer in time, or the call failed in a way worth retrying (network, 5xx, rate limit). */
export class ProviderUnavailable extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ProviderUnavailable';
  }
}

/** The longest one provider call may take, retries included. */
export function providerDeadlineMs(config: Pick<Config, 'payments'>): number {
  return 2 * config.payments.providerTimeoutMs + 1000;
}

/** How long a step that calls the provider owns its work before a watchdog job may take it over (a crashed process never finishes it). */
export function providerLeaseMs(config: Pick<Config, 'payments'>): number {
  return providerDeadlineMs(config) + 5000;
}

/**
 * Runs `call` with the deadline. A refusal (`PaymentProviderError`: a
 * declined card, an invalid request) passes through as it is; anything else
 * (timeout, network, provider outage) becomes `ProviderUnavailable`, which
 * callers treat as "try again later" (their durable job retries).
 */
export async function callProvider<T>(config: Pick<Config, 'payments'>, what: string, call: () => Promise<T>): Promise<T> {
  const ms = providerDeadlineMs(config);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderUnavailable(`the payment provider did not answer within ${ms} ms (${what})`)), ms);
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (error) {
    if (error instanceof PaymentProviderError || error instanceof ProviderUnavailable) throw error;
    throw new ProviderUnavailable(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, error);
  } finally {
    clearTimeout(timer);
  }
}
