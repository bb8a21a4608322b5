import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/**
 * A validated page request. Cursors are opaque; today they encode the offset
 * of the item in the ordered result, so every ordering (relevance, price,
 * rating) pages the same way and `totalCount` stays exact.
 */
export interface PageRequest {
  limit: number;
  offset: number;
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const limit = pageSize(first);
  return { limit, offset: after == null ? 0 : decodeCursor(after) + 1 };
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`"after" is not a cursor this API issued: ${JSON.stringify(cursor.slice(0, 40))}.`, 'after');
  return Number(match[1]);
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function connectionFrom<T>(nodes: T[], totalCount: number, page: PageRequest): Connection<T> {
  const edges = nodes.map((node, index) => ({ cursor: encodeCursor(page.offset + index), node }));
  return {
    edges,
    nodes,
    totalCount,
    pageInfo: {
      hasNextPage: page.offset + nodes.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Declares the `XEdge` and `XConnection` GraphQL types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionClass {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [nodeType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass;
}

/**
 * Cursors for feeds that grow while they are read (chat history): they name
 * an item's sequence number rather than an offset, so new items arriving do
 * not shift the pages a client is walking backwards through with `before`.
 */
export function encodeSequenceCursor(sequence: string): string {
  return Buffer.from(`s:${sequence}`).toString('base64url');
}

export function decodeSequenceCursor(cursor: string, argument: string): string {
  const match = /^s:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`"${argument}" is not a cursor this API issued: ${JSON.stringify(cursor.slice(0, 40))}.`, argument);
  return match[1];
}

export function pageSize(first: number | null | undefined): number {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE} (got ${first}); page with "after" for more.`, 'first');
  }
  return limit;
}
