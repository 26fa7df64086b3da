import type { IncomingMessage } from 'node:http';
import type { AuthContext } from '../auth/types.ts';
import type { FaultName } from '../faults.ts';
import type { Reply } from './respond.ts';

/** Everything a handler gets for one request. */
export interface RequestContext<App = unknown> {
  req: IncomingMessage;
  /** Request path without `/data` and without the query string. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Set for protected operations once the token is verified. */
  auth?: AuthContext;
  faults: ReadonlySet<FaultName>;
  app: App;
}

export type Handler<App> = (context: RequestContext<App>) => Reply | Promise<Reply>;

export interface Route<App> {
  method: string;
  /** OpenAPI path template, for example `/api/v1/master-record/{masterName}`. */
  pattern: string;
  operationId: string;
  /** False for the public health probes. */
  auth: boolean;
  /** List operations get the latency of the `slow-lists-800ms` fault. */
  list?: boolean;
  handler: Handler<App>;
}

export type RouteMatch<App> =
  | { kind: 'found'; route: Route<App>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

interface CompiledRoute<App> {
  route: Route<App>;
  segments: string[];
}

/** Matches method and path to a route; a known path with another method gives the allowed ones. */
export class Router<App> {
  private readonly routes: CompiledRoute<App>[] = [];

  add(route: Route<App>): this {
    this.routes.push({ route, segments: route.pattern.split('/') });
    return this;
  }

  list(): Route<App>[] {
    return this.routes.map((compiled) => compiled.route);
  }

  match(method: string, path: string): RouteMatch<App> {
    const parts = path.split('/');
    const allow = new Set<string>();
    for (const { route, segments } of this.routes) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allow.add(route.method);
    }
    if (allow.size === 0) return { kind: 'not-found' };
    return { kind: 'method-not-allowed', allow: [...allow].sort() };
  }
}

/**
 * Matches path segments against a template. A parameter may match an empty last segment
 * (`/api/v1/module-record/`), so the handler can reject it with `Missing module name.` as documented.
 */
function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const expected = template[i]!;
    const actual = parts[i]!;
    if (expected.startsWith('{')) {
      if (actual === '' && i !== template.length - 1) return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[expected.slice(1, -1)] = decoded;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
