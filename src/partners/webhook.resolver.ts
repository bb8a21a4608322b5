import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../common/global-id';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { PartnerEntity } from './partner.entity';
import { Partner } from './partner.types';
import { webhookEndpointsByPartnerId } from './partners.loaders';
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEventEntity } from './webhook-delivery.entity';
import { canManageWebhooksOf, registerWebhookEndpoint, replayWebhookDelivery } from './webhook-endpoint.service';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import {
  RegisterWebhookEndpointInput,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookEndpoint,
  WebhookEndpointPayload,
} from './webhook.types';

@Resolver(() => Partner)
export class PartnerWebhooksResolver {
  @FieldResolver(() => [WebhookEndpoint])
  async webhookEndpoints(@Root() partner: PartnerEntity, @Ctx() ctx: DomainContext): Promise<WebhookEndpointEntity[]> {
    if (!(await canManageWebhooksOf(ctx, partner.id))) return [];
    return ctx.loaders.get(webhookEndpointsByPartnerId).load(partner.id);
  }

  @Mutation(() => WebhookEndpointPayload, {
    description: 'Partners (webhooks:write) or admins: receive signed events at a URL. Returns the signing secret once.',
  })
  registerWebhookEndpoint(@Arg('input') input: RegisterWebhookEndpointInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => registerWebhookEndpoint(ctx, input),
      ({ endpoint, secret }) => ({ endpoint, secret }),
    );
  }

  @Mutation(() => WebhookDeliveryPayload, { description: 'Partners (webhooks:write) or admins: send a delivery again now.' })
  replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => replayWebhookDelivery(ctx, id),
      (delivery) => ({ delivery }),
    );
  }
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @FieldResolver(() => ID)
  id(@Root() endpoint: WebhookEndpointEntity): string {
    return toGlobalId('WebhookEndpoint', endpoint.id);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Newest first.' })
  async deliveries(
    @Root() endpoint: WebhookEndpointEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db.getRepository(WebhookDeliveryEntity).findAndCount({
      where: { endpointId: endpoint.id },
      order: { createdAt: 'DESC', sequence: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
    return connectionFrom(rows, totalCount, page);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID)
  id(@Root() delivery: WebhookDeliveryEntity): string {
    return toGlobalId('WebhookDelivery', delivery.id);
  }

  @FieldResolver(() => Int, { description: 'HTTP attempts so far, replays included.' })
  async attempts(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return ctx.db.getRepository(WebhookDeliveryAttemptEntity).countBy({ deliveryId: delivery.id });
  }

  @FieldResolver(() => Int, { nullable: true, description: 'HTTP status of the latest attempt.' })
  responseCode(@Root() delivery: WebhookDeliveryEntity): number | null {
    return delivery.lastStatusCode;
  }

  @FieldResolver(() => String)
  async eventType(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: DomainContext): Promise<string> {
    return (await ctx.db.getRepository(WebhookEventEntity).findOneByOrFail({ id: delivery.eventId })).type;
  }

  @FieldResolver(() => ID, { description: 'The event id, as sent in the body and the Knowpay-Event-Id header (receivers dedupe by it).' })
  eventId(@Root() delivery: WebhookDeliveryEntity): string {
    return delivery.eventId;
  }

  @FieldResolver(() => [WebhookDeliveryAttempt], { description: 'The delivery log, oldest first.' })
  attemptLog(@Root() delivery: WebhookDeliveryEntity, @Ctx() ctx: DomainContext): Promise<WebhookDeliveryAttemptEntity[]> {
    return ctx.db.getRepository(WebhookDeliveryAttemptEntity).find({ where: { deliveryId: delivery.id }, order: { attempt: 'ASC' } });
  }
}
