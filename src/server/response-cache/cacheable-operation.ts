import { createHash } from 'node:crypto';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print, SelectionSetNode } from 'graphql';

/**
 * Which anonymous operations the response cache may answer: queries whose
 * root fields are the public catalog (`courses`, `course`, `categories`,
 * `creator`) and which select nothing that changes without a domain event
 * (time: drip release, signed media links; models: recommendations; threads:
 * comments and reviews). Everything else goes to Apollo every time.
 */
const PUBLIC_ROOTS = new Set(['courses', 'course', 'categories', 'creator', '__typename']);
const UNCACHED_FIELDS = new Set([
  'content',
  'isReleased',
  'releaseAt',
  'comments',
  'replyCount',
  'reviews',
  'similarCourses',
  'recommendedCourses',
  'quizStats',
  'quizPassRate',
  'quizResults',
  'chatRoom',
  'viewerEnrollment',
  'viewerHasAccess',
  'certificate',
  'progress',
]);

export interface OperationShape {
  /** The printed document (whitespace and comments gone): one key for every spelling of the same operation. */
  normalized: string;
  /** Per operation name ('' for the only one): may the cache answer it? */
  cacheable: Map<string, boolean>;
  /** Root fields of its operations (`course` alone: one course's page, tagged by that course). */
  rootFields: Set<string>;
  /** The name of its only operation, for the request log of an answer from the cache. */
  soleName: string | null;
}

const MAX_REMEMBERED = 1000;
const shapes = new Map<string, OperationShape | null>();
const byHash = new Map<string, string>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}

/** The APQ hash of a query text (sha256, hex), as Apollo's persisted queries name it. */
export function persistedQueryHash(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/** The query text a persisted-query hash stands for, once this instance has seen it in full. */
export function queryOfHash(hash: string): string | undefined {
  return byHash.get(hash);
}

export function notePersistedQuery(source: string): void {
  const hash = persistedQueryHash(source);
  if (!byHash.has(hash)) remember(byHash, hash, source);
}

function selectsOnly(
  selections: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  allowed: (name: string) => boolean,
  seen = new Set<string>(),
): boolean {
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!allowed(selection.name.value)) return false;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selectsOnly(selection.selectionSet, fragments, allowed, seen)) return false;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = fragments.get(name);
      if (!fragment || !selectsOnly(fragment.selectionSet, fragments, allowed, seen)) return false;
    }
  }
  return true;
}

function mentionsUncachedField(document: DocumentNode): boolean {
  let found = false;
  const visit = (selections: SelectionSetNode): void => {
    for (const selection of selections.selections) {
      if (found) return;
      if (selection.kind === Kind.FIELD && UNCACHED_FIELDS.has(selection.name.value)) found = true;
      else if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) visit(selection.selectionSet);
      if (selection.directives?.length) found = true; // @include/@skip/@defer: leave them to Apollo
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition.selectionSet);
  }
  return found;
}

function rootFieldsOf(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): Set<string> {
  const names = new Set<string>();
  selectsOnly(operation.selectionSet, fragments, (name) => {
    names.add(name);
    return true;
  });
  return names;
}

/** The shape of a query text, parsed once per text (null when it does not parse: Apollo answers that). */
export function operationShape(source: string, maxTokens: number): OperationShape | null {
  const known = shapes.get(source);
  if (known !== undefined) return known;
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens, noLocation: true });
  } catch {
    return remember(shapes, source, null);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const uncached = mentionsUncachedField(document);
  const cacheable = new Map<string, boolean>();
  const rootFields = new Set<string>();
  for (const operation of operations) {
    const ok = !uncached && operation.operation === 'query' && selectsOnly(operation.selectionSet, fragments, (name) => PUBLIC_ROOTS.has(name));
    cacheable.set(operation.name?.value ?? '', ok);
    for (const name of rootFieldsOf(operation, fragments)) rootFields.add(name);
  }
  if (operations.length === 1) cacheable.set('', cacheable.values().next().value as boolean);
  return remember(shapes, source, {
    normalized: print(document),
    cacheable,
    rootFields,
    soleName: operations.length === 1 ? (operations[0].name?.value ?? null) : null,
  });
}

/** Variables in one spelling: keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

export function cacheKeyOf(shape: OperationShape, operationName: string, variables: unknown): string {
  return createHash('sha256')
    .update(shape.normalized)
    .update('\0')
    .update(operationName)
    .update('\0')
    .update(canonicalJson(variables ?? {}))
    .digest('base64url');
}
