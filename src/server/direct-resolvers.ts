import { GraphQLResolveInfo, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * Field resolvers called directly.
 *
 * type-graphql wraps every `@FieldResolver` method in a function that, on each call, allocates the resolver data,
 * asks the container for the resolver instance, runs the middleware chain and sorts and maps the parameter list
 * (getParams) before calling the method: about 8% of an uncached catalog page's CPU, spent on ~600 calls whose
 * parameters are only the parent, the context and the info. For exactly such methods, without middlewares and
 * without `@Authorized`, this puts a resolver in the schema that does what type-graphql's wrapper would, in the
 * same order: the parent converted as `@Root()` converts it, then the method on the same instance. Anything else
 * (arguments, which type-graphql converts and validates; roles; middlewares) keeps type-graphql's own resolver.
 */
interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

interface FieldResolverMetadata {
  kind: 'external' | 'internal';
  target: new () => object;
  methodName: string;
  schemaName: string;
  getObjectType?: () => unknown;
  params?: ParamMetadata[];
  middlewares?: unknown[];
  roles?: unknown[];
}

type Picker = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

/** What `@Root()` hands a method: type-graphql's convertToType for an object type, else the parent as it is. */
function rootPicker(param: ParamMetadata): Picker | null {
  if (param.propertyName) return null;
  const type = param.getType?.();
  if (type === undefined || type === Object) return (root) => root;
  if (typeof type !== 'function') return null;
  const Target = type as new () => object;
  return (root) => {
    if (root == null || typeof root !== 'object' || root instanceof Target || Array.isArray(root) || root instanceof Date) return root;
    return Object.assign(new Target(), root);
  };
}

function pickerOf(param: ParamMetadata): Picker | null {
  switch (param.kind) {
    case 'root':
      return rootPicker(param);
    case 'context':
      return param.propertyName ? null : (_root, context) => context;
    case 'info':
      return (_root, _context, info) => info;
    default:
      return null; // arguments: type-graphql converts and validates them
  }
}

type Method = (...params: unknown[]) => unknown;

function directResolver(instance: object, method: Method, pickers: Picker[]) {
  const [a, b, c] = pickers;
  switch (pickers.length) {
    case 0:
      return () => method.call(instance);
    case 1:
      return (root: unknown, _args: unknown, context: unknown, info: GraphQLResolveInfo) => method.call(instance, a(root, context, info));
    case 2:
      return (root: unknown, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
        method.call(instance, a(root, context, info), b(root, context, info));
    case 3:
      return (root: unknown, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
        method.call(instance, a(root, context, info), b(root, context, info), c(root, context, info));
    default:
      return null;
  }
}

/** Replaces type-graphql's wrappers with direct calls where nothing is lost (see above); returns how many. */
export function withDirectFieldResolvers(schema: GraphQLSchema, instanceOf: (resolverClass: new () => object) => object): number {
  const storage = getMetadataStorage() as unknown as { fieldResolvers: FieldResolverMetadata[]; objectTypes: Array<{ target: unknown; name: string }> };
  let replaced = 0;
  for (const meta of storage.fieldResolvers) {
    if (meta.kind !== 'external' || meta.middlewares?.length || meta.roles !== undefined || !meta.getObjectType) continue;
    const pickers = [...(meta.params ?? [])].sort((x, y) => x.index - y.index).map(pickerOf);
    if (pickers.some((picker) => picker === null)) continue;
    const instance = instanceOf(meta.target);
    const method = (instance as Record<string, unknown>)[meta.methodName];
    if (typeof method !== 'function') continue;
    const objectType = meta.getObjectType();
    for (const { name } of storage.objectTypes.filter((type) => type.target === objectType)) {
      const type = schema.getType(name);
      const field = isObjectType(type) ? type.getFields()[meta.schemaName] : undefined;
      const resolve = field?.resolve && directResolver(instance, method as Method, pickers as Picker[]);
      if (!field || !resolve) continue;
      field.resolve = resolve;
      replaced += 1;
    }
  }
  return replaced;
}
