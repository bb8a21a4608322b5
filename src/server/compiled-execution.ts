import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, ExecutionResult, GraphQLSchema, Kind, OperationDefinitionNode } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import type { DomainContext } from '../kernel/context';
import type { Logger } from '../kernel/logger';

/**
 * Compiled execution of repeated queries (graphql-jit) behind Apollo's request pipeline.
 *
 * Apollo still parses, validates (the operation limits included), runs every plugin and formats errors; only the
 * execution step changes. A query document that Apollo's document store has handed out `compileAfter` times is
 * compiled once into a function that walks its selection without graphql-js's per-field bookkeeping (the catalog
 * page resolves ~1,500 fields). The same resolvers run, with the same arguments, context and authorization, so a
 * compiled query shows exactly what the interpreted one does.
 *
 * Not compiled: mutations (run once each, serially), introspection (graphql-js answers it), and documents seen
 * fewer than `compileAfter` times: an anonymous client sending ever-new documents never makes the server compile
 * (compiling costs more than one interpreted run). Compiled queries live as long as Apollo keeps the parsed
 * document (a WeakMap keyed by it), so the document store's bound is theirs too.
 */
export interface CompiledExecutionOptions {
  schema: GraphQLSchema;
  /** Compile a query document on its nth execution; 0 never compiles. */
  compileAfter: number;
  logger: Logger;
}

interface DocumentPlans {
  runs: number;
  /** One plan per operation name in the document ('' for an anonymous one); null: not compilable, interpret it. */
  plans: Map<string, CompiledQuery | null>;
}

export class CompiledExecution {
  private readonly documents = new WeakMap<DocumentNode, DocumentPlans>();
  compiled = 0;

  constructor(private readonly options: CompiledExecutionOptions) {}

  execute(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
    context: DomainContext,
  ): ExecutionResult | Promise<ExecutionResult> {
    const plan = this.planFor(document, operation, operationName);
    if (plan) return plan.query(undefined, context, variables ?? {}) as ExecutionResult | Promise<ExecutionResult>;
    return execute({ schema: this.options.schema, document, contextValue: context, variableValues: variables, operationName });
  }

  private planFor(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null | undefined): CompiledQuery | null {
    const { compileAfter } = this.options;
    if (compileAfter <= 0 || operation.operation !== 'query') return null;
    let entry = this.documents.get(document);
    if (!entry) this.documents.set(document, (entry = { runs: 0, plans: new Map() }));
    const key = operationName ?? '';
    const known = entry.plans.get(key);
    if (known !== undefined) return known;
    entry.runs += 1;
    if (entry.runs < compileAfter) return null;
    const plan = introspects(operation) ? null : this.compile(document, operationName);
    entry.plans.set(key, plan);
    return plan;
  }

  private compile(document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null {
    try {
      const compiled = compileQuery(this.options.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      if (isCompiledQuery(compiled)) {
        this.compiled += 1;
        return compiled;
      }
      // A document Apollo validated but the compiler refuses: graphql-js runs it, as before.
      this.options.logger.warn(`graphql: operation ${operationName ?? '(anonymous)'} not compiled: ${compiled.errors?.[0]?.message}`);
    } catch (error) {
      this.options.logger.warn(`graphql: operation ${operationName ?? '(anonymous)'} not compiled: ${(error as Error).message}`);
    }
    return null;
  }

  /** Apollo's gateway interface is its one seam for replacing the execution step; the schema is ours, unchanged. */
  apolloGateway(): GatewayInterface {
    const schema = this.options.schema;
    const executor: GatewayExecutor = async (request) =>
      this.execute(request.document, request.operation, request.operationName, request.request.variables, request.context as DomainContext);
    return {
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      async load() {
        return { executor };
      },
      async stop() {},
    };
  }
}

/** `__schema` / `__type` anywhere at the root: graphql-js answers introspection. */
function introspects(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some(
    (selection) => selection.kind !== Kind.FIELD || selection.name.value === '__schema' || selection.name.value === '__type',
  );
}
