import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  Source,
  TokenKind,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  ValidationContext,
  ValidationRule,
  valueFromASTUntyped,
} from 'graphql';
import { GraphQLErrorCode } from '../common/errors';
import type { OperationLimits } from '../kernel/config';

export type { OperationLimits };

/**
 * What one GraphQL operation may ask for, checked before any resolver runs,
 * on HTTP and graphql-ws alike. Every check is linear in the document's size:
 * a fragment's figures are computed once, however often it is spread, so a
 * document of doubling fragment spreads (a "fragment bomb") is measured in
 * microseconds and refused.
 *
 * - document: bytes and lexical tokens, before parsing (our own lexer pass);
 * - aliases, directives, depth: GraphQL Armor's validation rules;
 * - cost (connection-aware), expanded field selections and root fields: our
 *   own walk below, since Armor's cost rule knows nothing of `first:`;
 * - introspection: counted like any other field; off unless enabled.
 */
export type LimitName = 'documentBytes' | 'tokens' | 'aliases' | 'directives' | 'depth' | 'cost' | 'fields' | 'rootFields';

export function limitExceeded(limit: LimitName, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`Query is too complex: ${message}`, {
    extensions: { code: GraphQLErrorCode.QUERY_TOO_COMPLEX, limit, ...extensions, http: { status: 400 } },
  });
}

/** The limit error a validation error stands for (Apollo re-codes validation errors; this finds ours under it). */
export function limitErrorBehind(error: unknown): GraphQLError | null {
  for (
    let current = error as { originalError?: unknown } | undefined, hops = 0;
    current && hops < 4;
    current = current.originalError as typeof current, hops += 1
  ) {
    if (current instanceof GraphQLError && current.extensions?.code === GraphQLErrorCode.QUERY_TOO_COMPLEX) return current;
  }
  return null;
}

/** Size and token count of a document's source, before anything parses it. */
export function checkDocumentSource(source: string, limits: OperationLimits): GraphQLError | null {
  const bytes = Buffer.byteLength(source);
  if (bytes > limits.maxDocumentBytes) {
    return limitExceeded('documentBytes', `the document has ${bytes} bytes (limit ${limits.maxDocumentBytes}).`, { max: limits.maxDocumentBytes });
  }
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      tokens += 1;
      if (tokens > limits.maxTokens) {
        return limitExceeded('tokens', `the document has more than ${limits.maxTokens} tokens. Send a smaller operation.`, { max: limits.maxTokens });
      }
    }
  } catch {
    return null; // a lexical error: the parser reports it with its position
  }
  return null;
}

/** Validation rules for the document-wide limits (added to graphql-js's own rules, on both transports). */
export function limitValidationRules(limits: OperationLimits): ValidationRule[] {
  const report =
    (limit: LimitName, max: number, extra: Record<string, unknown> = {}) =>
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(limitExceeded(limit, error.message.replace(/^Syntax Error: /, ''), { max, ...extra }));
  const rules: ValidationRule[] = [
    maxAliasesRule({ n: limits.maxAliases, allowList: [], onReject: [report('aliases', limits.maxAliases)], propagateOnRejection: false }),
    maxDirectivesRule({ n: limits.maxDirectives, onReject: [report('directives', limits.maxDirectives)], propagateOnRejection: false }),
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: false,
      onReject: [report('depth', limits.maxDepth, { maxDepth: limits.maxDepth })],
      propagateOnRejection: false,
    }),
  ];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

export interface OperationMeasure {
  /** Object fields, each multiplied by the page sizes above it (see below). */
  cost: number;
  /** Field selections after expanding fragment spreads. */
  fields: number;
  /** Root field selections after expanding fragment spreads. */
  rootFields: number;
}

const DEFAULT_CONNECTION_SIZE = 20;
const ASSUMED_LIST_SIZE = 10;

function listOutput(type: GraphQLOutputType): boolean {
  for (let current: GraphQLOutputType = type; ; current = (current as { ofType: GraphQLOutputType }).ofType) {
    if (isListType(current)) return true;
    if (!isNonNullType(current)) return false;
  }
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * Static cost of an operation: every object field costs 1, multiplied by
 * the page size of every connection or list above it (`first`, default 20
 * for connections; 10 for other lists). Introspection fields count too.
 * Linear: each fragment is measured once (its type condition fixes what it
 * selects from) and reused at every spread.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = new Map<string, { cost: number; fields: number }>();

  const selectionSet = (set: SelectionSetNode, parent: GraphQLNamedType): { cost: number; fields: number } => {
    let cost = 0;
    let fields = 0;
    for (const selection of set.selections) {
      let inner: { cost: number; fields: number };
      if (selection.kind === Kind.FRAGMENT_SPREAD) inner = fragment(selection.name.value, parent);
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        inner = selectionSet(selection.selectionSet, (selection.typeCondition && schema.getType(selection.typeCondition.name.value)) || parent);
      else inner = field(selection, parent);
      cost += inner.cost;
      fields += inner.fields;
    }
    return { cost, fields };
  };

  const fragment = (name: string, parent: GraphQLNamedType): { cost: number; fields: number } => {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition) return { cost: 0, fields: 0 };
    measured.set(name, { cost: 0, fields: 0 }); // a cycle (refused by validation) counts nothing more
    const result = selectionSet(definition.selectionSet, schema.getType(definition.typeCondition.name.value) ?? parent);
    measured.set(name, result);
    return result;
  };

  const field = (node: FieldNode, parent: GraphQLNamedType): { cost: number; fields: number } => {
    const definition = fieldDefinition(schema, parent, node.name.value);
    if (!definition || !node.selectionSet) return { cost: 0, fields: 1 };
    const named = getNamedType(definition.type);
    const isConnection = named.name.endsWith('Connection');
    const firstArgument = node.arguments?.find((a) => a.name.value === 'first');
    const first = firstArgument ? Number(valueFromASTUntyped(firstArgument.value, variables)) : NaN;
    let multiplier = 1;
    if (Number.isFinite(first) && first > 0) multiplier = first;
    else if (isConnection) multiplier = DEFAULT_CONNECTION_SIZE;
    else if (listOutput(definition.type) && !parent.name.endsWith('Connection')) multiplier = ASSUMED_LIST_SIZE;
    // A connection's edges/nodes lists are the page itself: the multiplier was applied on the connection field.
    if (parent.name.endsWith('Connection') && (node.name.value === 'edges' || node.name.value === 'nodes')) multiplier = 1;
    const inner = selectionSet(node.selectionSet, named);
    return { cost: 1 + multiplier * inner.cost, fields: 1 + inner.fields };
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, fields: 0, rootFields: 0 };
  const { cost, fields } = selectionSet(operation.selectionSet, root);
  return { cost, fields, rootFields: countRootFields(operation.selectionSet, fragments, new Map()) };
}

function countRootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, counted: Map<string, number>): number {
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) total += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += countRootFields(selection.selectionSet, fragments, counted);
    else {
      const name = selection.name.value;
      if (!counted.has(name)) {
        counted.set(name, 0);
        const definition = fragments.get(name);
        counted.set(name, definition ? countRootFields(definition.selectionSet, fragments, counted) : 0);
      }
      total += counted.get(name)!;
    }
  }
  return total;
}

/** The cost, field and root-field limits of one operation with its variables; null when it may run. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
): GraphQLError | null {
  const { cost, fields, rootFields } = measureOperation(schema, document, operation, variables);
  if (rootFields > limits.maxRootFields) {
    return limitExceeded('rootFields', `${rootFields} root fields (limit ${limits.maxRootFields}). Split the operation.`, {
      found: rootFields,
      max: limits.maxRootFields,
    });
  }
  if (fields > limits.maxFields) {
    return limitExceeded('fields', `${fields} field selections once fragments are expanded (limit ${limits.maxFields}).`, {
      found: fields,
      max: limits.maxFields,
    });
  }
  if (cost > limits.maxCost) {
    return limitExceeded('cost', `cost ${cost} (limit ${limits.maxCost}). Ask for fewer items per page or fewer nested fields.`, {
      cost,
      maxCost: limits.maxCost,
      max: limits.maxCost,
    });
  }
  return null;
}
