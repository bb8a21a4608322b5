import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Creator } from '../catalog/catalog.types';
import { creatorById } from '../catalog/catalog.loaders';
import type { CreatorEntity } from '../catalog/creator.entity';
import { idOfType } from '../common/global-id';
import { Money } from '../common/money';
import { parseClosedMonth } from '../common/month';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { Role } from '../kernel/roles';
import { statementCsv } from './creator-statement-csv';
import { CreatorPayoutEntity, CreatorStatementEntity } from './creator-statement.entity';
import { payoutByStatementId, statementById } from './creator-statement.loaders';
import * as statements from './creator-statement.service';
import {
  CreatorPayout,
  CreatorStatement,
  CreatorStatementConnection,
  CreatorStatementPayload,
  IssueStatementsPayload,
  StatementStatus,
} from './creator-statement.types';

registerNodeType('CreatorStatement', CreatorStatementEntity, async (ctx, id) => {
  const statement = await ctx.loaders.get(statementById).load(id);
  return statement && (await statements.canSeeStatement(ctx, statement)) ? statement : null;
});

const money = (statement: CreatorStatementEntity, amount: string) => Money.of({ amount, currency: statement.currency });

async function statementPage(ctx: DomainContext, creatorId: string | null, month: string | null, first?: number | null, after?: string | null) {
  const page = pageRequest(first, after);
  const query = ctx.db.getRepository(CreatorStatementEntity).createQueryBuilder('s');
  if (creatorId) query.andWhere('s.creator_id = :creatorId', { creatorId });
  if (month) query.andWhere('s.period_start = :start', { start: `${parseClosedMonth(month, ['month']).label}-01` });
  const [rows, totalCount] = await query
    .orderBy('s.period_start', 'DESC')
    .addOrderBy('s.currency')
    .addOrderBy('s.id')
    .offset(page.offset)
    .limit(page.limit)
    .getManyAndCount();
  return connectionFrom(rows, totalCount, page);
}

@Resolver(() => Creator)
export class CreatorStatementsResolver {
  @FieldResolver(() => CreatorStatementConnection, {
    nullable: true,
    description: 'Monthly statements, newest first. The creator and admins only (null for others).',
  })
  async statements(
    @Root() creator: CreatorEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    if (!statements.canSeeStatementsOf(ctx, creator)) return null;
    return statementPage(ctx, creator.id, null, first, after);
  }
}

@Resolver(() => CreatorStatement)
export class CreatorStatementResolver {
  @Authorized(Role.ADMIN)
  @Query(() => CreatorStatementConnection, {
    description: 'Admins: every creator statement, newest month first; `month` ("YYYY-MM") and `creatorId` narrow it.',
  })
  creatorStatements(
    @Ctx() ctx: DomainContext,
    @Arg('month', () => String, { nullable: true }) month?: string | null,
    @Arg('creatorId', () => ID, { nullable: true }) creatorId?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const rawCreatorId = creatorId ? (idOfType(creatorId, 'Creator') ?? '00000000-0000-0000-0000-000000000000') : null;
    return statementPage(ctx, rawCreatorId, month ?? null, first, after);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => IssueStatementsPayload, {
    description: 'Admins: issue the creator statements of a closed month ("YYYY-MM") now, rather than waiting for the monthly job. Idempotent.',
  })
  issueCreatorStatements(@Arg('month') month: string, @Ctx() ctx: DomainContext) {
    return payload(
      async () => {
        const closed = parseClosedMonth(month, ['month']);
        return { month: closed.label, issued: await statements.issueStatementsOnDemand(ctx, closed) };
      },
      (result) => result,
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatorStatementPayload, {
    description:
      "Admins: record that a statement was paid out (by default its closing balance; at most that and at most the creator's balance now). Books a PAYOUT journal. Paying a paid statement again returns it unchanged.",
  })
  payCreatorStatement(
    @Arg('statementId', () => ID) statementId: string,
    @Ctx() ctx: DomainContext,
    @Arg('amount', () => Int, { nullable: true }) amount?: number | null,
  ) {
    return payload(
      () => statements.payStatement(ctx, statementId, amount ?? null),
      (statement) => ({ statement }),
    );
  }

  @FieldResolver(() => String)
  month(@Root() statement: CreatorStatementEntity): string {
    return statement.periodStart.slice(0, 7);
  }

  @FieldResolver(() => Creator)
  creator(@Root() statement: CreatorStatementEntity, @Ctx() ctx: DomainContext) {
    return ctx.loaders.get(creatorById).load(statement.creatorId);
  }

  @FieldResolver(() => Money) openingBalance(@Root() s: CreatorStatementEntity) {
    return money(s, s.openingBalance);
  }
  @FieldResolver(() => Money) sales(@Root() s: CreatorStatementEntity) {
    return money(s, s.sales);
  }
  @FieldResolver(() => Money) memberships(@Root() s: CreatorStatementEntity) {
    return money(s, s.memberships);
  }
  @FieldResolver(() => Money) tips(@Root() s: CreatorStatementEntity) {
    return money(s, s.tips);
  }
  @FieldResolver(() => Money) refunds(@Root() s: CreatorStatementEntity) {
    return money(s, s.refunds);
  }
  @FieldResolver(() => Money) platformFee(@Root() s: CreatorStatementEntity) {
    return money(s, s.platformFee);
  }
  @FieldResolver(() => Money) partnerCommissions(@Root() s: CreatorStatementEntity) {
    return money(s, s.partnerCommissions);
  }
  @FieldResolver(() => Money) payouts(@Root() s: CreatorStatementEntity) {
    return money(s, s.payouts);
  }
  @FieldResolver(() => Money) closingBalance(@Root() s: CreatorStatementEntity) {
    return money(s, s.closingBalance);
  }

  @FieldResolver(() => StatementStatus)
  async status(@Root() statement: CreatorStatementEntity, @Ctx() ctx: DomainContext): Promise<StatementStatus> {
    if (await ctx.loaders.get(payoutByStatementId).load(statement.id)) return StatementStatus.PAID;
    return BigInt(statement.closingBalance) > 0n ? StatementStatus.DUE : StatementStatus.NOTHING_DUE;
  }

  @FieldResolver(() => CreatorPayout, { nullable: true })
  payout(@Root() statement: CreatorStatementEntity, @Ctx() ctx: DomainContext) {
    return ctx.loaders.get(payoutByStatementId).load(statement.id);
  }

  @FieldResolver(() => String)
  csv(@Root() statement: CreatorStatementEntity): string {
    return statementCsv(statement);
  }
}

@Resolver(() => CreatorPayout)
export class CreatorPayoutResolver {
  @FieldResolver(() => Money)
  amount(@Root() payout: CreatorPayoutEntity): Money {
    return Money.of({ amount: payout.amount, currency: payout.currency });
  }
}
