import { sendChatMessage } from '../src/community/chat.service';
import { toGlobalId } from '../src/common/global-id';
import { reportContent, resolveCase } from '../src/moderation/moderation-case.service';
import { openOrJoinCase } from '../src/moderation/moderation-queue';
import { ContentKind, ModerationAction } from '../src/moderation/moderation.types';
import { inTransaction } from '../src/kernel/transaction';
import { HOUR_MS, MINUTE_MS, addMs } from './demo-clock';
import { actingAs, type Scene } from './demo-replay';
import type { ReviewRow } from './demo-rows';
import { as, type DemoCast } from './demo-shop-scenes';
import type { SeededRandom } from './random';

/** Case ids by review id, filled as the held reviews enter the queue, for the decisions that follow. */
export type CaseIds = Map<string, string>;

/**
 * A held review enters the moderation queue when it is written, scored by the
 * audit model as screening would score it; the demo moderator decides most
 * of them within a day or two and leaves the newest waiting.
 */
export function heldReviewScenes(rng: SeededRandom, cast: DemoCast, held: readonly ReviewRow[], cases: CaseIds): Scene[] {
  const scenes: Scene[] = [];
  const undecidedAfter = cast.now.getTime() - 3 * 24 * HOUR_MS;
  for (const review of held) {
    scenes.push({
      at: review.createdAt,
      kind: 'held review',
      async play(replay) {
        const ctx = actingAs(replay, as(cast, review.userId));
        const text = review.body ?? '';
        const score = text.trim() ? await replay.services.models.moderation.score(text).catch(() => null) : null;
        const id = await inTransaction(ctx, (tx) =>
          openOrJoinCase(ctx, tx, {
            kind: ContentKind.REVIEW,
            contentId: review.id,
            authorId: review.userId,
            excerpt: text,
            score,
            held: true,
            priority: 60,
            reason: 'held for review by screening',
          }),
        );
        cases.set(review.id, id);
      },
    });
    if (review.createdAt.getTime() > undecidedAfter) continue;
    const approve = rng.chance(0.6);
    scenes.push({
      at: addMs(review.createdAt, rng.int(2, 40) * HOUR_MS),
      kind: 'moderation decision',
      async play(replay) {
        const caseId = cases.get(review.id);
        if (!caseId) return;
        await resolveCase(actingAs(replay, as(cast, cast.moderatorId)), {
          caseId: toGlobalId('ModerationCase', caseId),
          action: approve ? ModerationAction.APPROVE : ModerationAction.REMOVE,
          note: approve ? 'Harsh but fair; it stays.' : 'Insults the author rather than reviewing the course.',
        });
      },
    });
  }
  return scenes;
}

/** Learners report a few visible reviews; the moderator decides the older reports. */
export function reportScenes(rng: SeededRandom, cast: DemoCast, visible: readonly ReviewRow[], reporters: readonly string[]): Scene[] {
  const scenes: Scene[] = [];
  for (const review of rng.sample(
    visible.filter((r) => r.body),
    8,
  )) {
    const reporter = rng.pick(reporters.filter((id) => id !== review.userId));
    const at = addMs(review.createdAt, rng.int(1, 48) * HOUR_MS);
    let caseId: string | null = null;
    scenes.push({
      at,
      kind: 'report',
      async play(replay) {
        const reported = await reportContent(actingAs(replay, as(cast, reporter)), {
          contentKind: ContentKind.REVIEW,
          contentId: toGlobalId('Review', review.id),
          reason: rng.pick(['Looks like spam', 'Off-topic advertising', 'Rude to other learners']),
        });
        caseId = reported.case.id;
      },
    });
    if (at.getTime() > cast.now.getTime() - 2 * 24 * HOUR_MS) continue;
    scenes.push({
      at: addMs(at, rng.int(3, 30) * HOUR_MS),
      kind: 'moderation decision',
      async play(replay) {
        if (!caseId) return;
        await resolveCase(actingAs(replay, as(cast, cast.moderatorId)), {
          caseId: toGlobalId('ModerationCase', caseId),
          action: ModerationAction.APPROVE,
          note: 'Nothing wrong with it.',
        });
      },
    });
  }
  return scenes;
}

const CHAT_LINES = [
  '第三节的练习有人做完了吗？',
  'Does anyone have notes for the second section?',
  '老师讲得很清楚，谢谢！',
  'The quiz in section two took me three tries :)',
  '有没有人一起组队学习？',
  'Tip: rewatch the first lesson after finishing, it clicks.',
  '请问代码在哪里下载？',
  'Finished the course today, the final project was worth it.',
];

/** A few course rooms where enrolled learners talk. */
export function chatScenes(rng: SeededRandom, cast: DemoCast, rooms: ReadonlyArray<{ courseId: string; memberIds: readonly string[] }>): Scene[] {
  const scenes: Scene[] = [];
  let n = 0;
  for (const room of rooms) {
    const start = addMs(cast.now, -rng.int(5, 20) * 24 * HOUR_MS);
    for (const memberId of rng.sample(room.memberIds, Math.min(6, room.memberIds.length))) {
      const line = rng.pick(CHAT_LINES);
      const id = `demo-chat-${++n}`;
      scenes.push({
        at: addMs(start, n * 7 * MINUTE_MS),
        kind: 'chat',
        async play(replay) {
          await sendChatMessage(actingAs(replay, as(cast, memberId)), { roomId: toGlobalId('ChatRoom', room.courseId), body: line, clientMessageId: id });
        },
      });
    }
  }
  return scenes;
}

const SPAM_LINES = [
  '加我微信 kp-study-888 免费领取全套课程资料，还能低价代刷好评！',
  'Cheap certificates and 5-star reviews for sale, DM me, visit best-deals-online now!!!',
  '想要课程破解版的私聊我，全网最低价，QQ群 12345678',
  'Earn $500 a day from home, no skills needed, click my profile link',
];

/**
 * Spam in course rooms: screening holds it (or refuses it outright), a held
 * message waits as a scored case, and the moderator removes it the same day,
 * so the precision/recall chart has decisions the model saw coming.
 */
export function spamScenes(rng: SeededRandom, cast: DemoCast, rooms: ReadonlyArray<{ courseId: string; memberIds: readonly string[] }>): Scene[] {
  const scenes: Scene[] = [];
  SPAM_LINES.forEach((line, i) => {
    const room = rooms[i % rooms.length];
    const author = rng.pick(room.memberIds);
    const at = addMs(cast.now, -rng.int(4, 25) * 24 * HOUR_MS);
    let messageId: string | null = null;
    scenes.push({
      at,
      kind: 'chat',
      async play(replay) {
        const sent = await sendChatMessage(actingAs(replay, as(cast, author)), {
          roomId: toGlobalId('ChatRoom', room.courseId),
          body: line,
          clientMessageId: `demo-spam-${i + 1}`,
        });
        messageId = sent.id;
      },
    });
    scenes.push({
      at: addMs(at, rng.int(2, 10) * HOUR_MS),
      kind: 'moderation decision',
      async play(replay) {
        if (!messageId) return;
        const [open]: Array<{ id: string }> = await replay.services.db.query(
          `SELECT id FROM moderation_cases WHERE content_kind = 'CHAT_MESSAGE' AND content_id = $1 AND status <> 'RESOLVED'`,
          [messageId],
        );
        if (!open) return;
        await resolveCase(actingAs(replay, as(cast, cast.moderatorId)), {
          caseId: toGlobalId('ModerationCase', open.id),
          action: ModerationAction.REMOVE,
          note: 'Spam.',
        });
      },
    });
  });
  return scenes;
}
