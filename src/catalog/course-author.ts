import type { DomainContext } from '../kernel/context';

/** Course and lesson text is its creator's, whoever (an admin) edits it. */
export async function courseAuthorId(ctx: DomainContext, course: { creatorId: string }): Promise<string> {
  const [row] = await ctx.db.query('SELECT user_id AS "userId" FROM creators WHERE id = $1', [course.creatorId]);
  return row.userId;
}
