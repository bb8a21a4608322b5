import { CourseEntity } from '../../catalog/course.entity';
import { courseById } from '../../catalog/catalog.loaders';
import { loadCourseForEditing } from '../../catalog/course-editor';
import { invalidInput } from '../../common/errors';
import { MoneyInput, parsePrice } from '../../common/money';
import type { DomainContext } from '../../kernel/context';

/**
 * The creator's bounds for pricing suggestions: no suggestion goes below
 * `min` or above `max` (either may be null to lift it). Both are in the
 * course's own currency, so a free course has none.
 */
export async function setPriceGuardrails(
  ctx: DomainContext,
  courseGlobalId: string,
  min: MoneyInput | null | undefined,
  max: MoneyInput | null | undefined,
): Promise<CourseEntity> {
  const course = await loadCourseForEditing(ctx, courseGlobalId, ['input', 'courseId']);
  if (course.priceCurrency == null) throw invalidInput('A free course has no price to bound; set a price first.', ['input', 'courseId']);
  const bound = (value: MoneyInput | null | undefined, field: string) => {
    if (value == null) return null;
    const money = parsePrice(value, ['input', field]);
    if (money.currency !== course.priceCurrency!.trim())
      throw invalidInput(`Use the course's currency, ${course.priceCurrency}.`, ['input', field, 'currency']);
    return money.amount;
  };
  const floor = bound(min, 'min');
  const ceiling = bound(max, 'max');
  if (floor != null && ceiling != null && floor > ceiling) throw invalidInput('min must not be above max.', ['input', 'min']);
  await ctx.db.query('UPDATE courses SET price_floor = $2, price_ceiling = $3, updated_at = now() WHERE id = $1', [course.id, floor, ceiling]);
  ctx.loaders.get(courseById).clear(course.id);
  return ctx.db.getRepository(CourseEntity).findOneByOrFail({ id: course.id });
}
