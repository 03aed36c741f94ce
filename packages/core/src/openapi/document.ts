import { API_ROUTE_CONTRACTS, type NamedSchema, type RouteContract, type RouteErrorStatus } from '../api-contract';
import { API_ROUTE_KEYS, API_ROUTE_TABLE, splitRouteKey, type ApiRouteKey, type RouteAccess } from '../api-routes';
import * as definitions from '../schemas/definitions';
import * as answers from '../schemas/responses';
import {
  HEADER_COMPONENTS,
  PARAMETERS,
  SECURITY_SCHEMES,
  SHARED_RESPONSES,
  problemContent,
  ref,
  responseHeaders,
} from './components';
import { toOpenApiSchema } from './schema-translation';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from core's route table (paths, methods,
 * access), the per-route contract (api-contract.ts) and the JSON Schemas the API validates
 * with. `pnpm --filter @rez-agent/core generate` writes it to openapi/openapi.json; a test fails
 * when the committed file differs from what this builds.
 */

export const OPENAPI_INFO = {
  title: 'rez-agent API',
  version: '1.0.0',
  summary: 'Create, schedule, follow, retry and cancel push notifications delivered through ntfy.',
} as const;

type Json = Record<string, unknown>;

const isNamedSchema = (value: unknown): value is NamedSchema => typeof value === 'object' && value !== null && typeof (value as NamedSchema).$id === 'string';

/** Every schema of core a `$ref` may name, by `$id`: whatever definitions.ts and responses.ts export. */
const NAMED_SCHEMAS: ReadonlyMap<string, NamedSchema> = (() => {
  const named = new Map<string, NamedSchema>();
  for (const schema of [...Object.values<unknown>(definitions), ...Object.values<unknown>(answers)].filter(isNamedSchema)) {
    if (named.has(schema.$id)) throw new Error(`two schemas of core have the $id "${schema.$id}"`);
    named.set(schema.$id, schema);
  }
  return named;
})();

const SECURITY: Record<RouteAccess, Json[]> = {
  public: [],
  read: [{ apiToken: [] }, { signIn: [] }],
  operate: [{ apiToken: [] }, { signIn: [] }],
};

const ACCESS_WORDS: Record<RouteAccess, string> = {
  public: 'No credentials needed.',
  read: 'Any signed-in user, or the API token.',
  operate: 'Operators (the operators group), or the API token.',
};

/** Collects the components the operations refer to, translating each schema once. */
class SchemaComponents {
  readonly #schemas = new Map<string, Json>();

  /** The `$ref` of a named schema, translated (with what it refers to) on first use. */
  use = (id: string): string => {
    if (!this.#schemas.has(id)) {
      const schema = NAMED_SCHEMAS.get(id);
      if (!schema) throw new Error(`no schema exported by core's schemas/definitions.ts or schemas/responses.ts has the $id "${id}"`);
      this.#schemas.set(id, {});
      this.#schemas.set(id, toOpenApiSchema(schema, this.use, id));
    }
    return `#/components/schemas/${id}`;
  };

  /** Sorted by name, so the document does not depend on the order routes use them. */
  all(): Json {
    return Object.fromEntries([...this.#schemas.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function parameters(key: ApiRouteKey, contract: RouteContract, schemas: SchemaComponents): Json[] {
  const { path } = splitRouteKey(key);
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const missing = names.filter((name) => contract.pathParameters?.[name] === undefined);
  if (missing.length) throw new Error(`${key}: its contract does not describe the path parameter ${missing.join(', ')}`);
  return [
    ...names.map((name) => ({ name, in: 'path', required: true, description: contract.pathParameters?.[name], schema: { type: 'string' } })),
    ...Object.entries(contract.query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema: toOpenApiSchema(schema, schemas.use, `${key}?${name}`),
    })),
    ...(contract.idempotencyKey ? [ref('parameters', 'IdempotencyKey')] : []),
    ref('parameters', 'CorrelationId'),
  ];
}

function responses(contract: RouteContract, access: RouteAccess, schemas: SchemaComponents): Json {
  const answers: Json = {};
  for (const [status, success] of Object.entries(contract.responses)) {
    answers[status] = {
      description: success.description,
      headers: responseHeaders(success.headers ?? []),
      ...(success.schema ? { content: { 'application/json': { schema: { $ref: schemas.use(success.schema.$id) } } } } : {}),
    };
  }
  for (const [status, description] of Object.entries(contract.errors) as [`${RouteErrorStatus}`, string][]) {
    const retryAfter = status === '409' && contract.idempotencyKey === true;
    answers[status] = { description, headers: responseHeaders(retryAfter ? ['Retry-After'] : []), content: problemContent };
  }
  if (access !== 'public') answers['401'] = ref('responses', 'Unauthorized');
  if (access === 'operate') answers['403'] = ref('responses', 'Forbidden');
  answers['429'] = ref('responses', 'Throttled');
  answers['500'] = ref('responses', 'InternalError');
  if (access !== 'public') answers['503'] = ref('responses', 'Unavailable');
  return Object.fromEntries(Object.entries(answers).sort(([a], [b]) => Number(a) - Number(b)));
}

function operation(key: ApiRouteKey, contract: RouteContract, schemas: SchemaComponents): Json {
  const access = API_ROUTE_TABLE[key].access;
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    description: [contract.description, `**Access:** ${ACCESS_WORDS[access]}`].filter(Boolean).join('\n\n'),
    tags: [contract.tag],
    'x-rez-access': access,
    security: SECURITY[access],
    parameters: parameters(key, contract, schemas),
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: schemas.use(contract.body.$id) }, ...(contract.bodyExample ? { example: contract.bodyExample } : {}) } },
          },
        }
      : {}),
    responses: responses(contract, access, schemas),
  };
}

/** The contract of a route (undefined for a page left out on purpose), or an error naming the route that has none. */
export function contractOf(key: ApiRouteKey): RouteContract | undefined {
  const contract = API_ROUTE_CONTRACTS[key];
  if (!contract) throw new Error(`${key} has no contract: add it to API_ROUTE_CONTRACTS in packages/core/src/api-contract.ts`);
  return 'undocumented' in contract ? undefined : contract;
}

/** The routes the document describes: every route of the table but the pages left out on purpose. */
export const documentedRouteKeys = (): ApiRouteKey[] => API_ROUTE_KEYS.filter((key) => contractOf(key) !== undefined);

/** The whole document, as a plain JSON value. */
export function buildOpenApiDocument(): Json {
  const schemas = new SchemaComponents();
  // The shared answers (components.responses) refer to these.
  schemas.use('Problem');
  schemas.use('Throttled');
  const paths: Record<string, Json> = {};
  for (const key of API_ROUTE_KEYS) {
    const contract = contractOf(key);
    if (!contract) continue;
    const { method, path } = splitRouteKey(key);
    (paths[path] ??= {})[method.toLowerCase()] = operation(key, contract, schemas);
  }
  return {
    openapi: '3.1.1',
    info: {
      ...OPENAPI_INFO,
      description:
        'Every error is an RFC 9457 `application/problem+json` document whose `errors` name each bad field; bad input is a 4xx and never stores or publishes anything. Human-readable docs: `GET /docs`.',
    },
    servers: [
      { url: '/', description: 'The API this document was fetched from' },
      { url: 'http://127.0.0.1:3000', description: 'The local sandbox (`npm start`)' },
    ],
    tags: [
      { name: 'messages', description: 'Notifications: create, schedule, follow, retry, cancel' },
      { name: 'schedules', description: 'Schedules: what to send when, fired by the per-minute tick' },
      { name: 'metrics', description: 'Counts of messages' },
      { name: 'service', description: 'The API itself' },
    ],
    security: SECURITY.read,
    paths,
    components: {
      schemas: schemas.all(),
      responses: SHARED_RESPONSES,
      headers: HEADER_COMPONENTS,
      parameters: PARAMETERS,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export const openApiText = (): string => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
