import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';

export enum ContentKind {
  COURSE = 'COURSE',
  LESSON = 'LESSON',
  COMMENT = 'COMMENT',
  REVIEW = 'REVIEW',
  CHAT_MESSAGE = 'CHAT_MESSAGE',
  PROFILE = 'PROFILE',
  TIP = 'TIP',
}

export enum ModerationStatus {
  OPEN = 'OPEN',
  IN_REVIEW = 'IN_REVIEW',
  RESOLVED = 'RESOLVED',
  APPEALED = 'APPEALED',
}

export enum ModerationAction {
  APPROVE = 'APPROVE',
  REMOVE = 'REMOVE',
  SUSPEND_CONTENT = 'SUSPEND_CONTENT',
  WARN_USER = 'WARN_USER',
  BAN_USER = 'BAN_USER',
}

registerEnumType(ContentKind, { name: 'ContentKind', valuesConfig: { TIP: { description: 'The message of a tip.' } } });
registerEnumType(ModerationStatus, { name: 'ModerationStatus' });
registerEnumType(ModerationAction, {
  name: 'ModerationAction',
  valuesConfig: {
    APPROVE: { description: 'The content is fine: published (a held text becomes visible).' },
    REMOVE: { description: 'The content is blanked everywhere it is served.' },
    SUSPEND_CONTENT: { description: 'Courses (and lessons: their course): SUSPENDED, out of the catalog and search.' },
    WARN_USER: { description: 'The content is removed and its author warned.' },
    BAN_USER: { description: 'The content is removed and its author banned: tokens revoked, content hidden, sign-in refused.' },
  },
});

@ObjectType({ simpleResolvers: true })
export class ModerationScore {
  @Field({ description: 'Model label, e.g. spam, abuse, ok.' })
  label: string;

  @Field(() => Float, { description: '0..1.' })
  score: number;

  @Field()
  modelVersion: string;
}

@ObjectType({ implements: Node })
export class ModerationCase extends Node {
  @Field(() => ContentKind)
  contentKind: ContentKind;

  @Field({ description: 'Snapshot of the content as it was when the case opened.' })
  excerpt: string;

  @Field(() => ModerationStatus)
  status: ModerationStatus;

  @Field(() => Int)
  reportCount: number;

  @Field(() => [String])
  reasons: string[];

  @Field(() => Int, { description: 'Queue order: model score, holds and reports raise it.' })
  priority: number;

  @Field({ description: 'Whether the content waits hidden (visible to its author only) for this case.' })
  held: boolean;

  @Field(() => ModerationAction, { nullable: true })
  resolution: ModerationAction | null;

  @Field(() => String, { nullable: true })
  resolutionNote: string | null;

  @Field(() => String, { nullable: true, description: "The author's appeal, when there is one." })
  appealMessage: string | null;

  @Field(() => Date, { nullable: true })
  appealedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;
}

export const ModerationCaseConnection = ConnectionType(ModerationCase, 'ModerationCase');

@InputType()
export class ReportContentInput {
  @Field(() => ContentKind)
  contentKind: ContentKind;

  @Field(() => ID)
  contentId: string;

  @Field()
  reason: string;
}

@InputType()
export class ResolveModerationCaseInput {
  @Field(() => ID)
  caseId: string;

  @Field(() => ModerationAction)
  action: ModerationAction;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class AppealInput {
  @Field(() => ID)
  caseId: string;

  @Field()
  message: string;
}

@ObjectType({ description: 'What a reporter gets back: the report was taken. The case itself is for moderators.' })
export class ReportAcknowledgement {
  @Field(() => ContentKind)
  contentKind: ContentKind;

  @Field(() => ID)
  contentId: string;

  @Field()
  reportedAt: Date;
}

@ObjectType()
export class ModerationCasePayload {
  @Field(() => ModerationCase, { nullable: true, description: 'For moderators. reportContent leaves it null for everyone else (they get `acknowledgement`).' })
  case?: object | null;

  @Field(() => ReportAcknowledgement, { nullable: true, description: 'reportContent: the report was recorded.' })
  acknowledgement?: ReportAcknowledgement | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType({ simpleResolvers: true, description: "One day of moderation: volume, and the audit model's quality against moderator decisions." })
export class ModerationDay {
  @Field({ description: 'YYYY-MM-DD (UTC).' })
  day: string;

  @Field(() => Int)
  opened: number;

  @Field(() => Int)
  resolved: number;

  @Field(() => Int, { description: 'Decisions that took content down (REMOVE, SUSPEND_CONTENT, WARN_USER, BAN_USER).' })
  removed: number;

  @Field(() => Float, { nullable: true, description: 'Of the texts the model flagged, the share moderators took down; null with no flags decided that day.' })
  precision: number | null;

  @Field(() => Float, { nullable: true, description: 'Of the texts moderators took down, the share the model had flagged; null with none taken down.' })
  recall: number | null;
}
