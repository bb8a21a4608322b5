import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { registerNodeType } from '../common/node';
import type { DomainContext } from '../kernel/context';
import { categoryById } from './catalog.loaders';
import { Category, CourseConnection } from './catalog.types';
import { CategoryEntity } from './category.entity';
import { courseConnection } from './course-listing';

registerNodeType('Category', CategoryEntity, (ctx, id) => ctx.loaders.get(categoryById).load(id));

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category])
  categories(@Ctx() ctx: DomainContext): Promise<CategoryEntity[]> {
    return ctx.db.getRepository(CategoryEntity).find({ order: { position: 'ASC', name: 'ASC' } });
  }

  @FieldResolver(() => Category, { nullable: true })
  async parent(@Root() category: CategoryEntity, @Ctx() ctx: DomainContext): Promise<CategoryEntity | null> {
    return category.parentId ? ctx.loaders.get(categoryById).load(category.parentId) : null;
  }

  @FieldResolver(() => CourseConnection)
  async courses(
    @Root() category: CategoryEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return courseConnection(ctx, first, after, null, null, { categoryId: category.id });
  }
}
