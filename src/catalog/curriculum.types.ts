import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { LessonKind } from './lesson.entity';
import { Course, Section } from './catalog.types';

@InputType({ description: 'Only the fields given change; an empty body or mediaUrl clears it.' })
export class UpdateLessonInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => LessonKind, { nullable: true, description: 'A quiz with questions or a scheduled live session keeps its kind.' })
  kind?: LessonKind | null;

  @Field(() => Int, { nullable: true })
  durationSeconds?: number | null;

  @Field(() => Boolean, { nullable: true })
  isPreview?: boolean | null;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => String, { nullable: true })
  mediaUrl?: string | null;
}

@InputType()
export class MoveLessonInput {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: "Another section of the same course; default: the lesson's own." })
  sectionId?: string | null;

  @Field(() => Int, { nullable: true, description: '1 is first; default (or past the end): last.' })
  position?: number | null;
}

@InputType({ description: 'When a section opens to learners: at a fixed moment, or some days after each learner enrolls (not both). Neither: at once.' })
export class SectionReleaseInput {
  @Field(() => Date, { nullable: true })
  at?: Date | null;

  @Field(() => Int, { nullable: true, description: '1 to 3650 days after the learner enrolled.' })
  afterEnrollmentDays?: number | null;
}

@InputType()
export class UpdateSectionInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => SectionReleaseInput, { nullable: true, description: 'Omit to keep the schedule; null or {} releases the section at once.' })
  release?: SectionReleaseInput | null;
}

@InputType()
export class MoveSectionInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1 is first; past the end: last.' })
  position: number;
}

@ObjectType({ simpleResolvers: true, description: "A section's release schedule (drip): at most one of the two is set." })
export class SectionRelease {
  @Field(() => Date, { nullable: true })
  at: Date | null;

  @Field(() => Int, { nullable: true })
  afterEnrollmentDays: number | null;
}

@ObjectType()
export class SectionPayload {
  @Field(() => Section, { nullable: true })
  section?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class DeleteSectionPayload {
  @Field(() => ID, { nullable: true })
  deletedSectionId?: string | null;

  @Field(() => Course, { nullable: true })
  course?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class DeleteLessonPayload {
  @Field(() => ID, { nullable: true })
  deletedLessonId?: string | null;

  @Field(() => Section, { nullable: true })
  section?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}
