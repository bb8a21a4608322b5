import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Lesson } from '../catalog/catalog.types';
import type { LessonEntity } from '../catalog/lesson.entity';
import type { EnrollmentEntity } from './enrollment.entity';
import { Enrollment } from './enrollment.types';
import type { QuizAttemptEntity } from './quiz.entity';
import { QuizAttempt } from './quiz.types';

@InputType()
export class RecordProgressInput {
  @Field(() => ID)
  lessonId: string;

  @Field(() => Int)
  positionSeconds: number;

  @Field(() => Boolean, { nullable: true })
  completed?: boolean | null;

  @Field({ description: 'Client-generated id; replays of the same event are ignored.' })
  clientEventId: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When it happened on the device (default: when the server receives it). Resume follows the newest event, so a late one never moves it back.',
  })
  occurredAt?: Date | null;
}

@ObjectType()
export class ProgressPayload {
  @Field(() => Enrollment, { nullable: true })
  enrollment?: EnrollmentEntity | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class ProgressEvent {
  @Field(() => Enrollment)
  enrollment: EnrollmentEntity;

  @Field(() => Lesson)
  lesson: LessonEntity;

  @Field()
  at: Date;

  @Field(() => QuizAttempt, { nullable: true, description: 'Set when the progress came from a graded quiz attempt: its score and feedback.' })
  quizAttempt?: QuizAttemptEntity | null;
}

/** What travels over pub/sub for a progress event: ids only, resolved per subscriber. */
export interface ProgressMessage {
  enrollmentId: string;
  lessonId: string;
  at: string;
  /** A graded quiz attempt behind this progress. */
  attemptId?: string;
}

export const progressTopic = (userId: string, courseId: string) => `progress:${userId}:${courseId}`;
