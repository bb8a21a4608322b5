import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OrderEntity, OrderKind, OrderStatus } from './order.entity';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Short, unambiguous, unguessable order codes for receipts and support: KP-7F3K-Q9XM-2D. */
export function newOrderCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `KP-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
}

export interface NewOrderLine {
  courseId?: string | null;
  planId?: string | null;
  creatorId: string;
  description: string;
  unitAmount: number;
  quantity?: number;
  discountAmount?: number;
}

export interface NewOrder {
  kind: OrderKind;
  buyerId: string | null;
  currency: string;
  couponId?: string | null;
  membershipId?: string | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  externalCustomerRef?: string | null;
  /** The reselling partner, for PARTNER_SALE orders and partners' SEAT_PACK orders. */
  partnerId?: string | null;
  /** The organization a SEAT_PACK is for. */
  organizationId?: string | null;
  /** Checkouts: what was bought, so one buyer has one pending order per cart (a unique index). */
  cartHash?: string | null;
  expiresAt?: Date | null;
  status?: OrderStatus;
  lines: NewOrderLine[];
  /** When it was placed (services' clock); default: now. */
  createdAt?: Date;
}

/**
 * Inserts an order and its lines; totals are derived from the lines, so they
 * cannot disagree. Returns null when a membership order for that period, or
 * a pending order of the buyer for the same cart, already exists (unique
 * indexes make renewals and repeated checkouts idempotent).
 */
export async function insertOrder(manager: EntityManager, order: NewOrder): Promise<OrderEntity | null> {
  const subtotal = order.lines.reduce((sum, l) => sum + l.unitAmount * (l.quantity ?? 1), 0);
  const discount = order.lines.reduce((sum, l) => sum + (l.discountAmount ?? 0), 0);
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO orders (code, kind, buyer_id, status, currency, subtotal_amount, discount_amount, total_amount, coupon_id,
                         membership_id, period_start, period_end, external_customer_ref, partner_id, organization_id, cart_hash, expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, coalesce($18, now()), coalesce($18, now()))
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      newOrderCode(),
      order.kind,
      order.buyerId,
      order.status ?? OrderStatus.PENDING_PAYMENT,
      order.currency,
      subtotal,
      discount,
      subtotal - discount,
      order.couponId ?? null,
      order.membershipId ?? null,
      order.periodStart ?? null,
      order.periodEnd ?? null,
      order.externalCustomerRef ?? null,
      order.partnerId ?? null,
      order.organizationId ?? null,
      order.cartHash ?? null,
      order.expiresAt ?? null,
      order.createdAt ?? null,
    ],
  );
  if (!inserted.length) return null;
  const orderId = inserted[0].id;
  await manager.query(
    `INSERT INTO order_lines (order_id, position, course_id, plan_id, creator_id, description, unit_amount, quantity, discount_amount)
     SELECT $1, * FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::int[], $9::int[])`,
    [
      orderId,
      order.lines.map((_, i) => i + 1),
      order.lines.map((l) => l.courseId ?? null),
      order.lines.map((l) => l.planId ?? null),
      order.lines.map((l) => l.creatorId),
      order.lines.map((l) => l.description),
      order.lines.map((l) => l.unitAmount),
      order.lines.map((l) => l.quantity ?? 1),
      order.lines.map((l) => l.discountAmount ?? 0),
    ],
  );
  return manager.getRepository(OrderEntity).findOneByOrFail({ id: orderId });
}
