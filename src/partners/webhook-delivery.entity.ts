import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/** One event on its way to one endpoint: retried until it succeeds or the attempts run out. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  @Column('bigint')
  sequence: string;

  @Column('text')
  status: WebhookDeliveryStatus;

  @Column('int')
  attempts: number;

  @Column('int', { name: 'last_status_code', nullable: true })
  lastStatusCode: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The outbox row: what happened, for which partner, with the exact JSON sent. */
@Entity('webhook_events')
export class WebhookEventEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId: string;

  @Column('text')
  type: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One HTTP attempt of a delivery, kept for the delivery log. */
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'delivery_id' })
  deliveryId: string;

  @Column('int')
  attempt: number;

  @Column('int', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('text', { name: 'response_body', nullable: true })
  responseBody: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('int', { name: 'duration_ms' })
  durationMs: number;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt: Date;
}
