import { describe, expect, it } from '@jest/globals';
import { toOpenApiSchema } from '../../src/openapi/schema-translation';

const ref = (id: string): string => `#/components/schemas/${id}`;

describe('core schemas in OpenAPI form', () => {
  it('turns our keywords into formats or x-rez- extensions, said in the description', () => {
    const schema = { type: 'string', description: 'The text.', maxBytes: 10, wellFormed: true, dateTime: true };

    expect(toOpenApiSchema(schema, ref)).toEqual({
      type: 'string',
      description: 'The text. At most 10 bytes of UTF-8. Well-formed Unicode (no lone surrogate). An RFC 3339 date-time that exists (no 2026-02-30).',
      'x-rez-max-bytes': 10,
      'x-rez-well-formed': true,
      format: 'date-time',
    });
  });

  it('drops $id and points a $ref at the component, also deep inside', () => {
    const schema = { $id: 'Page', type: 'object', properties: { items: { type: 'array', items: { $ref: 'Message' } } } };

    expect(toOpenApiSchema(schema, ref)).toEqual({ type: 'object', properties: { items: { type: 'array', items: { $ref: ref('Message') } } } });
  });

  it('refuses a keyword it has no translation for, naming where it is', () => {
    expect(() => toOpenApiSchema({ type: 'object', properties: { tag: { type: 'string', emoji: true } } }, ref)).toThrow(
      '#/properties/tag/emoji: no OpenAPI translation for the keyword "emoji"',
    );
  });
});
