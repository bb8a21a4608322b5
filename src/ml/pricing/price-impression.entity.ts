import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PriceImpressionContext } from './price-impressions';

/** A price one visitor was shown for one course (see price-impressions.ts). */
@Entity('price_impressions')
export class PriceImpressionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  /** Null for an anonymous visitor. */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('int', { name: 'price_amount' })
  priceAmount: number;

  @Column('char', { name: 'price_currency', length: 3 })
  priceCurrency: string;

  @Column('text')
  context: PriceImpressionContext;

  @Column('timestamptz', { name: 'shown_at' })
  shownAt: Date;
}

/** A purchase of a course at a price: the outcome the impressions are scored against. */
@Entity('purchase_outcomes')
export class PurchaseOutcomeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'course_id' })
  courseId: string;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('uuid', { name: 'order_id' })
  orderId: string;

  @Column('int', { name: 'price_amount' })
  priceAmount: number;

  @Column('char', { name: 'price_currency', length: 3 })
  priceCurrency: string;

  @Column('timestamptz', { name: 'purchased_at' })
  purchasedAt: Date;
}
