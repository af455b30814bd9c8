/**
 * The API contract (src/protocol/api.ts) is what the provider serves and what
 * /openapi.json describes: no route outside it, no entry left unserved.
 */
import { expect, it } from 'vitest';
import { ROUTES, STREAM_PATH, type RouteSpec } from '../../src/protocol';
import { createApp } from '../../src/provider/server';
import { honoPath } from '../../src/provider/routes/register';
import { describeEachDb } from '../support/harness';

const table = (Object.values(ROUTES) as RouteSpec[]).map((r) => `${r.method} ${r.path}`).sort();

describeEachDb('API contract', (h) => {
  /** Every method and path the Hono app answers (middleware, registered for ALL methods, left out). */
  function appRoutes(): string[] {
    const app = createApp(h().ctx, { publicUrl: () => h().url });
    const served = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    return [...new Set(served)].sort();
  }

  it('the app serves exactly the routes in the table', () => {
    expect(appRoutes()).toEqual((Object.values(ROUTES) as RouteSpec[]).map((r) => `${r.method} ${honoPath(r.path)}`).sort());
  });

  it('/openapi.json documents every route the app serves, and nothing else', async () => {
    const res = await fetch(`${h().url}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path !== STREAM_PATH)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${honoPath(path)}`))
      .sort();
    expect(documented).toEqual(appRoutes());
    expect(documented).toEqual(table.map((t) => t.replace(/\{(\w+)\}/g, ':$1')));
  });

  it('/openapi.json gives each route its answer schema, and the stream its frames', async () => {
    const doc = (await (await fetch(`${h().url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }>; 'x-websocket-frames'?: { client: unknown; server: unknown } }>>;
    };
    for (const r of Object.values(ROUTES) as RouteSpec[]) {
      const answer = doc.paths[r.path]?.[r.method.toLowerCase()]?.responses[String(r.status)];
      expect(answer, `${r.method} ${r.path}`).toBeDefined();
      expect(answer?.content !== undefined, `${r.method} ${r.path} has a body schema`).toBe(r.status !== 204);
    }
    expect(doc.paths[STREAM_PATH]?.get?.['x-websocket-frames']?.server).toBeDefined();
  });
});
