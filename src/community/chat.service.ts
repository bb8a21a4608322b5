import { courseById } from '../catalog/catalog.loaders';
import { requireVerifiedEmail } from '../identity/email-verification';
import { canSeeCourse } from '../catalog/course-visibility';
import type { CourseEntity } from '../catalog/course.entity';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { Connection, decodeSequenceCursor, encodeSequenceCursor, pageSize } from '../common/pagination';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { ChatMessageEntity } from './chat-message.entity';
import { ChatMessageEvent, chatTopic, SendChatMessageInput } from './chat.types';
import { assertCommunityMember, isCommunityMember, shownTo } from './community-access';
import { acceptText } from './community-text';
import { recordScreening } from '../kernel/screening';

const CHAT_BODY_MAX = 2000;

/** The course behind a chat room ID when the viewer may see it at all; null otherwise. */
export async function roomCourse(ctx: DomainContext, roomGlobalId: string): Promise<CourseEntity | null> {
  const id = idOfType(roomGlobalId, 'ChatRoom');
  const course = id ? await ctx.loaders.get(courseById).load(id) : null;
  return course && (await canSeeCourse(ctx, course)) ? course : null;
}

/** The course behind a chat room the viewer may read (a member); null for anything else. */
export async function readableRoomCourse(ctx: DomainContext, roomGlobalId: string): Promise<CourseEntity | null> {
  const course = await roomCourse(ctx, roomGlobalId);
  return course && (await isCommunityMember(ctx, course)) ? course : null;
}

export async function sendChatMessage(ctx: DomainContext, input: SendChatMessageInput): Promise<ChatMessageEntity> {
  const user = requireUser(ctx);
  const course = await roomCourse(ctx, input.roomId);
  if (!course) throw notFound('No chat room with this ID.', ['input', 'roomId']);
  await assertCommunityMember(ctx, course, ['input', 'roomId']);
  await requireVerifiedEmail(ctx, user.id);
  const clientMessageId = (input.clientMessageId ?? '').trim();
  if (clientMessageId.length < 1 || clientMessageId.length > 100)
    throw invalidInput('clientMessageId must be 1 to 100 characters (a UUID works well).', ['input', 'clientMessageId']);

  const repository = ctx.db.getRepository(ChatMessageEntity);
  const sent = await repository.findOneBy({ courseId: course.id, userId: user.id, clientMessageId });
  if (sent) return sameMessage(sent, input.body);

  const { messages, windowSeconds } = ctx.config.chatRateLimit;
  const { allowed, retryAfterMs } = await ctx.rateLimiter.consume(`chat:${user.id}`, { limit: messages, windowSeconds });
  if (!allowed) {
    throw new UserFailure(ErrorCode.LIMIT_EXCEEDED, `At most ${messages} messages per ${windowSeconds} s; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, [
      'input',
      'body',
    ]);
  }
  const { body, visibility, screening } = await acceptText(
    ctx,
    { kind: 'CHAT_MESSAGE', authorId: user.id, text: input.body, subjectId: course.id },
    { field: ['input', 'body'], max: CHAT_BODY_MAX },
  );

  return inTransaction(ctx, async (tx) => {
    const { manager, afterCommit } = tx;
    const [row]: ChatMessageEvent[] = await manager.query(
      `INSERT INTO chat_messages (course_id, user_id, body, visibility, client_message_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (course_id, user_id, client_message_id) DO NOTHING
       RETURNING id, seq::text AS seq, course_id AS "courseId", user_id AS "userId", body, visibility, created_at AS "createdAt"`,
      [course.id, user.id, body, visibility, clientMessageId],
    );
    // Lost a race with the same send from another tab: answer with the message that won.
    if (!row)
      return sameMessage(await manager.getRepository(ChatMessageEntity).findOneByOrFail({ courseId: course.id, userId: user.id, clientMessageId }), input.body);
    await recordScreening(tx, screening, row.id);
    const event: ChatMessageEvent = { ...row, createdAt: new Date(row.createdAt).toISOString() };
    if (visibility === 'VISIBLE') afterCommit(() => ctx.pubsub.publish(chatTopic(course.id), event));
    return chatMessageFrom(event);
  });
}

function sameMessage(sent: ChatMessageEntity, body: string): ChatMessageEntity {
  if (sent.body !== (body ?? '').trim()) {
    throw new UserFailure(ErrorCode.IDEMPOTENCY_CONFLICT, 'This clientMessageId was already used for a different message; use a new id for a new message.', [
      'input',
      'clientMessageId',
    ]);
  }
  return sent;
}

export function chatMessageFrom(event: ChatMessageEvent): ChatMessageEntity {
  return Object.assign(new ChatMessageEntity(), { ...event, clientMessageId: '', createdAt: new Date(event.createdAt) });
}

/**
 * History pages backwards: `first` messages right before the `before`
 * cursor (or the newest), oldest first within the page. `startCursor` is the
 * `before` of the next, older page; `hasPreviousPage` says whether there is one.
 */
export async function chatHistory(
  ctx: DomainContext,
  course: CourseEntity,
  first: number | null | undefined,
  before: string | null | undefined,
): Promise<Connection<ChatMessageEntity>> {
  const limit = pageSize(first);
  const beforeSeq = before == null ? null : decodeSequenceCursor(before, 'before');
  const viewer = ctx.user?.id ?? null;
  const rows = await ctx.db
    .getRepository(ChatMessageEntity)
    .createQueryBuilder('m')
    .where('m.course_id = :courseId', { courseId: course.id })
    .andWhere(shownTo(':viewer', 'm.'), { viewer })
    .andWhere(beforeSeq === null ? 'TRUE' : 'm.seq < :beforeSeq', { beforeSeq })
    .orderBy('m.seq', 'DESC')
    .limit(limit + 1)
    .getMany();
  const [{ count }]: Array<{ count: number }> = await ctx.db.query(
    `SELECT count(*)::int AS count FROM chat_messages WHERE course_id = $1 AND ${shownTo('$2')}`,
    [course.id, viewer],
  );
  const page = rows.slice(0, limit).reverse();
  const edges = page.map((node) => ({ cursor: encodeSequenceCursor(node.seq), node }));
  return {
    edges,
    nodes: page,
    totalCount: count,
    pageInfo: {
      hasPreviousPage: rows.length > limit,
      hasNextPage: beforeSeq !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
