import {
  createSourceEventStream,
  execute,
  ExecutionArgs,
  ExecutionResult,
  FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  GraphQLObjectType,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import { mapAsyncIterator } from 'graphql/execution/mapAsyncIterator';

/**
 * Subscriptions whose selection does not depend on who listens are executed
 * once per event and shape, and the result is shared by every subscriber of
 * that shape on this instance: 2,000 learners in one chat room cost one
 * execution per message instead of 2,000.
 *
 * What stays per subscriber: the source stream (`listen` and its access
 * re-checks run before an event is handed on, so a subscriber who lost access
 * gets FORBIDDEN instead of the shared result), graphql-ws's error masking
 * and sending.
 *
 * A selection is shared only when every field it reaches (through fragments
 * too) was declared viewer-independent with `viewerIndependent`: its value
 * follows from the parent value and the arguments alone, never from the
 * context's user. Anything else (`author { roles }`, a course's prices)
 * executes per subscriber as before. The shape key is the document (parsed
 * once per query text, see graphql-ws.ts), the operation name and the
 * variables; results live as long as the event object that every local
 * subscriber of a topic receives (one object per published message).
 */

const independent = new Map<string, Set<string>>();

/** Declares fields whose value does not depend on the viewer (only on the parent value and the arguments). */
export function viewerIndependent(typeName: string, fields: readonly string[]): void {
  let known = independent.get(typeName);
  if (!known) independent.set(typeName, (known = new Set()));
  for (const field of fields) known.add(field);
}

const shareableByDocument = new WeakMap<object, Map<string, boolean>>();
const documentIds = new WeakMap<object, number>();
let nextDocumentId = 0;

/** Whether the subscription's whole selection is viewer-independent (memoized per document and operation). */
export function isViewerIndependent(args: ExecutionArgs): boolean {
  let byOperation = shareableByDocument.get(args.document);
  if (!byOperation) shareableByDocument.set(args.document, (byOperation = new Map()));
  const name = args.operationName ?? '';
  let shareable = byOperation.get(name);
  if (shareable === undefined) {
    shareable = checkSelection(args);
    byOperation.set(name, shareable);
  }
  return shareable;
}

function checkSelection({ schema, document, operationName }: ExecutionArgs): boolean {
  const operation = getOperationAST(document, operationName);
  const root = schema.getSubscriptionType();
  if (!operation || operation.operation !== 'subscription' || !root) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const visit = (type: GraphQLObjectType, selectionSet: SelectionSetNode, depth: number): boolean => {
    if (depth > 32) return false;
    return selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') return true;
        if (!independent.get(type.name)?.has(name)) return false;
        if (!selection.selectionSet) return true;
        const fieldType = getNamedType(type.getFields()[name]?.type);
        return isObjectType(fieldType) && visit(fieldType, selection.selectionSet, depth + 1);
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== type.name)) return false;
      return visit(type, fragment.selectionSet, depth + 1);
    });
  };
  return visit(root, operation.selectionSet, 0);
}

/** Shape → result, per event object. */
const resultsByEvent = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function shapeKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) documentIds.set(args.document, (id = nextDocumentId += 1));
  return `${id}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
}

/** Executions actually run for shared shapes, and results handed to subscribers (for tests and the bench). */
export const sharedExecutionStats = { executions: 0, deliveries: 0 };

function executeShared(args: ExecutionArgs, key: string, event: unknown): Promise<ExecutionResult> {
  if (typeof event !== 'object' || event === null) return Promise.resolve(execute({ ...args, rootValue: event }));
  let results = resultsByEvent.get(event);
  if (!results) resultsByEvent.set(event, (results = new Map()));
  let result = results.get(key);
  if (!result) {
    sharedExecutionStats.executions += 1;
    result = Promise.resolve(execute({ ...args, rootValue: event }));
    results.set(key, result);
  }
  sharedExecutionStats.deliveries += 1;
  return result;
}

/**
 * graphql-js's `subscribe`, except that viewer-independent selections are
 * executed once per event and shape (the `subscribe` hook of graphql-ws).
 */
export async function subscribeSharingResults(
  args: ExecutionArgs,
): Promise<AsyncGenerator<ExecutionResult> | AsyncIterable<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const events = source as AsyncIterable<unknown>;
  if (!isViewerIndependent(args)) return mapAsyncIterator(events, (event) => execute({ ...args, rootValue: event }));
  const key = shapeKey(args);
  return mapAsyncIterator(events, (event) => executeShared(args, key, event));
}
