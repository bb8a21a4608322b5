import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Course } from '../../catalog/catalog.types';
import { categoriesByCourseId, courseById } from '../../catalog/catalog.loaders';
import type { CourseEntity } from '../../catalog/course.entity';
import { Viewer } from '../../identity/identity.types';
import { Role } from '../../identity/user.entity';
import { viewerEnrollmentByCourseId } from '../../learning/learning.loaders';
import type { DomainContext } from '../../kernel/context';
import { thenNow } from '../../kernel/request-loader';
import { RETRAIN_MODELS } from '../model-jobs';
import { recommendCourses, similarCourses } from './recommendation.service';
import { Recommendation } from './recommendation.types';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => [Recommendation], { description: 'Courses for the viewer (signed in or not), best first, each with a reason.' })
  recommendedCourses(@Ctx() ctx: DomainContext, @Arg('first', () => Int, { nullable: true }) first?: number | null): Promise<Recommendation[]> {
    return recommendCourses(ctx, first);
  }

  @FieldResolver(() => String, { description: 'Plain-language reason shown to the learner, e.g. "Because you enrolled in …".' })
  explanation(@Root() recommendation: Recommendation, @Ctx() ctx: DomainContext): string | Promise<string> {
    const { reason, becauseCourseId, becauseEnrolled, course } = recommendation;
    if (reason.startsWith('interest:')) return `Matches your interest in ${reason.slice('interest:'.length)}`;
    const popular = () =>
      thenNow(ctx.loaders.now(categoriesByCourseId, course.id), ([category]) => (category ? `Popular in ${category.name}` : 'Popular with learners'));
    if ((reason === 'similar-learners' || reason === 'similar-content') && becauseCourseId) {
      // The course a reason names was read with the recommendations (its card primed the loaders): no statement of its own.
      return thenNow(ctx.loaders.now(courseById, becauseCourseId), (because) =>
        thenNow(becauseEnrolled ?? ctx.loaders.now(viewerEnrollmentByCourseId, becauseCourseId), (enrolled) => {
          if (because) {
            const verb = enrolled ? 'enrolled in' : 'looked at';
            return reason === 'similar-learners' ? `Because you ${verb} ${because.title}` : `Similar to ${because.title}, which you ${verb}`;
          }
          return reason === 'similar-learners' ? 'Learners like you took it' : popular();
        }),
      );
    }
    if (reason === 'similar-learners') return 'Learners like you took it';
    return popular();
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: 'Admins: retrain the recommendation models now (a queued job; the new version is swapped in when done).' })
  async retrainModels(@Ctx() ctx: DomainContext): Promise<boolean> {
    await ctx.jobs.enqueue(RETRAIN_MODELS, { requestedBy: ctx.user!.id }, { singletonKey: RETRAIN_MODELS.name });
    return true;
  }
}

@Resolver(() => Viewer)
export class ViewerRecommendationsResolver {
  @FieldResolver(() => [Recommendation])
  recommendedCourses(@Ctx() ctx: DomainContext, @Arg('first', () => Int, { nullable: true }) first?: number | null): Promise<Recommendation[]> {
    return recommendCourses(ctx, first);
  }
}

@Resolver(() => Course)
export class SimilarCoursesResolver {
  @FieldResolver(() => [Course], { description: 'Courses like this one: co-enrollment blended with content similarity; never this course.' })
  similarCourses(
    @Root() course: CourseEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
  ): Promise<CourseEntity[]> {
    return similarCourses(ctx, course, first);
  }
}
