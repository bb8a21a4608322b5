import {
  FieldNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema, isInterfaceType, isListType, isNonNullType,
  isObjectType, OperationDefinitionNode, SelectionSetNode, GraphQLOutputType, GraphQLField, valueFromASTUntyped,
} from 'graphql';

/**
 * Static cost of an operation, computed before execution: every object
 * field costs 1, multiplied by the page size of every connection or list
 * above it (`first`, default 20 for connections; 10 for plain lists). This
 * is the figure QUERY_TOO_COMPLEX reports.
 */
export interface OperationCost {
  cost: number;
  depth: number;
}

const DEFAULT_CONNECTION_SIZE = 20;
const ASSUMED_LIST_SIZE = 10;

function unwrap(type: GraphQLOutputType): { named: GraphQLNamedType; list: boolean } {
  let current = type;
  let list = false;
  while (isNonNullType(current) || isListType(current)) {
    if (isListType(current)) list = true;
    current = isNonNullType(current) ? current.ofType : (current as { ofType: GraphQLOutputType }).ofType;
  }
  return { named: current as GraphQLNamedType, list };
}

export function operationCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>): OperationCost {
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, depth: 0 };

  const fieldsOf = (type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> =>
    isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, seen: Set<string>): OperationCost => {
    let cost = 0;
    let depth = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'FragmentSpread') {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        const inner = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? parent, new Set([...seen, fragment.name.value]));
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      } else if (selection.kind === 'InlineFragment') {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? parent : parent;
        const inner = walk(selection.selectionSet, type, seen);
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      } else {
        const inner = fieldCost(selection, parent, seen);
        cost += inner.cost;
        depth = Math.max(depth, inner.depth);
      }
    }
    return { cost, depth };
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType, seen: Set<string>): OperationCost => {
    const field = fieldsOf(parent)[node.name.value];
    if (!field || !node.selectionSet) return { cost: 0, depth: 1 };
    const { named, list } = unwrap(field.type);
    const isConnection = named.name.endsWith('Connection');
    let multiplier = 1;
    const firstArg = node.arguments?.find((a) => a.name.value === 'first');
    const first = firstArg ? Number(valueFromASTUntyped(firstArg.value, variables)) : NaN;
    if (Number.isFinite(first) && first > 0) multiplier = first;
    else if (isConnection) multiplier = DEFAULT_CONNECTION_SIZE;
    else if (list && !(parent.name.endsWith('Connection'))) multiplier = ASSUMED_LIST_SIZE;
    // A connection's edges/nodes lists are the page itself: the multiplier was applied on the connection field.
    if (parent.name.endsWith('Connection') && (node.name.value === 'edges' || node.name.value === 'nodes')) multiplier = 1;
    const inner = walk(node.selectionSet, named, seen);
    return { cost: 1 + multiplier * inner.cost, depth: 1 + inner.depth };
  };

  return walk(operation.selectionSet, root, new Set());
}

