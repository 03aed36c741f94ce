// Writes openapi/openapi.json: the HTTP API's contract, built from the route table, the route
// contracts and the schemas (see src/openapi/document.ts).
import { writeFileSync } from 'node:fs';
import { openApiText } from '../src/openapi/document';
import { OPENAPI_DOCUMENT_FILE } from '../src/openapi/files';

writeFileSync(OPENAPI_DOCUMENT_FILE, openApiText());
console.log(`wrote ${OPENAPI_DOCUMENT_FILE}`);
