import { rawId } from '../harness/courses';
import { signUpUser, TestServer } from '../harness/server';

export const ABUSIVE = 'You are a worthless idiot, I will find you and hurt you';
export const CLEAN = 'Can you explain the second example again? The loop part was clear.';

export const POST = `mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id body visibility } errors { code message field } } }`;
export const THREAD = `query($id: ID!) { course(id: $id) { comments(first: 50) { nodes { id body } } } }`;
export const QUEUE = `query($status: ModerationStatus, $kind: ContentKind) { moderationQueue(first: 50, status: $status, contentKind: $kind) {
  totalCount nodes { id contentKind contentId excerpt status priority held reportCount reasons resolution resolutionNote appealMessage
    scores { label score modelVersion } author { id } assignee { id } } } }`;
export const REPORT = `mutation($input: ReportContentInput!) { reportContent(input: $input) { case { id status reportCount reasons } acknowledgement { contentKind contentId } errors { code message field } } }`;
export const CLAIM = `mutation($id: ID!) { claimModerationCase(caseId: $id) { case { id status assignee { id } } errors { code message } } }`;
export const RESOLVE = `mutation($input: ResolveModerationCaseInput!) { resolveModerationCase(input: $input) {
  case { id status resolution resolutionNote resolvedAt } errors { code message field } } }`;
export const APPEAL = `mutation($input: AppealInput!) { appealModerationCase(input: $input) { case { id status appealMessage } errors { code message } } }`;

export async function signUpModerator(t: TestServer, name = 'Moderator') {
  const user = await signUpUser(t, name);
  await t.db.dataSource.query(`UPDATE users SET roles = '{LEARNER,MODERATOR}' WHERE id = $1`, [rawId(user.userId)]);
  return user;
}

/** The live case about one piece of content, as a moderator sees it in the queue. */
export async function caseAbout(t: TestServer, moderatorToken: string, contentId: string) {
  const queue = await t.gql(QUEUE, {}, moderatorToken);
  if (queue.errors) throw new Error(JSON.stringify(queue.errors));
  return queue.data.moderationQueue.nodes.find((c: { contentId: string }) => c.contentId === contentId) ?? null;
}
