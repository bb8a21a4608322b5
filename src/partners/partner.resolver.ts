import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrderConnection } from '../commerce/commerce.types';
import { OrderEntity } from '../commerce/order.entity';
import { toGlobalId } from '../common/global-id';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { ApiKeyEntity } from './api-key.entity';
import { callingPartnerIdAnyScope } from './partner-access';
import { PartnerEntity } from './partner.entity';
import * as partners from './partner.service';
import { ApiKey, ApiKeyPayload, CreateApiKeyInput, Partner, PartnerConnection, PartnerPayload } from './partner.types';
import { apiKeysByPartnerId, partnerById } from './partners.loaders';

registerNodeType('Partner', PartnerEntity, async (ctx, id) => ((await partners.canSeePartner(ctx, id)) ? ctx.loaders.get(partnerById).load(id) : null));

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { nullable: true, description: 'The calling partner (API key or partner member).' })
  async partner(@Ctx() ctx: DomainContext): Promise<PartnerEntity | null> {
    const partnerId = await callingPartnerIdAnyScope(ctx);
    return partnerId ? ctx.loaders.get(partnerById).load(partnerId) : null;
  }

  @Authorized(Role.ADMIN)
  @Query(() => PartnerConnection, { description: 'Admins.' })
  async partners(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db
      .getRepository(PartnerEntity)
      .findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, skip: page.offset, take: page.limit });
    return connectionFrom(rows, totalCount, page);
  }

  @FieldResolver(() => Float, { description: 'Share of list price the partner keeps on resale, 0..1.' })
  commissionRate(@Root() partner: PartnerEntity): number {
    return partner.commissionBps / 10_000;
  }

  @FieldResolver(() => [ApiKey])
  async apiKeys(@Root() partner: PartnerEntity, @Ctx() ctx: DomainContext): Promise<ApiKeyEntity[]> {
    if (!(await partners.canSeePartner(ctx, partner.id))) return [];
    return ctx.loaders.get(apiKeysByPartnerId).load(partner.id);
  }

  @FieldResolver(() => OrderConnection, { description: "The partner's sales, newest first." })
  async sales(
    @Root() partner: PartnerEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    if (!(await partners.canSeePartner(ctx, partner.id))) return connectionFrom([], 0, page);
    const [rows, totalCount] = await ctx.db
      .getRepository(OrderEntity)
      .createQueryBuilder('o')
      .where('o.partner_id = :partnerId', { partnerId: partner.id })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
    return connectionFrom(rows, totalCount, page);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => PartnerPayload, { description: 'Admins: register a reseller partner.' })
  createPartner(@Arg('name') name: string, @Arg('commissionRate', () => Float) commissionRate: number, @Ctx() ctx: DomainContext) {
    return payload(
      () => partners.createPartner(ctx, name, commissionRate),
      (partner) => ({ partner }),
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => PartnerPayload, {
    description: 'Admins: make an existing user a member of a partner (PARTNER role): members manage its keys and act for it.',
  })
  addPartnerMember(@Arg('partnerId', () => ID) partnerId: string, @Arg('email') email: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => partners.addPartnerMember(ctx, partnerId, email),
      (partner) => ({ partner }),
    );
  }

  @Mutation(() => ApiKeyPayload)
  createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => partners.createApiKey(ctx, input),
      ({ apiKey, secret }) => ({ apiKey, secret }),
    );
  }

  @Mutation(() => ApiKeyPayload)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => partners.revokeApiKey(ctx, id),
      (apiKey) => ({ apiKey }),
    );
  }
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @FieldResolver(() => ID)
  id(@Root() key: ApiKeyEntity): string {
    return toGlobalId('ApiKey', key.id);
  }
}
