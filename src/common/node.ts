import { Arg, Ctx, FieldResolver, ID, InterfaceType, Query, Resolver, Root, Field } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Info } from 'type-graphql';
import type { DomainContext } from '../kernel/context';
import { parseGlobalId, toGlobalId } from './global-id';
import { badUserInput } from './errors';

type NodeFetcher = (ctx: DomainContext, id: string) => Promise<object | null | undefined>;

interface NodeTypeEntry {
  entity: abstract new (...args: never[]) => object;
  fetch: NodeFetcher;
}

/** GraphQL type name → how to load it by raw id, and which entity class backs it. */
const nodeTypes = new Map<string, NodeTypeEntry>();

export function registerNodeType(typeName: string, entity: NodeTypeEntry['entity'], fetch: NodeFetcher): void {
  nodeTypes.set(typeName, { entity, fetch });
}

/** The Node type of an entity; synchronous, as compiled execution (graphql-jit) calls type resolvers. */
export function nodeTypeNameOf(value: object): string | undefined {
  for (const [name, entry] of nodeTypes) if (value instanceof entry.entity) return name;
  return undefined;
}

@InterfaceType({ description: 'An object with an opaque global ID.', resolveType: (value: object) => nodeTypeNameOf(value) })
export abstract class Node {
  @Field(() => ID)
  id: string;
}

/** The global ID of any Node, derived from the concrete type being resolved. */
@Resolver(() => Node)
export class NodeResolver {
  @FieldResolver(() => ID)
  id(@Root() root: { id: string }, @Info() info: GraphQLResolveInfo): string {
    return toGlobalId(info.parentType.name, root.id);
  }

  @Query(() => Node, { nullable: true })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext): Promise<object | null> {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items' })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: DomainContext): Promise<Array<object | null>> {
    if (ids.length > 100) throw badUserInput('nodes(ids:) takes at most 100 IDs.', 'ids');
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}

export async function loadNode(ctx: DomainContext, globalId: string): Promise<object | null> {
  const parsed = parseGlobalId(globalId);
  const entry = parsed && nodeTypes.get(parsed.type);
  if (!parsed || !entry) return null;
  return (await entry.fetch(ctx, parsed.id)) ?? null;
}
