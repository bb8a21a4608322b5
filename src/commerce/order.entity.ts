import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum OrderStatus {
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  PAID = 'PAID',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
  CANCELED = 'CANCELED',
  FAILED = 'FAILED',
}

export enum OrderKind {
  PURCHASE = 'PURCHASE',
  MEMBERSHIP = 'MEMBERSHIP',
  PARTNER_SALE = 'PARTNER_SALE',
  /** Seats for an organization: one line per course, quantity = seats. */
  SEAT_PACK = 'SEAT_PACK',
}

@Entity('orders')
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  kind: OrderKind;

  @Column('uuid', { name: 'buyer_id', nullable: true })
  buyerId: string | null;

  @Column('text')
  status: OrderStatus;

  @Column('char', { length: 3 })
  currency: string;

  @Column('int', { name: 'subtotal_amount' })
  subtotalAmount: number;

  @Column('int', { name: 'discount_amount' })
  discountAmount: number;

  @Column('int', { name: 'total_amount' })
  totalAmount: number;

  @Column('int', { name: 'refunded_amount' })
  refundedAmount: number;

  @Column('uuid', { name: 'coupon_id', nullable: true })
  couponId: string | null;

  @Column('uuid', { name: 'membership_id', nullable: true })
  membershipId: string | null;

  @Column('timestamptz', { name: 'period_start', nullable: true })
  periodStart: Date | null;

  @Column('timestamptz', { name: 'period_end', nullable: true })
  periodEnd: Date | null;

  @Column('text', { name: 'external_customer_ref', nullable: true })
  externalCustomerRef: string | null;

  @Column('uuid', { name: 'partner_id', nullable: true })
  partnerId: string | null;

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId: string | null;

  /** Unpaid checkouts are canceled (their coupon redemption returned) at this time. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt: Date | null;
}

@Entity('order_lines')
export class OrderLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('int')
  position: number;

  @Column('uuid', { name: 'course_id', nullable: true })
  courseId: string | null;

  @Column('uuid', { name: 'plan_id', nullable: true })
  planId: string | null;

  @Column('uuid', { name: 'creator_id' })
  creatorId: string;

  @Column('text')
  description: string;

  @Column('int', { name: 'unit_amount' })
  unitAmount: number;

  @Column('int')
  quantity: number;

  @Column('int', { name: 'discount_amount' })
  discountAmount: number;
}
