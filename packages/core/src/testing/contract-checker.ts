import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { OPENAPI_DOCUMENT_FILE } from '../openapi/files';

/**
 * Holds real answers against the committed OpenAPI document, so the document cannot lie: the
 * status must be one the operation declares, the media type one it declares for that status,
 * and the body must match that media type's schema. Requests outside the document (the
 * sandbox's /_local endpoints, an unknown path or method) are not the contract's business.
 */

/** One request and the answer it got, as a test client saw them. */
export interface Exchange {
  method: string;
  /** The path as requested, query string allowed. */
  path: string;
  status: number;
  /** The Content-Type header of the answer, if any. */
  contentType: string | null;
  /** The body as text (empty when there was none). */
  body: string;
}

type Json = Record<string, unknown>;
const DOCUMENT_ID = 'rez-agent-openapi.json';
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Json;
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/api/messages/{id}` → a RegExp matching one non-empty segment per parameter. */
const templatePattern = (template: string): RegExp =>
  new RegExp(`^${template.split(/\{\w+\}/).map(escapeRegExp).join('[^/]+')}/?$`);

function extensionKeywords(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) extensionKeywords(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeywords(item, found);
    }
  }
  return found;
}

export class ContractChecker {
  readonly #document: Json;
  readonly #operations: Operation[];
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: Json = JSON.parse(readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8')) as Json) {
    this.#document = document;
    this.#ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
    this.#ajv.addVocabulary([...extensionKeywords(document)]);
    // The components under a base URI of their own, so `#/components/schemas/X` resolves in them.
    this.#ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: (document.components as Json | undefined)?.schemas ?? {} } });
    this.#operations = Object.entries(document.paths as Json).flatMap(([template, item]) =>
      Object.entries(item as Json).map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        pattern: templatePattern(template),
        responses: (operation as Json).responses as Json,
      })),
    );
  }

  /** The operation a request is for, or undefined when the document has none. */
  operationOf(method: string, path: string): Operation | undefined {
    const pathname = path.split('?')[0] ?? path;
    // A literal path wins over a template (`/api/messages` is not `{id}`), as in the router.
    const matches = this.#operations.filter((operation) => operation.method === method.toUpperCase() && operation.pattern.test(pathname));
    return matches.find((operation) => !operation.template.includes('{')) ?? matches[0];
  }

  /** What is wrong with the answer, by the document; empty when it conforms or is outside it. */
  check(exchange: Exchange): string[] {
    const operation = this.operationOf(exchange.method, exchange.path);
    if (!operation) return [];
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const declared = operation.responses[String(exchange.status)];
    if (declared === undefined) return [`${where}: ${operation.template} declares no ${exchange.status} (it declares ${Object.keys(operation.responses).join(', ')})`];
    const response = this.#resolve(declared);
    const content = response.content as Json | undefined;
    if (!content) return exchange.body === '' ? [] : [`${where}: the document declares no body, the API sent one`];
    const mediaType = (exchange.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const media = content[mediaType] as Json | undefined;
    if (!media) return [`${where}: the answer is ${mediaType || 'without a Content-Type'}; the document declares ${Object.keys(content).join(', ')}`];
    let body: unknown;
    try {
      body = JSON.parse(exchange.body);
    } catch {
      return [`${where}: the body is not JSON: ${exchange.body.slice(0, 200)}`];
    }
    const validate = this.#validator(JSON.stringify(media.schema));
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${where}: body${error.instancePath} ${error.message ?? 'is invalid'} (${error.schemaPath})`);
  }

  #resolve(value: unknown): Json {
    const pointer = (value as Json).$ref;
    if (typeof pointer !== 'string') return value as Json;
    const target = pointer.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Json)[key], this.#document);
    return this.#resolve(target);
  }

  #validator(schemaText: string): ValidateFunction {
    let validate = this.#validators.get(schemaText);
    if (!validate) {
      validate = this.#ajv.compile(JSON.parse(schemaText.replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`)) as Json);
      this.#validators.set(schemaText, validate);
    }
    return validate;
  }
}

/** Collects every exchange of a test file and what the document says of each. */
export class ContractRecorder {
  readonly #checker: ContractChecker;
  readonly #problems: string[] = [];
  #checked = 0;

  constructor(checker = new ContractChecker()) {
    this.#checker = checker;
  }

  record(exchange: Exchange): void {
    if (this.#checker.operationOf(exchange.method, exchange.path)) this.#checked += 1;
    this.#problems.push(...this.#checker.check(exchange));
  }

  /** How many exchanges were for an operation of the document. */
  get checked(): number {
    return this.#checked;
  }

  get problems(): readonly string[] {
    return this.#problems;
  }

  /** Throws, listing each mismatch, when any answer broke the contract. */
  assertConforms(): void {
    if (this.#problems.length) {
      throw new Error(`answers that break the OpenAPI document (packages/core/openapi/openapi.json):\n${this.#problems.map((problem) => `  ${problem}`).join('\n')}`);
    }
  }
}
