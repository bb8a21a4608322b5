import { recordAudit } from '../audit/audit-log';
import { requireUser } from '../common/auth-checker';
import { alreadyExists, ErrorCode, forbidden, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { loadNode } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { lockById } from '../db/row-locks';
import { inTransaction, type Transaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { moderationDecisions } from '../kernel/metrics';
import { courseById } from '../catalog/catalog.loaders';
import { canOpenLesson } from '../learning/course-access.service';
import type { LessonEntity } from '../catalog/lesson.entity';
import { requireModerator } from './moderation-access';
import { ModerationCaseEntity } from './moderation-case.entity';
import { applyDecision, loadContent } from './moderation-content';
import { announceQueueChange, openOrJoinCase } from './moderation-queue';
import { CONTENT_NODE_TYPE } from './moderation-subjects';
import { AppealInput, ContentKind, ModerationAction, ModerationStatus, ReportContentInput, ResolveModerationCaseInput } from './moderation.types';
import { recordDecisionLabel } from './moderation-labels';
import { banUser, unbanUser, warnUser } from './user-sanctions';
import { nowFor } from '../kernel/clock';

const REASON_MAX = 500;
const NOTE_MAX = 1000;
const LIVE: ModerationStatus[] = [ModerationStatus.OPEN, ModerationStatus.IN_REVIEW, ModerationStatus.APPEALED];

function boundedNote(value: string | null | undefined, max: number, field: string[], required = false): string | null {
  const text = value?.trim() ?? '';
  if (required && text.length === 0) throw invalidInput('Say why, in a few words.', field);
  if ([...text].length > max) throw invalidInput(`At most ${max} characters.`, field);
  return text || null;
}

/**
 * A user reports content they can see: one report per reporter and item. It
 * opens a case or joins the live one; each report raises the priority, and
 * the MODERATION_REPORTS_TO_ESCALATE-th report escalates it, whatever the
 * model said. The text is scored now, so the case shows the model's view.
 */
export async function reportContent(ctx: DomainContext, input: ReportContentInput): Promise<{ case: ModerationCaseEntity; reportedAt: Date }> {
  const user = requireUser(ctx);
  const id = idOfType(input.contentId, CONTENT_NODE_TYPE[input.contentKind]);
  // Only what the reporter may read can be reported (a paid lesson needs access, like Lesson.content); the
  // same answer for content that does not exist and content they cannot open.
  if (!id || !(await mayRead(ctx, input.contentKind, input.contentId)))
    throw notFound(`No ${input.contentKind.toLowerCase().replace('_', ' ')} with this ID that you can open.`, ['input', 'contentId']);
  const reason = boundedNote(input.reason, REASON_MAX, ['input', 'reason'], true)!;
  const content = await loadContent(ctx.db.manager, input.contentKind, id);
  if (!content) throw notFound('This content no longer exists.', ['input', 'contentId']);
  if (content.authorId === user.id) throw invalidInput('You cannot report your own content.', ['input', 'contentId']);
  const score = content.text.trim() ? await ctx.models.moderation.score(content.text).catch(() => null) : null;
  const caseId = await inTransaction(ctx, async (tx) => {
    const opened = await openOrJoinCase(ctx, tx, {
      kind: input.contentKind,
      contentId: id,
      authorId: content.authorId,
      excerpt: content.text,
      score,
      held: false,
      priority: 0,
      reason: `report: ${reason}`,
    });
    const [inserted] = await tx.manager.query(
      `INSERT INTO moderation_reports (case_id, reporter_id, content_kind, content_id, reason) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (reporter_id, content_kind, content_id) DO NOTHING RETURNING id`,
      [opened, user.id, input.contentKind, id, reason],
    );
    if (!inserted) throw alreadyExists('You have already reported this.', ['input', 'contentId']);
    await tx.manager.query(
      `UPDATE moderation_cases SET report_count = report_count + 1,
         priority = priority + 20 + CASE WHEN report_count + 1 = $2 THEN 100 ELSE 0 END, updated_at = now() WHERE id = $1`,
      [opened, ctx.config.moderation.reportsToEscalate],
    );
    return opened;
  });
  return { case: await ctx.db.getRepository(ModerationCaseEntity).findOneByOrFail({ id: caseId }), reportedAt: new Date() };
}

async function mayRead(ctx: DomainContext, kind: ContentKind, globalId: string): Promise<boolean> {
  const node = await loadNode(ctx, globalId);
  if (!node) return false;
  if (kind !== ContentKind.LESSON) return true;
  const lesson = node as LessonEntity;
  const course = await ctx.loaders.get(courseById).load(lesson.courseId);
  return !!course && canOpenLesson(ctx, lesson, course);
}

async function lockCase(tx: Transaction, caseGlobalId: string, field: string[]): Promise<ModerationCaseEntity> {
  const id = idOfType(caseGlobalId, 'ModerationCase');
  const found = id ? await lockById(tx.manager, ModerationCaseEntity, id) : null;
  if (!found) throw notFound('There is no such moderation case.', field);
  return found;
}

/** Moderators may not decide on their own content, nor on an appeal of their own decision. */
function assertMayDecide(userId: string, found: ModerationCaseEntity): void {
  if (found.authorId === userId) throw forbidden('You cannot moderate your own content; another moderator will.');
  if (found.appealedAt && found.resolvedBy === userId) throw forbidden('A different moderator decides the appeal of your decision.');
}

/** OPEN or APPEALED → IN_REVIEW, assigned to the caller. Claiming your own claim again is a no-op. */
export async function claimCase(ctx: DomainContext, caseGlobalId: string): Promise<ModerationCaseEntity> {
  const user = requireModerator(ctx);
  return inTransaction(ctx, async (tx) => {
    const found = await lockCase(tx, caseGlobalId, ['caseId']);
    assertMayDecide(user.id, found);
    if (found.status === ModerationStatus.IN_REVIEW && found.assigneeId === user.id) return found;
    if (found.status === ModerationStatus.IN_REVIEW) throw new UserFailure(ErrorCode.CONFLICT, 'Another moderator has claimed this case.', ['caseId']);
    if (found.status === ModerationStatus.RESOLVED) throw new UserFailure(ErrorCode.CONFLICT, 'This case is already resolved.', ['caseId']);
    await tx.manager.query(`UPDATE moderation_cases SET status = 'IN_REVIEW', assignee_id = $2, updated_at = now() WHERE id = $1`, [found.id, user.id]);
    announceQueueChange(ctx, tx, found.id);
    return tx.manager.getRepository(ModerationCaseEntity).findOneByOrFail({ id: found.id });
  });
}

/**
 * Decides a case (claiming it if nobody has): the content is shown or taken
 * down, the author warned or banned, the decision stored as a labelled
 * example for the audit model and written to the audit log, all in one
 * transaction. On an appeal, APPROVE undoes the first decision.
 */
export async function resolveCase(ctx: DomainContext, input: ResolveModerationCaseInput): Promise<ModerationCaseEntity> {
  const user = requireModerator(ctx);
  const note = boundedNote(input.note, NOTE_MAX, ['input', 'note']);
  return inTransaction(ctx, async (tx) => {
    const found = await lockCase(tx, input.caseId, ['input', 'caseId']);
    assertMayDecide(user.id, found);
    if (found.status === ModerationStatus.RESOLVED)
      throw new UserFailure(ErrorCode.CONFLICT, `This case is already resolved (${found.resolution}).`, ['input', 'caseId']);
    if (found.status === ModerationStatus.IN_REVIEW && found.assigneeId !== user.id) {
      throw new UserFailure(ErrorCode.CONFLICT, 'Another moderator has claimed this case.', ['input', 'caseId']);
    }
    const content = await loadContent(tx.manager, found.contentKind, found.contentId);
    if (!content) throw notFound('The content of this case no longer exists.', ['input', 'caseId']);
    const appeal = found.appealedAt !== null;
    await applyDecision(tx.manager, found.contentKind, found.contentId, content, input.action);
    const authorId = content.authorId;
    if (appeal && found.resolution === ModerationAction.BAN_USER && input.action !== ModerationAction.BAN_USER && authorId) {
      await unbanUser(tx.manager, { userId: authorId, actorId: user.id, note: note ?? 'appeal upheld', caseId: found.id });
    }
    if (!(appeal && found.resolution === input.action) && authorId) {
      if (input.action === ModerationAction.WARN_USER) await warnUser(tx.manager, { userId: authorId, actorId: user.id, note, caseId: found.id });
      if (input.action === ModerationAction.BAN_USER) await banUser(tx.manager, { userId: authorId, actorId: user.id, note, caseId: found.id });
    }
    await tx.manager.query(
      `UPDATE moderation_cases SET status = 'RESOLVED', resolution = $2, resolution_note = $3, resolved_by = $4, assignee_id = $4,
         resolved_at = $5, held = false, updated_at = $5 WHERE id = $1`,
      [found.id, input.action, note, user.id, nowFor(ctx)],
    );
    // What the decision showed or took down (a course, a review's stars, a banned author's courses) is stale on cached pages.
    await tx.emit({ type: 'ContentDecided', caseId: found.id, contentKind: found.contentKind, contentId: found.contentId, authorId, action: input.action });
    await recordDecisionLabel(tx.manager, found, input.action, user.id, nowFor(ctx));
    await recordAudit(tx.manager, {
      actorId: user.id,
      action: appeal ? 'moderation.appeal_decide' : 'moderation.resolve',
      subjectType: 'ModerationCase',
      subjectId: found.id,
      data: { action: input.action, note, contentKind: found.contentKind, contentId: found.contentId, authorId, previous: appeal ? found.resolution : null },
    });
    announceQueueChange(ctx, tx, found.id);
    tx.afterCommit(() => {
      moderationDecisions.inc({ kind: found.contentKind, decision: input.action, source: appeal ? 'appeal' : 'moderator' });
    });
    return tx.manager.getRepository(ModerationCaseEntity).findOneByOrFail({ id: found.id });
  });
}

/** The author asks for a second look, once, within the appeal window; a different moderator decides. */
export async function appealCase(ctx: DomainContext, input: AppealInput): Promise<ModerationCaseEntity> {
  const user = requireUser(ctx);
  const message = boundedNote(input.message, NOTE_MAX, ['input', 'message'], true);
  return inTransaction(ctx, async (tx) => {
    const found = await lockCase(tx, input.caseId, ['input', 'caseId']);
    if (found.authorId !== user.id) throw notFound('There is no such moderation case.', ['input', 'caseId']);
    const refuse = (why: string) => new UserFailure(ErrorCode.APPEAL_NOT_ALLOWED, why, ['input', 'caseId']);
    if (found.appealedAt) throw refuse('This decision was already appealed; an appeal is possible once.');
    if (found.status !== ModerationStatus.RESOLVED) throw refuse('Only a decided case can be appealed.');
    if (found.resolution === ModerationAction.APPROVE) throw refuse('Your content was approved; there is nothing to appeal.');
    const windowMs = ctx.config.moderation.appealWindowDays * 86_400_000;
    if (Date.now() - found.resolvedAt!.getTime() > windowMs)
      throw refuse(`Appeals are possible within ${ctx.config.moderation.appealWindowDays} days of the decision.`);
    await tx.manager.query(
      `UPDATE moderation_cases SET status = 'APPEALED', appeal_message = $2, appealed_at = now(), assignee_id = NULL, updated_at = now() WHERE id = $1`,
      [found.id, message],
    );
    await recordAudit(tx.manager, { actorId: user.id, action: 'moderation.appeal', subjectType: 'ModerationCase', subjectId: found.id, data: { message } });
    announceQueueChange(ctx, tx, found.id);
    return tx.manager.getRepository(ModerationCaseEntity).findOneByOrFail({ id: found.id });
  });
}

/** The queue: live cases (OPEN, IN_REVIEW, APPEALED) by priority then age, or one status; resolved ones newest first. */
export async function moderationQueuePage(
  ctx: DomainContext,
  filter: { status?: ModerationStatus | null; contentKind?: ContentKind | null },
  first?: number | null,
  after?: string | null,
) {
  requireModerator(ctx);
  const page = pageRequest(first, after);
  const query = ctx.db
    .getRepository(ModerationCaseEntity)
    .createQueryBuilder('c')
    .where('c.status IN (:...statuses)', { statuses: filter.status ? [filter.status] : LIVE });
  if (filter.contentKind) query.andWhere('c.content_kind = :kind', { kind: filter.contentKind });
  if (filter.status === ModerationStatus.RESOLVED) query.orderBy('c.resolved_at', 'DESC');
  else query.orderBy('c.priority', 'DESC').addOrderBy('c.created_at', 'ASC');
  const [rows, totalCount] = await query.addOrderBy('c.id', 'ASC').skip(page.offset).take(page.limit).getManyAndCount();
  return connectionFrom(rows, totalCount, page);
}
