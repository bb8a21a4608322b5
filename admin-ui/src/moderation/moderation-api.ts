import { RESOURCES } from '../resources';

const CASE = RESOURCES.moderationCases.selection;
const ERRORS = 'errors { code message field }';

export const MODERATION_STATUSES = ['OPEN', 'IN_REVIEW', 'RESOLVED', 'APPEALED'] as const;
export const CONTENT_KINDS = ['COURSE', 'LESSON', 'COMMENT', 'REVIEW', 'CHAT_MESSAGE', 'PROFILE'] as const;

/** The decisions a moderator can take, in the order the panel offers them. */
export const MODERATION_ACTIONS = [
  { action: 'APPROVE', label: 'Approve', color: 'success' },
  { action: 'REMOVE', label: 'Remove', color: 'error' },
  { action: 'SUSPEND_CONTENT', label: 'Suspend content', color: 'warning' },
  { action: 'WARN_USER', label: 'Warn user', color: 'warning' },
  { action: 'BAN_USER', label: 'Ban user', color: 'error' },
] as const;

export const CLAIM_CASE = `mutation($caseId: ID!) { claimModerationCase(caseId: $caseId) { case { ${CASE} } ${ERRORS} } }`;
export const RESOLVE_CASE = `mutation($input: ResolveModerationCaseInput!) { resolveModerationCase(input: $input) { case { ${CASE} } ${ERRORS} } }`;
