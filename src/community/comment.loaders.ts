import { RequestLoader } from '../kernel/request-loader';
import { In } from 'typeorm';
import { oneByKey } from '../common/loader-results';
import { defineLoader } from '../kernel/context';
import { isShownTo, threadShownTo } from './community-access';
import { CommentEntity } from './comment.entity';

/** Comments the viewer may see (held ones only by their author), by id. */
export const commentById = defineLoader(
  (ctx) =>
    new RequestLoader<string, CommentEntity | null>(async (ids) =>
      oneByKey(await ctx.db.getRepository(CommentEntity).findBy({ id: In([...ids]) }), ids, (c) => c.id).map((c) => (c && isShownTo(ctx, c, true) ? c : null)),
    ),
);

/** Replies the viewer can see, per parent comment. */
export const replyCountByCommentId = defineLoader(
  (ctx) =>
    new RequestLoader<string, number>(async (ids) => {
      const rows: Array<{ parentId: string; count: number }> = await ctx.db.query(
        `SELECT parent_id AS "parentId", count(*)::int AS count FROM comments
        WHERE parent_id = ANY($1::uuid[]) AND ${threadShownTo('$2')} GROUP BY parent_id`,
        [ids, ctx.user?.id ?? null],
      );
      return oneByKey(rows, ids, (r) => r.parentId).map((r) => r?.count ?? 0);
    }),
);
