import { createHash } from 'node:crypto';
import { nowSeconds, stripeId } from './stripe-params';

/**
 * Stripe's test payment methods (`pm_card_visa`, `pm_card_chargeDeclined`, ...)
 * and how each behaves when a PaymentIntent is confirmed with it. Passing a
 * token anywhere a PaymentMethod id is accepted creates a fresh `pm_…`, as
 * Stripe does.
 */

export interface CardDecline {
  code: string;
  decline_code: string;
  message: string;
}

export interface TestCard {
  brand: string;
  last4: string;
  funding: 'credit' | 'debit' | 'prepaid';
  /** Confirming fails with a 402 card_error. */
  decline?: CardDecline;
  /** On-session: requires_action (3DS). Off-session: fails with authentication_required. */
  requiresAuthentication?: boolean;
}

const declined = (decline_code: string, message: string, code = 'card_declined'): CardDecline => ({ code, decline_code, message });

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  visa: { brand: 'visa', last4: '4242', funding: 'credit' },
  visa_debit: { brand: 'visa', last4: '5556', funding: 'debit' },
  mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit' },
  amex: { brand: 'amex', last4: '8431', funding: 'credit' },
  chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', decline: declined('generic_decline', 'Your card was declined.') },
  // Stripe documents this one as "attaching succeeds, charging fails"; this server never declines an attach.
  chargeCustomerFail: { brand: 'visa', last4: '0341', funding: 'credit', decline: declined('generic_decline', 'Your card was declined.') },
  chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    decline: declined('insufficient_funds', 'Your card has insufficient funds.'),
  },
  chargeDeclinedExpiredCard: {
    brand: 'visa',
    last4: '0069',
    funding: 'credit',
    decline: declined('expired_card', 'Your card has expired.', 'expired_card'),
  },
  authenticationRequired: { brand: 'visa', last4: '3184', funding: 'credit', requiresAuthentication: true },
};

export const AUTHENTICATION_REQUIRED: CardDecline = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** The card behind a test token (`pm_card_visa`, `tok_visa`), or undefined. */
export function testCardFor(token: string): TestCard | undefined {
  const match = /^(?:pm_card_|tok_)(\w+)$/.exec(token);
  return match ? TEST_CARDS[match[1]] : undefined;
}

export interface PaymentMethodObject {
  id: string;
  object: 'payment_method';
  allow_redisplay: string;
  billing_details: Record<string, unknown>;
  card: Record<string, unknown>;
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Record<string, string>;
  type: 'card';
  [key: string]: unknown;
}

export function paymentMethodFromCard(card: TestCard): PaymentMethodObject {
  const fingerprint = createHash('sha256')
    .update(card.brand + card.last4)
    .digest('base64url')
    .slice(0, 16);
  return {
    id: stripeId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
      country: 'US',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint,
      funding: card.funding,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

/** `payment_method_details` of a charge made with this payment method. */
export function chargeDetails(pm: PaymentMethodObject): Record<string, unknown> {
  const card = pm.card;
  return {
    card: {
      brand: card.brand,
      country: card.country,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: card.fingerprint,
      funding: card.funding,
      last4: card.last4,
      network: card.brand,
    },
    type: 'card',
  };
}
