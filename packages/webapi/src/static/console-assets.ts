import { readdir, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the console as it is served. */
export interface ConsoleAsset {
  body: string;
  /** The same, gzipped once per container: API Gateway does not compress. */
  gzipped: Uint8Array;
  contentType: string;
  /** Its name carries a hash of its content, so a browser may keep it for good. */
  immutable: boolean;
}

/** The console's files by name (`index.html`, `main-3F2K….js`); undefined for any other name. */
export interface ConsoleAssets {
  get(name: string): Promise<ConsoleAsset | undefined>;
}

/** The page itself: its name never changes, so it is revalidated on every load. */
export const CONSOLE_PAGE = 'index.html';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** `main-RD3I7CJX.js`: esbuild's content hash (base32, 8 characters) before the extension. */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z]+$/;

/**
 * The console's built files in `dir` (a folder URL ending in `/`, beside the function's bundle):
 * listed on the first request that needs one and each read once, then kept for the container's
 * life. Nothing is read at cold start, so API requests never pay for the console. Only names in
 * the listing are served, so no path can reach outside the folder.
 */
export function directoryConsoleAssets(dir: URL): ConsoleAssets {
  let listing: Promise<Set<string>> | undefined;
  const cache = new Map<string, Promise<ConsoleAsset>>();
  const list = () =>
    (listing ??= readdir(dir).then(
      (names) => new Set(names.filter((name) => Object.hasOwn(CONTENT_TYPES, extname(name)))),
      // No console beside this bundle (or the folder could not be listed): this request finds
      // nothing (404), nothing crashes, and the next request lists the folder again.
      () => {
        listing = undefined;
        return new Set<string>();
      },
    ));
  return {
    async get(name) {
      if (!(await list()).has(name)) return undefined;
      let asset = cache.get(name);
      if (!asset) {
        asset = readFile(new URL(name, dir), 'utf8').then((body) => ({
          body,
          gzipped: gzipSync(body, { level: 9 }),
          contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
          immutable: name !== CONSOLE_PAGE && HASHED_NAME.test(name),
        }));
        // A failed read is tried again by the next request, not remembered.
        void asset.catch(() => cache.delete(name));
        cache.set(name, asset);
      }
      return asset;
    },
  };
}
