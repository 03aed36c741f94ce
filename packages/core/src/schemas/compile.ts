import { Ajv, _, type AnySchemaObject, type Code, type KeywordDefinition, type Name } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import {
  createMessageRequestSchema,
  listQuerySchema,
  messageSchema,
  queueRecordBodySchema,
  scheduleInputSchema,
  tickInputSchema,
  createScheduleRequestSchema,
  updateScheduleRequestSchema,
  scheduleSchema,
  scheduleListSchema,
  listSchedulesQuerySchema,
} from './definitions';

/**
 * Turns the schemas into plain validation functions at build time (ajv's standalone code), so
 * a Lambda neither loads ajv nor compiles a schema on its cold path: compiling took 60–120 ms
 * on the first request. `npm run generate -w core` (or the test that compares) keeps
 * src/schemas/generated/ in step with definitions.ts.
 */

/** A `keyword: true` check on a string, failing where `invalid(data)` holds (code that survives into the generated module). */
function stringRule(keyword: string, message: string, invalid: (data: Name) => Code): KeywordDefinition {
  return { keyword, type: 'string', schemaType: 'boolean', error: { message }, code: (cxt) => cxt.fail(invalid(cxt.data)) };
}

/** UTF-8 length, written as code so it survives into the generated module. */
const maxBytes: KeywordDefinition = {
  keyword: 'maxBytes',
  type: 'string',
  schemaType: 'number',
  error: { message: (cxt) => _`"must be at most " + ${cxt.schema as number} + " bytes of UTF-8"` },
  code(cxt) {
    cxt.fail(_`Buffer.byteLength(${cxt.data}, "utf8") > ${cxt.schema as number}`);
  },
};

/**
 * Well-formed Unicode: a lone surrogate (`"\ud800"` is valid JSON) has no UTF-8 form, so it would
 * reach the phone as U+FFFD instead of what was sent.
 */
const wellFormed = stringRule('wellFormed', 'must be well-formed Unicode (no lone surrogate)', (data) => _`!${data}.isWellFormed()`);

// Go's unicode.IsSpace, which ntfy's strings.TrimSpace strips from a title and from each tag.
const GO_SPACE = String.raw`[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
const SURROUNDING_SPACE = `^${GO_SPACE}|${GO_SPACE}$`;

/** No leading or trailing space: ntfy trims it, and a tag or title of spaces only disappears. */
const trimmed = stringRule('trimmed', 'must not start or end with white space', (data) => _`new RegExp(${SURROUNDING_SPACE}).test(${data})`);

/** UTF-8 length of an array of strings joined by commas, as ntfy receives tags in one header. */
const maxJoinedBytes: KeywordDefinition = {
  keyword: 'maxJoinedBytes',
  type: 'array',
  schemaType: 'number',
  error: { message: (cxt) => _`"must be at most " + ${cxt.schema as number} + " bytes of UTF-8 together, commas included"` },
  code(cxt) {
    cxt.fail(_`${cxt.data}.every((item) => typeof item == "string") && Buffer.byteLength(${cxt.data}.join(","), "utf8") > ${cxt.schema as number}`);
  },
};

// Patterns go into the generated code as string literals (ajv escapes interpolated values),
// so no regex escaping is lost in a template.
const HTTP_URL_START = '^https?://';
const DATE_TIME = String.raw`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$`;

/** An absolute http(s) URL: ntfy's Click header must open a web page, never javascript: or a file. */
const httpUrl = stringRule(
  'httpUrl',
  'must be an http or https URL',
  (data) => _`!(new RegExp(${HTTP_URL_START}, "i").test(${data}) && URL.canParse(${data}))`,
);

/** An RFC 3339 date-time that names a real instant (2026-02-30 or 25:00 do not). */
const dateTime = stringRule(
  'dateTime',
  'must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00.000Z',
  (data) =>
    _`!((text) => { const m = new RegExp(${DATE_TIME}, "i").exec(text); if (!m) return false; const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])); return day.getUTCMonth() === +m[2] - 1 && day.getUTCDate() === +m[3] && +m[4] < 24 && +m[5] < 60 && +m[6] < 60; })(${data})`,
);

/** ntfy takes tags as one comma-separated header: a comma inside a tag would split it. */
const noComma = stringRule('noComma', 'must not contain a comma', (data) => _`${data}.includes(",")`);

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, code: { source: true, esm: true } });
  for (const keyword of [maxBytes, maxJoinedBytes, wellFormed, trimmed, httpUrl, dateTime, noComma]) ajv.addKeyword(keyword);
  return ajv;
}

/** Generated module name → exported validator name → schema. */
export const GENERATED_MODULES = {
  validators: {
    schemas: {
      validateCreateMessageRequest: createMessageRequestSchema,
      validateMessage: messageSchema,
      validateQueueRecordBody: queueRecordBodySchema,
      validateScheduleInput: scheduleInputSchema,
      validateTickInput: tickInputSchema,
      validateCreateScheduleRequest: createScheduleRequestSchema,
      validateUpdateScheduleRequest: updateScheduleRequestSchema,
      validateSchedule: scheduleSchema,
      validateScheduleList: scheduleListSchema,
      validateListSchedulesQuery: listSchedulesQuerySchema,
      // No type coercion: ajv's would accept 0x10, 1e3 or " 5" as an integer (see parseListQuery).
      validateListQuery: listQuerySchema,
    },
  },
} as const;

/**
 * The standalone code asks for ajv's runtime helpers with require(), which an ES module (and a
 * bundle whose interop differs from Node's) cannot rely on: each known helper is written inline,
 * and an unknown one fails the generation loudly.
 */
const INLINE_RUNTIME: Record<string, string> = {
  // Length in code points, as JSON Schema's minLength/maxLength count (ajv's ucs2length).
  'require("ajv/dist/runtime/ucs2length").default': '((text) => { let length = 0; for (const _ of text) length++; return length; })',
};

function inlineRuntime(code: string): string {
  let body = code.replace(/^"use strict";/, '');
  for (const [call, inline] of Object.entries(INLINE_RUNTIME)) body = body.split(call).join(inline);
  const leftover = /require\([^)]*\)/.exec(body);
  if (leftover) throw new Error(`generated validators need ${leftover[0]}: add it to INLINE_RUNTIME`);
  return `${body}\n`;
}

const HEADER = '// Generated by packages/core/scripts/generate-validators.ts from src/schemas/definitions.ts. Do not edit.\n';

/** The source of each generated module: `{ 'validators.js': '...', ... }` (with .d.ts files). */
export function generateValidatorSources(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [module, { schemas }] of Object.entries(GENERATED_MODULES)) {
    const ajv = makeAjv();
    const refs: Record<string, string> = {};
    for (const [name, schema] of Object.entries(schemas as Record<string, AnySchemaObject & { $id: string }>)) {
      ajv.addSchema(schema);
      refs[name] = schema.$id;
    }
    files[`${module}.js`] = HEADER + inlineRuntime(standaloneCode(ajv, refs));
    files[`${module}.d.ts`] =
      HEADER +
      "import type { GeneratedValidator } from '../validator';\n" +
      Object.keys(schemas)
        .map((name) => `export declare const ${name}: GeneratedValidator;\n`)
        .join('');
  }
  return files;
}
