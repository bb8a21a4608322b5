import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum PaymentStatus {
  /** Reserved with its order or tip; the provider has not been asked (or has not answered) yet. */
  CREATING = 'CREATING',
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELED = 'CANCELED',
}

/** One attempt to collect money for an order or a tip at a payment provider (a Stripe PaymentIntent). */
@Entity('payments')
export class PaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  provider: string;

  /** The provider's id (a PaymentIntent); null while CREATING. */
  @Column('text', { name: 'provider_ref', nullable: true })
  providerRef: string | null;

  /** Sent with every call for this payment: the provider makes one intent however often it is asked. */
  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  @Column('uuid', { name: 'order_id', nullable: true })
  orderId: string | null;

  @Column('uuid', { name: 'tip_id', nullable: true })
  tipId: string | null;

  @Column('int')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  status: PaymentStatus;

  @Column('text', { name: 'client_secret', nullable: true })
  clientSecret: string | null;

  @Column('text', { name: 'failure_message', nullable: true })
  failureMessage: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The learner as a customer of a payment provider, with the card saved for renewals. */
@Entity('billing_customers')
export class BillingCustomerEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('text')
  provider: string;

  @Column('text', { name: 'customer_ref' })
  customerRef: string;

  @Column('text', { name: 'default_payment_method', nullable: true })
  defaultPaymentMethod: string | null;
}
