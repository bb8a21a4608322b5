import { toGlobalId } from '../common/global-id';
import { ContentKind } from './moderation.types';

/** The GraphQL type whose global IDs name each kind of content (a profile is named by its user). */
export const CONTENT_NODE_TYPE: Record<ContentKind, string> = {
  [ContentKind.COURSE]: 'Course',
  [ContentKind.LESSON]: 'Lesson',
  [ContentKind.COMMENT]: 'Comment',
  [ContentKind.REVIEW]: 'Review',
  [ContentKind.CHAT_MESSAGE]: 'ChatMessage',
  [ContentKind.PROFILE]: 'User',
  [ContentKind.TIP]: 'Tip',
};

export function contentGlobalId(kind: ContentKind, id: string): string {
  return toGlobalId(CONTENT_NODE_TYPE[kind], id);
}
