import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Offer, OfferKind } from '../catalog/catalog.types';
import { wholesaleSplit } from '../commerce/wholesale-split';
import { Money } from '../common/money';
import type { DomainContext } from '../kernel/context';
import { callingPartnerId } from './partner-access';
import { partnerById } from './partners.loaders';

/** A partner's price for a course: its list price less the partner's commission (commerce/wholesale-split.ts). */
@Resolver(() => Offer)
export class OfferWholesalePriceResolver {
  @FieldResolver(() => Money, {
    nullable: true,
    description: 'Price a partner pays when reselling; visible to partners only (an API key with catalog:read, or a partner member).',
  })
  async wholesalePrice(@Root() offer: Offer, @Ctx() ctx: DomainContext): Promise<Money | null> {
    if (offer.kind !== OfferKind.ONE_TIME || !offer.price) return null;
    const partnerId = await callingPartnerId(ctx, 'catalog:read');
    if (!partnerId) return null;
    const partner = await ctx.loaders.get(partnerById).load(partnerId);
    return partner ? Money.of(wholesaleSplit(offer.price, partner.commissionBps).wholesale) : null;
  }
}
