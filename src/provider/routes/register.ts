/**
 * Handlers are registered by route name from the API contract (src/protocol/api.ts):
 * the method and path come from the table, and the handler gets the table entry to read
 * its body and query with the entry's own schemas. So no route is served that the
 * contract (and /openapi.json, generated from it) does not name; a test checks the
 * converse, that every entry is served (test/provider/api-contract.test.ts).
 * Registration happens once at start: a request costs nothing more than before.
 */
import type { Context, Env, Hono } from 'hono';
import { ROUTES, type RouteName, type Routes } from '../../protocol';

/** '/cards/{id}/reveal' → '/cards/:id/reveal' (Hono's parameter syntax). */
export function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export type RouteHandler<E extends Env, N extends RouteName> = (
  c: Context<E>,
  route: Routes[N],
) => Response | Promise<Response>;

/**
 * A `serve(name, handler)` for an app that will be mounted at `mount`: each entry's path
 * must lie under it (checked at start, so a misplaced entry fails loudly, not as a 404).
 */
export function serveRoutes<E extends Env>(app: Hono<E>, mount: string) {
  return function serve<N extends RouteName>(name: N, handler: RouteHandler<E, N>): void {
    const route = ROUTES[name];
    if (!route.path.startsWith(`${mount}/`)) throw new Error(`route ${name} (${route.path}) is not under ${mount}/`);
    app.on(route.method, honoPath(route.path.slice(mount.length)), (c) => handler(c, route));
  };
}
