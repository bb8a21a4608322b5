import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Money, MoneyInput } from '../common/money';
import { Node } from '../common/node';
import { ConnectionType } from '../common/pagination';
import { CourseStatus } from './course.entity';
import { LessonKind } from './lesson.entity';

registerEnumType(CourseStatus, { name: 'CourseStatus', valuesConfig: { SUSPENDED: { description: 'Hidden by moderation.' } } });
registerEnumType(LessonKind, { name: 'LessonKind' });

export enum CourseOrder {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  POPULAR = 'POPULAR',
  RATING = 'RATING',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
}
registerEnumType(CourseOrder, { name: 'CourseOrder' });

export enum OfferKind {
  ONE_TIME = 'ONE_TIME',
  MEMBERSHIP = 'MEMBERSHIP',
  FREE = 'FREE',
}
registerEnumType(OfferKind, { name: 'OfferKind' });

@ObjectType({ implements: Node })
export class Category extends Node {
  @Field()
  slug: string;

  @Field({ description: 'The Chinese name.' })
  nameZh: string;

  @Field(() => Int, { description: 'Order among its siblings (ascending).' })
  position: number;

  @Field(() => Date, { nullable: true, description: 'Archived categories take no new courses and leave `categories`.' })
  archivedAt: Date | null;
}

@ObjectType({ implements: Node })
export class Creator extends Node {
  @Field(() => Int)
  followerCount: number;
}

@ObjectType({ implements: Node })
export class Course extends Node {
  @Field()
  slug: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  subtitle: string | null;

  @Field()
  description: string;

  @Field(() => String, { nullable: true })
  coverUrl: string | null;

  @Field()
  language: string;

  @Field(() => [String])
  tags: string[];

  @Field(() => CourseStatus)
  status: CourseStatus;

  @Field(() => Int)
  ratingCount: number;

  @Field(() => Int)
  enrollmentCount: number;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field({ description: 'The certificate also needs every quiz of the course passed.' })
  certificateRequiresQuizPass: boolean;
}

@ObjectType({ implements: Node, simpleResolvers: true })
export class Section extends Node {
  @Field()
  title: string;

  @Field(() => Int)
  position: number;
}

@ObjectType({ simpleResolvers: true })
export class LessonContent {
  @Field(() => String, { nullable: true })
  body: string | null;

  @Field(() => String, {
    nullable: true,
    description: "For paid lessons a signed link that expires at `mediaUrlExpiresAt` (the permanent one only for the course's creator and admins).",
  })
  mediaUrl: string | null;

  @Field(() => Date, { nullable: true, description: 'When the signed `mediaUrl` stops working; null for a permanent link.' })
  mediaUrlExpiresAt?: Date | null;
}

@ObjectType({ implements: Node, simpleResolvers: true })
export class Lesson extends Node {
  @Field()
  title: string;

  @Field(() => LessonKind)
  kind: LessonKind;

  @Field(() => Int)
  position: number;

  @Field(() => Int)
  durationSeconds: number;

  @Field({ description: 'Free preview: content is visible without purchase.' })
  isPreview: boolean;

  @Field(() => Date, { nullable: true, description: 'Set when the creator archived the lesson: it left the outline and no longer counts toward completion.' })
  archivedAt: Date | null;
}

/** One way to get access to a course; built from the course row and its plans. */
@ObjectType({ simpleResolvers: true })
export class Offer {
  @Field(() => OfferKind)
  kind: OfferKind;

  @Field(() => Money, { nullable: true })
  price: Money | null;

  /** For MEMBERSHIP offers: the id of the plan that includes the course. */
  planId?: string;

  courseId: string;
}

export const CourseConnection = ConnectionType(Course, 'Course');

@InputType()
export class CourseFilter {
  @Field(() => String, { nullable: true, description: 'Full-text search over title, subtitle, description and tags.' })
  query?: string | null;

  @Field(() => String, { nullable: true })
  categorySlug?: string | null;

  @Field(() => ID, { nullable: true })
  creatorId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Courses carrying every one of these tags.' })
  tags?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  freeOnly?: boolean | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Free courses and courses priced in this currency at or below this amount.' })
  maxPrice?: MoneyInput | null;
}

@InputType()
export class CreateCourseInput {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  subtitle?: string | null;

  @Field()
  description: string;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => [String], { nullable: true })
  categorySlugs?: string[] | null;

  @Field(() => MoneyInput, { nullable: true })
  price?: MoneyInput | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL of the cover image.' })
  coverUrl?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Require passing every quiz for the certificate (default false).' })
  certificateRequiresQuizPass?: boolean | null;
}

@InputType()
export class UpdateCourseInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  subtitle?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => [String], { nullable: true })
  categorySlugs?: string[] | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Set to change the one-time price. Omit to keep it.' })
  price?: MoneyInput | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL of the cover image; null or empty removes it. Omit to keep it.' })
  coverUrl?: string | null;

  @Field(() => Boolean, { nullable: true })
  certificateRequiresQuizPass?: boolean | null;
}

@InputType()
export class AddSectionInput {
  @Field(() => ID)
  courseId: string;

  @Field()
  title: string;

  @Field(() => Int, { nullable: true })
  position?: number | null;
}

@InputType()
export class AddLessonInput {
  @Field(() => ID)
  sectionId: string;

  @Field()
  title: string;

  @Field(() => LessonKind)
  kind: LessonKind;

  @Field(() => Int)
  durationSeconds: number;

  @Field(() => Boolean, { nullable: true })
  isPreview?: boolean | null;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => String, { nullable: true })
  mediaUrl?: string | null;

  @Field(() => Int, { nullable: true })
  position?: number | null;
}

@ObjectType()
export class CoursePayload {
  @Field(() => Course, { nullable: true })
  course?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class LessonPayload {
  @Field(() => Lesson, { nullable: true })
  lesson?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}
