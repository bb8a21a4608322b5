import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { CoursePayload } from '../catalog/catalog.types';
import { hasRole } from '../common/auth-checker';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { userById } from '../identity/identity.loaders';
import { User, UserPayload } from '../identity/identity.types';
import { Role, type UserEntity } from '../identity/user.entity';
import { listen, startEvent } from '../realtime/subscription-events';
import type { DomainContext } from '../kernel/context';
import * as admin from './moderation-admin.service';
import { ModerationCaseEntity } from './moderation-case.entity';
import * as cases from './moderation-case.service';
import { moderationMetrics } from './moderation-labels';
import { MODERATION_QUEUE_TOPIC, type QueueChange } from './moderation-queue';
import { contentGlobalId } from './moderation-subjects';
import {
  AppealInput,
  ContentKind,
  ModerationCase,
  ModerationCaseConnection,
  ModerationCasePayload,
  ModerationDay,
  ModerationScore,
  ModerationStatus,
  ReportContentInput,
  ResolveModerationCaseInput,
} from './moderation.types';

const loadCase = (ctx: DomainContext, id: string) => ctx.db.getRepository(ModerationCaseEntity).findOneBy({ id });

/** Moderators see every case; authors see the cases about their own content (to appeal). */
registerNodeType('ModerationCase', ModerationCaseEntity, async (ctx, id) => {
  const found = await loadCase(ctx, id);
  return found && (hasRole(ctx, Role.MODERATOR) || (ctx.user && found.authorId === ctx.user.id)) ? found : null;
});

const caseResult = (found: ModerationCaseEntity) => ({ case: found });

@Resolver(() => ModerationCase)
export class ModerationCaseResolver {
  @FieldResolver(() => ID)
  contentId(@Root() found: ModerationCaseEntity): string {
    return contentGlobalId(found.contentKind, found.contentId);
  }

  @FieldResolver(() => User, { nullable: true })
  author(@Root() found: ModerationCaseEntity, @Ctx() ctx: DomainContext): Promise<UserEntity | null> | null {
    return found.authorId ? ctx.loaders.get(userById).load(found.authorId) : null;
  }

  @FieldResolver(() => User, { nullable: true })
  assignee(@Root() found: ModerationCaseEntity, @Ctx() ctx: DomainContext): Promise<UserEntity | null> | null {
    return found.assigneeId && hasRole(ctx, Role.MODERATOR) ? ctx.loaders.get(userById).load(found.assigneeId) : null;
  }

  @FieldResolver(() => [ModerationScore], { description: 'Model scores that opened or accompany the case (moderators only; empty for others).' })
  scores(@Root() found: ModerationCaseEntity, @Ctx() ctx: DomainContext): ModerationScore[] {
    return hasRole(ctx, Role.MODERATOR) ? found.scores : [];
  }

  @Authorized()
  @Query(() => ModerationCaseConnection, {
    description: 'Moderators and admins. Without `status`: the live queue (OPEN, IN_REVIEW, APPEALED), highest priority first.',
  })
  moderationQueue(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => ModerationStatus, { nullable: true }) status?: ModerationStatus | null,
    @Arg('contentKind', () => ContentKind, { nullable: true }) contentKind?: ContentKind | null,
  ) {
    return cases.moderationQueuePage(ctx, { status, contentKind }, first, after);
  }

  @Authorized()
  @Query(() => [ModerationDay], { description: "Moderators and admins: daily volume and the audit model's precision and recall against moderator decisions." })
  moderationMetrics(@Ctx() ctx: DomainContext, @Arg('days', () => Int, { nullable: true }) days?: number | null) {
    return moderationMetrics(ctx, days ?? 30);
  }

  @Authorized()
  @Mutation(() => ModerationCasePayload, {
    description: 'Report content you can see; one report per item. The reporter gets an acknowledgement; only moderators get the case.',
  })
  reportContent(@Arg('input') input: ReportContentInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => cases.reportContent(ctx, input),
      (report) => ({
        case: hasRole(ctx, Role.MODERATOR) ? report.case : null,
        acknowledgement: { contentKind: input.contentKind, contentId: input.contentId, reportedAt: report.reportedAt },
      }),
    );
  }

  @Authorized()
  @Mutation(() => ModerationCasePayload, { description: 'Moderators: take an OPEN or APPEALED case into review.' })
  claimModerationCase(@Arg('caseId', () => ID) caseId: string, @Ctx() ctx: DomainContext) {
    return payload(() => cases.claimCase(ctx, caseId), caseResult);
  }

  @Authorized()
  @Mutation(() => ModerationCasePayload)
  resolveModerationCase(@Arg('input') input: ResolveModerationCaseInput, @Ctx() ctx: DomainContext) {
    return payload(() => cases.resolveCase(ctx, input), caseResult);
  }

  @Authorized()
  @Mutation(() => ModerationCasePayload)
  appealModerationCase(@Arg('input') input: AppealInput, @Ctx() ctx: DomainContext) {
    return payload(() => cases.appealCase(ctx, input), caseResult);
  }

  @Authorized()
  @Mutation(() => UserPayload, { description: 'Admins: ban a user at once (tokens revoked, content hidden, sign-in refused).' })
  banUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: DomainContext, @Arg('note', () => String, { nullable: true }) note?: string | null) {
    return payload(
      () => admin.banUser(ctx, userId, note),
      (user) => ({ user }),
    );
  }

  @Authorized()
  @Mutation(() => UserPayload, { description: 'Admins: lift a ban; the hidden content comes back.' })
  unbanUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => admin.unbanUser(ctx, userId),
      (user) => ({ user }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload, { description: 'Moderators and admins: take a published course out of the catalog and search.' })
  suspendCourse(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext, @Arg('note', () => String, { nullable: true }) note?: string | null) {
    return payload(
      () => admin.suspendCourse(ctx, id, note),
      (course) => ({ course }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload, { description: 'Moderators and admins: bring a suspended course back.' })
  reinstateCourse(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => admin.reinstateCourse(ctx, id),
      (course) => ({ course }),
    );
  }

  @Subscription(() => ModerationCase, {
    description: 'Moderators: cases that opened or changed, on every instance.',
    subscribe: async ({ context }) => {
      const ctx = context as DomainContext;
      return listen(ctx, MODERATION_QUEUE_TOPIC, async () => hasRole(ctx, Role.MODERATOR), 'Only moderators and admins follow the moderation queue.');
    },
  })
  async moderationQueueChanged(@Root() event: QueueChange, @Ctx() ctx: DomainContext): Promise<ModerationCaseEntity> {
    startEvent(ctx);
    return (await loadCase(ctx, event.caseId))!;
  }
}
