import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { gql, mutate } from './graphql-client';
import { argumentName, resourceSpec } from './resources';
import { RESOURCE_UPDATES } from './resource-updates';

interface Connection {
  nodes: RaRecord[];
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/**
 * The API pages with opaque cursors, react-admin with page numbers: the
 * end cursor of every page read is kept per list (resource + filter + page
 * size), and a jump to an unread page walks forward to it.
 */
const endCursors = new Map<string, Array<string | null>>();

function listQuery(resource: string, filter: Record<string, unknown>, withNodes: boolean) {
  const spec = resourceSpec(resource);
  const used = Object.keys(spec.filterArgs).filter((name) => filter[name] != null && filter[name] !== '');
  const declarations = ['$first: Int', '$after: String', ...used.map((name) => `$${argumentName(name)}: ${spec.filterArgs[name]}`)].join(', ');
  const args = ['first: $first', 'after: $after', ...used.map((name) => `${argumentName(name)}: $${argumentName(name)}`)].join(', ');
  const body = withNodes ? `nodes { ${spec.selection} } totalCount` : '';
  const query = `query(${declarations}) { result: ${spec.listField}(${args}) { ${body} pageInfo { endCursor hasNextPage } } }`;
  const variables = Object.fromEntries(used.map((name) => [argumentName(name), filter[name]]));
  return { query, variables };
}

async function cursorBefore(resource: string, params: GetListParams, key: string): Promise<string | null> {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  if (page <= 1) return null;
  const known = endCursors.get(key) ?? [];
  let index = Math.min(known.length, page - 1);
  while (index < page - 1) {
    const { query, variables } = listQuery(resource, params.filter ?? {}, false);
    const data = await gql<{ result: Connection }>(query, { ...variables, first: perPage, after: index === 0 ? null : known[index - 1] });
    known[index] = data.result.pageInfo.endCursor;
    index += 1;
  }
  endCursors.set(key, known);
  return known[page - 2] ?? null;
}

async function fetchNode(resource: string, id: unknown): Promise<RaRecord> {
  const spec = resourceSpec(resource);
  const data = await gql<{ node: RaRecord | null }>(`query($id: ID!) { node(id: $id) { ... on ${spec.nodeType} { ${spec.selection} } } }`, { id });
  if (!data.node) throw new Error(`No ${spec.nodeType} ${String(id)} (or it is not yours to see).`);
  return data.node;
}

export const dataProvider: DataProvider = {
  async getList(resource, params) {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    const key = JSON.stringify([resource, params.filter ?? {}, perPage]);
    if (page <= 1) endCursors.delete(key);
    const after = await cursorBefore(resource, params, key);
    const { query, variables } = listQuery(resource, params.filter ?? {}, true);
    const data = await gql<{ result: Connection }>(query, { ...variables, first: perPage, after });
    const known = endCursors.get(key) ?? [];
    known[page - 1] = data.result.pageInfo.endCursor;
    endCursors.set(key, known);
    return { data: data.result.nodes as any[], total: data.result.totalCount };
  },
  async getOne(resource, params) {
    return { data: (await fetchNode(resource, params.id)) as any };
  },
  async getMany(resource, params) {
    return { data: (await Promise.all(params.ids.map((id) => fetchNode(resource, id)))) as any[] };
  },
  async getManyReference() {
    throw new Error('The admin panel reads related records through their own fields.');
  },
  async update(resource, params) {
    const update = RESOURCE_UPDATES[resource]?.update;
    if (!update) throw new Error(`${resource} cannot be edited here.`);
    const { query, variables, field, pick } = update(params.id, params.data, params.previousData);
    const result = await mutate(query, variables, field);
    return { data: { ...params.previousData, ...pick(result) } as any };
  },
  async updateMany() {
    throw new Error('Bulk edits are not offered: every decision is recorded one by one.');
  },
  async create(resource, params) {
    const create = RESOURCE_UPDATES[resource]?.create;
    if (!create) throw new Error(`${resource} cannot be created here.`);
    const { query, variables, field, pick } = create(params.data);
    return { data: pick(await mutate(query, variables, field)) as any };
  },
  async delete() {
    throw new Error('Records are not deleted from the admin panel.');
  },
  async deleteMany() {
    throw new Error('Records are not deleted from the admin panel.');
  },
};
