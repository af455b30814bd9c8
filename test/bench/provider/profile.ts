/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time
 * by area (HTTP server, JSON, zod, crypto, pg driver, PGlite, GC …) and the top
 * functions, so optimisation starts from a measurement.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const AREAS: [RegExp, string][] = [
  [/\(garbage collector\)/, 'gc'],
  [/\(idle\)|\(program\)/, 'idle/program'],
  [/node_modules\/pg(-\w+)?\//, 'pg driver'],
  [/node_modules\/@electric-sql\/pglite|^wasm:/, 'PGlite (wasm and its JS)'],
  [/node_modules\/hono|node_modules\/@hono/, 'hono'],
  [/node_modules\/zod/, 'zod'],
  [/src\/provider\//, 'provider code'],
  [/src\/protocol\//, 'protocol code'],
  [/node:internal\/crypto|node:crypto/, 'node crypto'],
  [/node:internal\/(http|_http|streams|net|stream_base)|node:(http|net|_http)/, 'node http/net'],
  [/^JSON\.|JSON/, 'JSON'],
];

export function summarizeProfile(dir: string, top = 25): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return `no .cpuprofile in ${dir}`;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.replace(/^.*\/(node_modules|src)\//, '$1/').replace(/^node:internal\//, '')}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const label = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}`;
    const area =
      AREAS.find(([re]) => re.test(url) || re.test(functionName))?.[1] ??
      (url.startsWith('node:') ? 'node other' : url ? 'other js' : 'native/builtin');
    areas.set(area, (areas.get(area) ?? 0) + us);
    fns.set(label, (fns.get(label) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const lines = [`CPU profile (${(total / 1e6).toFixed(1)} s sampled), self time by area:`];
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${area}`);
  lines.push(`top ${top} functions by self time:`);
  for (const [fn, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${fn}`);
  // Who calls the busiest native functions (a syscall's cost belongs to whoever made it).
  const busiest = [...self]
    .filter(([id]) => !byId.get(id)!.callFrame.url && !/^\(/.test(byId.get(id)!.callFrame.functionName))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  for (const [id] of busiest) {
    const stacks = new Map<string, number>();
    for (const [other, us] of self) {
      if (name(other) !== name(id)) continue;
      const chain: string[] = [];
      for (let p = parent.get(other); p !== undefined && chain.length < 4; p = parent.get(p)) {
        const n = name(p);
        if (
          !/^(\S+ )?(stream_base_commons|streams\/|node:net|node:_http|_http_|node:events|events:|\(anonymous\) node:)/.test(
            n.split(' ').slice(1).join(' ') || ' ',
          )
        )
          chain.push(n);
      }
      const key = chain.join(' < ');
      stacks.set(key, (stacks.get(key) ?? 0) + us);
    }
    lines.push(`callers of ${name(id)}:`);
    for (const [chain, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 4)) lines.push(`  ${pct(us)}  ${chain}`);
  }
  return lines.join('\n');
}
