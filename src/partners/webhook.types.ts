import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../common/errors';
import { ConnectionType } from '../common/pagination';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';

registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

@ObjectType({ description: "A partner's webhook endpoint. Its signing secret is shown once, in WebhookEndpointPayload.secret." })
export class WebhookEndpoint {
  @Field()
  url: string;

  @Field(() => [String], { description: 'Any of order.paid, enrollment.created, enrollment.completed, refund.settled, live_session.starting, invoice.issued.' })
  events: string[];

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;
}

@ObjectType({ description: 'One HTTP attempt of a delivery.' })
export class WebhookDeliveryAttempt {
  @Field(() => Int)
  attempt: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status; null when no response came (timeout, refused connection, forbidden host).' })
  statusCode: number | null;

  @Field(() => String, { nullable: true, description: 'The first KiB of the response body.' })
  responseBody: string | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => Int)
  durationMs: number;

  @Field()
  attemptedAt: Date;
}

@ObjectType({ description: 'One event on its way to one endpoint.' })
export class WebhookDelivery {
  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field()
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');

@InputType()
export class RegisterWebhookEndpointInput {
  @Field({ description: 'https URL on the public internet; loopback, private, link-local and metadata addresses are refused.' })
  url: string;

  @Field(() => [String])
  events: string[];

  @Field(() => ID, { nullable: true, description: 'Admins: the partner. Partners: defaults to themselves.' })
  partnerId?: string | null;
}

@ObjectType()
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true })
  endpoint?: object | null;

  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_…), returned only here.' })
  secret?: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class WebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { nullable: true })
  delivery?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}
