import { toGlobalId } from '../src/common/global-id';
import type { ApiKeyPrincipal } from '../src/kernel/context';
import { createOrganization } from '../src/partners/organization.service';
import { partnerSale } from '../src/partners/partner-sale.service';
import { createApiKey, createPartner } from '../src/partners/partner.service';
import { buySeats } from '../src/partners/seat-purchase.service';
import { registerWebhookEndpoint } from '../src/partners/webhook-endpoint.service';
import { DAY_MS, addMs, timeBetween } from './demo-clock';
import { actingAs, type Scene } from './demo-replay';
import type { CourseRow } from './demo-rows';
import { as, type DemoCast } from './demo-shop-scenes';
import type { SeededRandom } from './random';

export const DEMO_PARTNER_NAME = 'Campus Books';
/** A documentation address (TEST-NET-3): public, so the endpoint is accepted, and never answering, so its deliveries show as failed attempts. */
export const DEMO_WEBHOOK_URL = 'https://203.0.113.10/knowpay/webhooks';

/** What the partner scenes learn as they play, for the ones after them and for the seeding log. */
export interface DemoPartnerState {
  partnerId: string | null;
  apiKey: ApiKeyPrincipal | null;
  secret: string | null;
  organizationId: string | null;
}

/**
 * A reseller's three months: the admin signs it up with a key and a webhook
 * endpoint; it resells courses to its customers through the API and buys a
 * seat pack for a study group. Everything runs through the services a
 * partner's API calls reach.
 */
export function partnerScenes(rng: SeededRandom, cast: DemoCast, state: DemoPartnerState, onSale: readonly CourseRow[], from: Date): Scene[] {
  if (!cast.adminId) return [];
  const admin = () => as(cast, cast.adminId!);
  const scenes: Scene[] = [
    {
      at: from,
      kind: 'partner',
      async play(replay) {
        const ctx = actingAs(replay, admin());
        const partner = await createPartner(ctx, DEMO_PARTNER_NAME, 0.2);
        state.partnerId = partner.id;
        const partnerGlobalId = toGlobalId('Partner', partner.id);
        const { apiKey, secret } = await createApiKey(ctx, {
          label: 'demo key',
          scopes: ['catalog:read', 'sales:write', 'seats:write', 'webhooks:write'],
          partnerId: partnerGlobalId,
        });
        state.apiKey = { id: apiKey.id, partnerId: partner.id, scopes: apiKey.scopes };
        state.secret = secret;
        await registerWebhookEndpoint(ctx, {
          url: DEMO_WEBHOOK_URL,
          events: ['order.paid', 'enrollment.created', 'refund.settled'],
          partnerId: partnerGlobalId,
        });
      },
    },
  ];
  const courses = rng.sample(
    onSale.filter((c) => c.priceCurrency === 'CNY'),
    6,
  );
  for (let i = 1; i <= 14; i++) {
    const row = rng.pick(courses);
    scenes.push({
      at: timeBetween(rng, addMs(from, DAY_MS), addMs(cast.now, -DAY_MS)),
      kind: 'partner sale',
      async play(replay) {
        await partnerSale(actingAs(replay, { apiKey: state.apiKey! }), {
          courseId: toGlobalId('Course', row.id),
          externalCustomerRef: `cb-${1000 + i}`,
          email: `reader${i}@campus-books.example`,
          idempotencyKey: `demo-partner-sale-${i}`,
        });
      },
    });
  }
  const groupCourses = courses.slice(0, 2);
  scenes.push({
    at: addMs(from, 20 * DAY_MS),
    kind: 'seat pack',
    async play(replay) {
      const ctx = actingAs(replay, { apiKey: state.apiKey! });
      const org = await createOrganization(ctx, {
        name: 'Campus Books study group',
        seatsTotal: 0,
        courseIds: groupCourses.map((c) => toGlobalId('Course', c.id)),
      });
      state.organizationId = org.id;
      await buySeats(ctx, { organizationId: toGlobalId('Organization', org.id), seats: 10, idempotencyKey: 'demo-seat-pack-1' });
    },
  });
  return scenes;
}
