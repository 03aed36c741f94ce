import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { validate, compileErrors } from '@readme/openapi-parser';
import { API_ROUTE_CONTRACTS } from '../../src/api-contract';
import { parseCreateMessageRequest } from '../../src/schemas/index';
import { API_ROUTE_KEYS, API_ROUTE_TABLE, splitRouteKey } from '../../src/api-routes';
import { buildOpenApiDocument, documentedRouteKeys, openApiText } from '../../src/openapi/document';
import { OPENAPI_DOCUMENT_FILE } from '../../src/openapi/files';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  'x-rez-access': string;
  security: unknown[];
  parameters: Json[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation> | undefined>;
  components: { schemas: Record<string, { properties: Record<string, Json> }> };
}
const document = buildOpenApiDocument() as unknown as Document;
const DOCUMENTED = documentedRouteKeys();
const operationOf = (key: (typeof API_ROUTE_KEYS)[number]): Operation | undefined => {
  const { method, path } = splitRouteKey(key);
  return document.paths[path]?.[method.toLowerCase()];
};
const operation = (key: (typeof API_ROUTE_KEYS)[number]): Operation => {
  const found = operationOf(key);
  if (!found) throw new Error(`no operation for ${key}`);
  return found;
};

describe('the OpenAPI document', () => {
  it('committed matches the route table, the contracts and the schemas (run `pnpm --filter @rez-agent/core generate`)', () => {
    expect(readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8')).toBe(openApiText());
  });

  it('has a contract for every route of the table', () => {
    const missing = API_ROUTE_KEYS.filter((key) => API_ROUTE_CONTRACTS[key] === undefined);
    expect(missing).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(document) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.warnings).toEqual([]);
  });

  it('has one operation per route, with a unique operationId', () => {
    const operations = DOCUMENTED.map(operationOf);
    expect(operations.every(Boolean)).toBe(true);
    expect(new Set(operations.map((each) => each?.operationId)).size).toBe(DOCUMENTED.length);
    expect(Object.values(document.paths).flatMap((item) => Object.keys(item ?? {}))).toHaveLength(DOCUMENTED.length);
  });

  it('leaves out only static pages outside /api/', () => {
    const left = API_ROUTE_KEYS.filter((key) => !DOCUMENTED.includes(key));
    expect(left).toContain('GET /docs');
    for (const key of left) {
      expect(splitRouteKey(key).path).not.toMatch(/^\/api\//);
      expect(operationOf(key)).toBeUndefined();
    }
  });

  it.each(DOCUMENTED)('%s: security and shared answers follow its access', (key) => {
    const { security, responses, 'x-rez-access': documented } = operation(key);
    const { access } = API_ROUTE_TABLE[key];
    expect(documented).toBe(access);
    if (access === 'public') {
      expect(security).toEqual([]);
      expect(responses).not.toHaveProperty('401');
    } else {
      expect(security).toEqual([{ apiToken: [] }, { signIn: [] }]);
      expect(responses).toHaveProperty('401');
      expect(responses).toHaveProperty('503');
    }
    if (access === 'operate') expect(responses).toHaveProperty('403');
    else expect(responses).not.toHaveProperty('403');
  });

  it('describes the list query from the schema the API validates it with', () => {
    const limit = operation('GET /api/messages').parameters.find((parameter) => parameter.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } });
  });

  it('takes the create body by reference to CreateMessageRequest, with our keywords in standard or x- form', () => {
    const create = operation('POST /api/messages');
    expect(create.requestBody?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/CreateMessageRequest' });
    expect(create.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    const { CreateMessageRequest, Message } = document.components.schemas;
    expect(CreateMessageRequest?.properties.payload).toMatchObject({ type: 'string', minLength: 1, 'x-rez-max-bytes': 4096 });
    expect(CreateMessageRequest?.properties.payload?.description).toContain('At most 4096 bytes of UTF-8.');
    expect(Message?.properties.created_date?.format).toBe('date-time');
  });

  it('shows a create body the API accepts', () => {
    const contract = API_ROUTE_CONTRACTS['POST /api/messages'];
    const example = contract && 'bodyExample' in contract ? contract.bodyExample : undefined;

    expect(example).toBeDefined();
    expect(() => parseCreateMessageRequest(example)).not.toThrow();
    expect(operation('POST /api/messages').requestBody?.content['application/json']).toMatchObject({ example });
  });

  it('answers every error as problem+json, except API Gateway throttling', () => {
    const problems = DOCUMENTED.flatMap((key) =>
      Object.entries(operation(key).responses)
        .filter(([status]) => Number(status) >= 400 && status !== '429')
        .map(([, response]) => response.$ref ?? Object.keys(response.content ?? {}).join()),
    );
    for (const answer of problems) expect(answer).toMatch(/^(#\/components\/responses\/|application\/problem\+json$)/);
  });
});
