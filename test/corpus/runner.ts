/**
 * The corpus runner's parts, shared by the `detect:corpus` command and the corpus
 * regression test: bundle the detector, serve saved pages on loopback, open each in
 * Chromium with every other request blocked, run the detector, and score the result
 * against the hand labels.
 */
import { build } from 'vite';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { PageResult } from './page-entry';
import { CONTENT_PARTS, contentBuild } from '../../vite.config';

export const REPO = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';

// ---------------------------------------------------------------- bundling

/** Builds `entry` as one minified IIFE with Vite (the same bundler the extension build uses). */
export async function bundle(entry: string, minify = true): Promise<string> {
  const out = await build({
    configFile: false,
    root: REPO,
    publicDir: false,
    logLevel: 'silent',
    build: {
      write: false,
      target: 'es2022',
      minify,
      lib: { entry, formats: ['iife'], name: 'veilBundle', fileName: () => 'bundle.js' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if ('output' in o) {
      const chunk = o.output.find((c) => c.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error(`no bundle produced for ${entry}`);
}

export const detectorBundle = () => bundle(join(REPO, 'test/corpus/page-entry.ts'));

export interface ScriptSize {
  file: string;
  bytes: number;
  gzip: number;
}

/** The code of one content-script file exactly as the extension build makes it (vite.config.ts). */
export async function builtContentPart(file: (typeof CONTENT_PARTS)[number]['file']): Promise<string> {
  const part = CONTENT_PARTS.find((p) => p.file === file)!;
  const out = await build(contentBuild(part, join(REPO, 'dist/.size'), false));
  for (const o of Array.isArray(out) ? out : [out]) {
    const chunk = 'output' in o ? o.output.find((c) => c.type === 'chunk' && c.fileName === part.file) : undefined;
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`no ${part.file} built`);
}

/** The content script's two files: the bootstrap injected into every frame, and the engine it loads where there is a form. */
export async function contentScriptSizes(): Promise<{ bootstrap: ScriptSize; engine: ScriptSize }> {
  const [bootstrap, engine] = await Promise.all(
    CONTENT_PARTS.map(async ({ file }): Promise<ScriptSize> => {
      const code = await builtContentPart(file);
      return { file, bytes: Buffer.byteLength(code), gzip: gzipSync(code).length };
    }),
  );
  return { bootstrap: bootstrap!, engine: engine! };
}

// ---------------------------------------------------------------- corpus files

/** The pages to feed the detector: `pages_unlabeled/` (labels stripped) when present, else `pages/`. */
export function pagesDir(corpus: string): string {
  const unlabeled = join(corpus, 'pages_unlabeled');
  return existsSync(unlabeled) ? unlabeled : join(corpus, 'pages');
}

export function listPages(corpus: string): string[] {
  return readdirSync(pagesDir(corpus))
    .filter((f) => /\.html?$/i.test(f))
    .sort();
}

/** page key ("pages/x.html") → control index → label (a token, "unknown", "username|email" …). */
export type Labels = Map<string, Map<number, string>> & {
  /** Every token the labels can express (from `_meta.type_mapping`), when the file says. */
  vocabulary?: ReadonlySet<string>;
};

interface LabelFile {
  _meta?: { type_mapping?: Record<string, string> };
  pages: Record<string, { fields: { control_index: number; type: string }[] }>;
}

export function readLabels(corpus: string): Labels {
  const file = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8')) as LabelFile;
  const labels: Labels = new Map();
  for (const [page, info] of Object.entries(file.pages)) {
    labels.set(page, new Map(info.fields.map((f) => [f.control_index, f.type])));
  }
  const mapping = file._meta?.type_mapping;
  if (mapping) labels.vocabulary = new Set(Object.values(mapping).flatMap((t) => t.split('|')));
  return labels;
}

// ---------------------------------------------------------------- serving

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
};

/**
 * Serves `dir` on 127.0.0.1 at a random port. The labelling attributes of `pages/`
 * (data-manual-*) are stripped on the way out so the detector can never read them.
 * `headers` go with every answer.
 */
export async function serve(
  dir: string,
  headers: Record<string, string> = {},
): Promise<{ origin: string; close: () => Promise<void> }> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = resolve(root, '.' + decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(root + '/') || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    let body: Buffer | string = readFileSync(path);
    if (type.startsWith('text/html'))
      body = body.toString('utf8').replace(/\sdata-manual-[a-z-]+(="[^"]*"|='[^']*')?/g, '');
    res.writeHead(200, { ...headers, 'content-type': type }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

// ---------------------------------------------------------------- browser

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--no-sandbox'],
  });
}

/** A context that lets only loopback through: saved pages point at the live web, which is not here. */
export async function loopbackContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? false,
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort('blockedbyclient');
  });
  return context;
}

export interface CorpusRun {
  /** "pages/x.html" → control index → token */
  predictions: Record<string, Record<string, string>>;
  why: Record<string, Record<string, string[]>>;
  texts: Record<string, PageResult['texts']>;
  /** Evaluating the detector bundle in the page (parsing it; functions compile when first called). */
  loadMs: number[];
  /** First detection per page with the detector injected through DevTools (cold, compiled lazily on the main thread). */
  injectedMs: number[];
  warmMs: number[];
  bootMs: number[];
  failures: string[];
}

/**
 * Opens every page (two at a time: the machine has two cores) and runs the detector
 * bundle in it once. Page scripts stay off: the snapshots' scripts cannot load their
 * remote parts and would only reshuffle the labelled DOM.
 */
export async function runCorpus(
  corpus: string,
  opts: { pages?: string[]; concurrency?: number; log?: (line: string) => void } = {},
): Promise<CorpusRun> {
  const files = opts.pages ?? listPages(corpus);
  const code = await detectorBundle();
  const server = await serve(pagesDir(corpus));
  const browser = await launch();
  const run: CorpusRun = {
    predictions: {},
    why: {},
    texts: {},
    loadMs: [],
    injectedMs: [],
    warmMs: [],
    bootMs: [],
    failures: [],
  };
  try {
    const context = await loopbackContext(browser);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < files.length; i = next++) {
        const file = files[i]!;
        const page = await context.newPage();
        try {
          await page
            .goto(`${server.origin}/${encodeURIComponent(file)}`, { waitUntil: 'load', timeout: 20_000 })
            .catch(() => undefined);
          // Evaluated by the page (indirect eval), so the time is the page's own.
          const loadMs = await page.evaluate((c) => {
            const t0 = performance.now();
            (0, eval)(c);
            return performance.now() - t0;
          }, code);
          const result = await page.evaluate(() =>
            (globalThis as unknown as { __veilCorpus: { run(): PageResult } }).__veilCorpus.run(),
          );
          run.predictions[`pages/${file}`] = result.predictions;
          run.why[`pages/${file}`] = result.why;
          run.texts[`pages/${file}`] = result.texts;
          run.loadMs.push(loadMs);
          run.injectedMs.push(result.ms);
          run.warmMs.push(result.warmMs);
          run.bootMs.push(result.bootMs);
        } catch (e) {
          run.failures.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
          run.predictions[`pages/${file}`] = {};
        } finally {
          await page.close();
        }
        opts.log?.(`${i + 1}/${files.length} ${file}`);
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return run;
}
