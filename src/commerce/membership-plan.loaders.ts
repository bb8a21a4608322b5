import { RequestLoader } from '../kernel/request-loader';
import { In } from 'typeorm';
import { manyByKey } from '../common/loader-results';
import { entityFromJsonRow, uniqueRowLoader } from '../db/row-loaders';
import { addCourseCardPart } from '../catalog/course-cards';
import { defineLoader } from '../kernel/context';
import { MembershipPlanEntity } from './membership-plan.entity';

export const planById = uniqueRowLoader(MembershipPlanEntity, 'id');

/** A course card (catalog/course-cards.ts) carries the active plans that include the course: a page's offers cost no statement. */
addCourseCardPart<MembershipPlanEntity[]>({
  key: 'p',
  decode: (db, _course, value) => (value as Array<Record<string, unknown>>).map((row) => entityFromJsonRow(db, MembershipPlanEntity, row)),
  prime(ctx, course, plans) {
    for (const plan of plans) ctx.loaders.get(planById).prime(plan.id, plan);
    ctx.loaders.get(plansByCourseId).prime(course.id, plans);
  },
});

/** Active plans that include each course. */
export const plansByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, MembershipPlanEntity[]>(async (courseIds) => {
      const { entities, raw } = await ctx.db
        .getRepository(MembershipPlanEntity)
        .createQueryBuilder('plan')
        .innerJoin('plan_courses', 'pc', 'pc.plan_id = plan.id')
        .addSelect('pc.course_id', 'course_id')
        .where('pc.course_id IN (:...courseIds) AND plan.active', { courseIds })
        .orderBy('plan.price_amount', 'ASC')
        .addOrderBy('plan.id')
        .getRawAndEntities();
      // One plan can include several requested courses: pair rows by position, not by entity.
      for (const plan of entities) ctx.loaders.get(planById).prime(plan.id, plan);
      const rows = raw.map((r: { course_id: string; plan_id: string }) => ({ courseId: r.course_id, plan: entities.find((e) => e.id === r.plan_id)! }));
      return manyByKey(rows, courseIds, (r) => r.courseId).map((group) => group.map((r) => r.plan));
    }),
);

export const plansByCreatorId = defineLoader(
  (ctx) =>
    new RequestLoader<string, MembershipPlanEntity[]>(async (creatorIds) =>
      manyByKey(
        await ctx.db.getRepository(MembershipPlanEntity).find({ where: { creatorId: In([...creatorIds]), active: true }, order: { priceAmount: 'ASC' } }),
        creatorIds,
        (p) => p.creatorId,
      ),
    ),
);
