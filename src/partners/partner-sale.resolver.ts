import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { payload } from '../common/payload';
import { AuthPayload } from '../identity/identity.types';
import type { DomainContext } from '../kernel/context';
import { acceptInvitation } from './customer-invitation';
import { partnerSale } from './partner-sale.service';
import { PartnerSaleInput, PartnerSalePayload } from './partner.types';

@Resolver()
export class PartnerSaleResolver {
  @Mutation(() => PartnerSalePayload, { description: 'Partners (API key with sales:write): sell a course to your own customer. Idempotent by idempotencyKey.' })
  partnerSale(@Arg('input') input: PartnerSaleInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => partnerSale(ctx, input),
      (sale) => sale,
    );
  }

  @Mutation(() => AuthPayload, {
    description: 'A person invited by a partner sale or a seat assignment chooses a password with the one-time invitation token, and is signed in.',
  })
  acceptInvitation(@Arg('token') token: string, @Arg('password') password: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => acceptInvitation(ctx, token, password),
      ({ token: session, userId }) => ({ token: session, viewer: { userId } }),
    );
  }
}
