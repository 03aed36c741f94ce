/**
 * Method + path pattern → handler. Patterns are literal segments and `{name}` parameters;
 * the router tells "no such path" (404) from "path exists, not with this method" (405).
 */

export interface RouteDefinition<H> {
  method: string;
  /** e.g. `/api/messages/{id}/retry` */
  pattern: string;
  handler: H;
}

export type RouteMatch<H> =
  | { kind: 'found'; route: RouteDefinition<H>; params: Record<string, string> }
  /** The path matches some pattern, but not for this method. */
  | { kind: 'method-not-allowed'; pattern: string; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledRoute<H> {
  route: RouteDefinition<H>;
  segments: string[];
}

const splitPath = (path: string): string[] => path.split('/').slice(1);

function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const actual = path[index] ?? '';
    if (expected.startsWith('{') && expected.endsWith('}')) {
      const value = decodeSegment(actual);
      if (!value) return undefined;
      params[expected.slice(1, -1)] = value;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

// A malformed escape (`%E0%A4%A`) cannot name anything we have: treat it as no match.
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export class Router<H> {
  readonly #routes: CompiledRoute<H>[];

  constructor(routes: readonly RouteDefinition<H>[]) {
    this.#routes = routes.map((route) => ({ route, segments: splitPath(route.pattern) }));
  }

  match(method: string, path: string): RouteMatch<H> {
    const segments = splitPath(path);
    const allowed: string[] = [];
    let pattern: string | undefined;
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled.segments, segments);
      if (!params) continue;
      if (compiled.route.method === method) return { kind: 'found', route: compiled.route, params };
      allowed.push(compiled.route.method);
      pattern ??= compiled.route.pattern;
    }
    if (pattern === undefined) return { kind: 'not-found' };
    return { kind: 'method-not-allowed', pattern, allowed: [...new Set(allowed)] };
  }
}
