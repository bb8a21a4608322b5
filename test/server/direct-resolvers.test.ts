import 'reflect-metadata';
import { graphql } from 'graphql';
import { Arg, buildSchema, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { withDirectFieldResolvers } from '../../src/server/direct-resolvers';

@ObjectType()
class Box {
  @Field()
  id!: string;
}

@Resolver(() => Box)
class BoxResolver {
  calls = 0;

  @Query(() => Box)
  box(): object {
    // A plain object, as many of our resolvers return: @Root() hands the field resolvers a Box made from it.
    return { id: 'b1' };
  }

  @FieldResolver(() => String)
  label(@Root() box: Box, @Ctx() ctx: { prefix: string }): string {
    this.calls += 1;
    return `${ctx.prefix}${box.id}:${box instanceof Box}`;
  }

  @FieldResolver(() => String)
  repeated(@Root() box: Box, @Arg('times', () => Int) times: number): string {
    return box.id.repeat(times);
  }
}

describe('direct field resolvers', () => {
  it('answer what type-graphql answers, on the same resolver instance, and leave resolvers with arguments to type-graphql', async () => {
    const instance = new BoxResolver();
    const container = { get: () => instance };
    const query = '{ box { id label repeated(times: 2) } }';
    const schema = await buildSchema({ resolvers: [BoxResolver], container, validate: false });
    const before = await graphql({ schema, source: query, contextValue: { prefix: 'p-' } });
    const wrapper = schema.getType('Box') && (schema.getType('Box') as any).getFields().repeated.resolve;

    expect(withDirectFieldResolvers(schema, () => instance)).toBe(1);
    const after = await graphql({ schema, source: query, contextValue: { prefix: 'p-' } });
    expect(before.errors).toBeUndefined();
    expect(after).toEqual(before);
    expect(after.data).toEqual({ box: { id: 'b1', label: 'p-b1:true', repeated: 'b1b1' } });
    expect(instance.calls).toBe(2);
    expect((schema.getType('Box') as any).getFields().repeated.resolve).toBe(wrapper);
  });
});
