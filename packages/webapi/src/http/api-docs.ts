import { readFile } from 'node:fs/promises';

/**
 * The API's contract as the build left it beside the bundle (dist/api-docs/, from core's build):
 * the OpenAPI document, the docs page and the headers that page needs. Each file is read on the
 * first request that wants it and kept, so no cold start pays for 2.5 MB of HTML.
 */
export interface ApiDocs {
  /** The OpenAPI document, as JSON text. */
  document(): Promise<string>;
  /** The docs page and its response headers (the Content-Security-Policy that fits it). */
  page(): Promise<{ html: string; headers: Record<string, string> }>;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    // A failed read is not kept: the next request tries again.
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

/** The files of `directory` (a folder URL ending in `/`). */
export function apiDocsFrom(directory: URL): ApiDocs {
  const text = (name: string) => readFile(new URL(name, directory), 'utf8');
  return {
    document: once(() => text('openapi.json')),
    page: once(async () => {
      const [html, headers] = await Promise.all([text('docs.html'), text('docs-headers.json')]);
      return { html, headers: JSON.parse(headers) as Record<string, string> };
    }),
  };
}
