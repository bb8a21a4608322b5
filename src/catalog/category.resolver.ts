import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { categoryById } from './catalog.loaders';
import { Category, CourseConnection } from './catalog.types';
import { CategoryEntity } from './category.entity';
import * as categories from './category.service';
import { CategoryConnection, CategoryPayload, CreateCategoryInput, UpdateCategoryInput } from './category.types';
import { courseConnection } from './course-listing';

registerNodeType('Category', CategoryEntity, (ctx, id) => ctx.loaders.get(categoryById).load(id));

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'Active categories, each top-level one followed by its subcategories (archived ones are left out).' })
  categories(@Ctx() ctx: DomainContext): Promise<CategoryEntity[]> {
    return categories.activeCategories(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => CategoryConnection, { description: 'Admins: every category, each parent followed by its children; archived ones too with includeArchived.' })
  adminCategories(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('includeArchived', () => Boolean, { nullable: true }) includeArchived?: boolean | null,
  ) {
    return categories.categoryPage(ctx, first, after, includeArchived ?? false);
  }

  @FieldResolver(() => String, { description: 'Both names, Chinese first ("编程开发 Programming"); one when they are the same.' })
  name(@Root() category: CategoryEntity): string {
    return !category.nameZh || category.nameZh === category.name ? category.name : `${category.nameZh} ${category.name}`;
  }

  @FieldResolver(() => String)
  nameEn(@Root() category: CategoryEntity): string {
    return category.name;
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

  @Authorized(Role.ADMIN)
  @Mutation(() => CategoryPayload)
  createCategory(@Arg('input') input: CreateCategoryInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => categories.createCategory(ctx, input),
      (category) => ({ category }),
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CategoryPayload)
  updateCategory(@Arg('input') input: UpdateCategoryInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => categories.updateCategory(ctx, input),
      (category) => ({ category }),
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CategoryPayload, { description: 'Refused (CONFLICT) while courses are filed under it or it has active subcategories.' })
  archiveCategory(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => categories.setCategoryArchived(ctx, id, true),
      (category) => ({ category }),
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CategoryPayload)
  restoreCategory(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => categories.setCategoryArchived(ctx, id, false),
      (category) => ({ category }),
    );
  }
}
