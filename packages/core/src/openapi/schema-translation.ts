/**
 * core's JSON Schemas as OpenAPI 3.1 Schema Objects (JSON Schema 2020-12). Standard keywords
 * pass as they are; our own keywords (compile.ts) become the nearest standard `format` where
 * one exists, else an `x-rez-*` extension, and each is said in words in the description, so a
 * reader of the docs learns every rule the API checks. An unknown keyword fails the generation:
 * a new rule cannot slip into the API without the contract saying it.
 */

type Schema = Record<string, unknown>;

/** JSON Schema keywords that mean the same in OpenAPI 3.1. */
const STANDARD = new Set([
  'type', 'enum', 'const', 'default', 'description', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'format',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems',
  'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else',
]);

/** Keywords whose value is a schema, or a map or list of schemas. */
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else']);
const SUBSCHEMA_MAP = new Set(['properties', 'patternProperties']);
const SUBSCHEMA_LIST = new Set(['prefixItems', 'oneOf', 'anyOf', 'allOf']);

interface CustomKeyword {
  /** What the schema gets instead of the keyword. */
  readonly replace: (value: unknown) => Schema;
  /** The rule in words, for the description. */
  readonly says: (value: unknown) => string;
}

/** Our own keywords (packages/core/src/schemas/compile.ts), each as the document states it. */
export const CUSTOM_KEYWORDS: Readonly<Record<string, CustomKeyword>> = {
  dateTime: { replace: () => ({ format: 'date-time' }), says: () => 'An RFC 3339 date-time that exists (no 2026-02-30).' },
  httpUrl: { replace: () => ({ format: 'uri', 'x-rez-http-url': true }), says: () => 'An absolute http or https URL.' },
  maxBytes: { replace: (value) => ({ 'x-rez-max-bytes': value }), says: (value) => `At most ${String(value)} bytes of UTF-8.` },
  maxJoinedBytes: {
    replace: (value) => ({ 'x-rez-max-joined-bytes': value }),
    says: (value) => `At most ${String(value)} bytes of UTF-8 together, joined by commas.`,
  },
  wellFormed: { replace: () => ({ 'x-rez-well-formed': true }), says: () => 'Well-formed Unicode (no lone surrogate).' },
  trimmed: { replace: () => ({ 'x-rez-trimmed': true }), says: () => 'No white space at the start or end.' },
  noComma: { replace: () => ({ 'x-rez-no-comma': true }), says: () => 'No comma.' },
};

/** Where a `$ref: '<$id>'` points in the document; `use` registers the schema it names. */
export type RefResolver = (id: string) => string;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function mapValues(value: unknown, each: (schema: unknown, key: string) => unknown): unknown {
  if (!isSchema(value)) throw new Error('expected a map of schemas');
  return Object.fromEntries(Object.entries(value).map(([key, schema]) => [key, each(schema, key)]));
}

/** The OpenAPI form of one schema; `ref` turns `$ref: 'Message'` into the component's address. */
export function toOpenApiSchema(schema: unknown, ref: RefResolver, at = '#'): Schema {
  if (!isSchema(schema)) throw new Error(`${at}: a schema must be an object`);
  const out: Schema = {};
  const rules: string[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const where = `${at}/${keyword}`;
    const custom = CUSTOM_KEYWORDS[keyword];
    if (keyword === '$id') continue; // the component's name, not a base URI for the document
    if (keyword === '$ref') out.$ref = ref(String(value));
    else if (custom) {
      Object.assign(out, custom.replace(value));
      rules.push(custom.says(value));
    } else if (!STANDARD.has(keyword)) throw new Error(`${where}: no OpenAPI translation for the keyword "${keyword}" (add it to CUSTOM_KEYWORDS)`);
    else if (SUBSCHEMA.has(keyword) && typeof value !== 'boolean') out[keyword] = toOpenApiSchema(value, ref, where);
    else if (SUBSCHEMA_MAP.has(keyword)) out[keyword] = mapValues(value, (each, key) => toOpenApiSchema(each, ref, `${where}/${key}`));
    else if (SUBSCHEMA_LIST.has(keyword)) out[keyword] = (value as unknown[]).map((each, index) => toOpenApiSchema(each, ref, `${where}/${index}`));
    else out[keyword] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  if (rules.length) out.description = [out.description, ...rules].filter(Boolean).join(' ');
  return out;
}
