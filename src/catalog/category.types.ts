import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { ConnectionType } from '../common/pagination';
import { Category } from './catalog.types';

@InputType()
export class CreateCategoryInput {
  @Field({ description: 'Lowercase letters, digits and single hyphens, at most 60 characters; unique.' })
  slug: string;

  @Field()
  nameEn: string;

  @Field()
  nameZh: string;

  @Field(() => ID, { nullable: true, description: 'A top-level category: one level of nesting.' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order among its siblings; default: after the last.' })
  position?: number | null;
}

@InputType({ description: 'Only the fields given change; parentId: null makes it top-level.' })
export class UpdateCategoryInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true })
  nameZh?: string | null;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  @Field(() => Int, { nullable: true })
  position?: number | null;
}

@ObjectType()
export class CategoryPayload {
  @Field(() => Category, { nullable: true })
  category?: object | null;

  @Field(() => [UserError])
  errors: UserError[];
}

export const CategoryConnection = ConnectionType(Category, 'Category');
