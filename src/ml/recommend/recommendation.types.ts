import { Field, Float, ObjectType } from 'type-graphql';
import { Course } from '../../catalog/catalog.types';
import type { CourseEntity } from '../../catalog/course.entity';

@ObjectType({ description: 'A course recommended to the viewer, with why.', simpleResolvers: true })
export class Recommendation {
  @Field(() => Course)
  course: CourseEntity;

  @Field(() => Float, { description: 'Relevance; comparable within one reason only. The list order is the ranking.' })
  score: number;

  @Field({ description: 'Short machine-readable reason, e.g. similar-learners, trending, interest:python.' })
  reason: string;

  /** The course whose learners or content led here (for "Because you enrolled in X"). */
  becauseCourseId?: string;

  /** Whether the viewer is enrolled in `becauseCourseId`, when known without a lookup. */
  becauseEnrolled?: boolean;
}
