import { Arg, Ctx, FieldResolver, Float, ID, Int, Resolver, Root } from 'type-graphql';
import { courseById, lessonById, lessonTotalsByCourseId } from '../catalog/catalog.loaders';
import { Course, Lesson } from '../catalog/catalog.types';
import { CourseEntity } from '../catalog/course.entity';
import { LessonEntity } from '../catalog/lesson.entity';
import { toGlobalId } from '../common/global-id';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { userById } from '../identity/identity.loaders';
import { User, Viewer } from '../identity/identity.types';
import { Role, UserEntity } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { CertificateEntity } from './certificate.entity';
import { Certificate } from './certificate.types';
import { EnrollmentEntity } from './enrollment.entity';
import { Enrollment, EnrollmentConnection } from './enrollment.types';
import { certificateByEnrollmentId, completedLessonIdsByEnrollmentId, enrollmentById, viewerEnrollmentByCourseId } from './learning.loaders';

/** Enrollments are private: the learner, the course's creator and admins may read one. */
registerNodeType('Enrollment', EnrollmentEntity, async (ctx, id) => {
  const enrollment = await ctx.loaders.get(enrollmentById).load(id);
  if (!enrollment || !ctx.user) return null;
  return enrollment.userId === ctx.user.id || ctx.user.roles.includes(Role.ADMIN) ? enrollment : null;
});

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @FieldResolver(() => Course)
  async course(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<CourseEntity> {
    return (await ctx.loaders.get(courseById).load(enrollment.courseId))!;
  }

  @FieldResolver(() => User)
  async user(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<UserEntity> {
    return (await ctx.loaders.get(userById).load(enrollment.userId))!;
  }

  @FieldResolver(() => Float, { description: '0..1, share of lessons completed.' })
  async progress(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<number> {
    const { lessonCount } = await ctx.loaders.get(lessonTotalsByCourseId).load(enrollment.courseId);
    return lessonCount === 0 ? 0 : Math.min(1, enrollment.completedLessonCount / lessonCount);
  }

  @FieldResolver(() => [ID])
  async completedLessonIds(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<string[]> {
    const ids = await ctx.loaders.get(completedLessonIdsByEnrollmentId).load(enrollment.id);
    return ids.map((id) => toGlobalId('Lesson', id));
  }

  @FieldResolver(() => Certificate, { nullable: true, description: 'Issued when every lesson is completed.' })
  certificate(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<CertificateEntity | null> | null {
    return enrollment.completedAt ? ctx.loaders.get(certificateByEnrollmentId).load(enrollment.id) : null;
  }

  @FieldResolver(() => Lesson, { nullable: true })
  lastLesson(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<LessonEntity | null> | null {
    return enrollment.lastLessonId ? ctx.loaders.get(lessonById).load(enrollment.lastLessonId) : null;
  }
}

@Resolver(() => Course)
export class CourseEnrollmentResolver {
  @FieldResolver(() => Enrollment, { nullable: true, description: "The viewer's enrollment, if any." })
  viewerEnrollment(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<EnrollmentEntity | null> {
    return ctx.loaders.get(viewerEnrollmentByCourseId).load(course.id);
  }
}

@Resolver(() => Viewer)
export class ViewerEnrollmentsResolver {
  @FieldResolver(() => EnrollmentConnection)
  async enrollments(
    @Root() viewer: Viewer,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db.getRepository(EnrollmentEntity).findAndCount({
      where: { userId: viewer.userId },
      order: { enrolledAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return connectionFrom(rows, totalCount, page);
  }
}
