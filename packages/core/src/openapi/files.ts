import { fileURLToPath } from 'node:url';

/** Where the generated OpenAPI document is committed (packages/core/openapi/openapi.json). */
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));
