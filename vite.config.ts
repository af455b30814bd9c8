/**
 * One config for the two jobs Vite does here:
 * - `vitest`: unit and integration tests (the `test` block);
 * - `vite build`: the extension. Pages (popup, options, confirm, dispute, trial-choice) and the background
 *   service worker build as ES modules into dist/chrome; the content script builds
 *   separately in two parts: a small classic IIFE bootstrap (`content.js`, injected into
 *   every frame: content scripts cannot be modules) and the detector + filler as one ES
 *   module (`content-main.js`), which the bootstrap imports only in frames with
 *   something form-like. Then the top-level manifest.json is written for Chrome and
 *   adapted for Firefox, and dist/chrome is mirrored to dist/firefox.
 */
import { defineConfig, build, type InlineConfig, type Plugin } from 'vite';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const here = (p: string) => resolve(import.meta.dirname, p);
const CHROME = here('dist/chrome');
const FIREFOX = here('dist/firefox');
const jsx = { jsx: { runtime: 'automatic' as const, importSource: 'preact' } };

type Manifest = Record<string, unknown> & { background?: Record<string, unknown> };

type WebAccessible = Record<string, unknown> & { use_dynamic_url?: boolean };

/**
 * Firefox MV3 runs background scripts (no service worker) and wants a gecko id. It has
 * no `use_dynamic_url` (its moz-extension URLs are already random per install), so the
 * key is left out rather than shipped as an unsupported property.
 */
export function firefoxManifest(m: Manifest): Manifest {
  const worker = (m.background?.service_worker as string | undefined) ?? 'background.js';
  const resources = m.web_accessible_resources as WebAccessible[] | undefined;
  return {
    ...m,
    background: { scripts: [worker], type: 'module' },
    ...(resources ? { web_accessible_resources: resources.map(({ use_dynamic_url: _dynamic, ...r }) => r) } : {}),
    browser_specific_settings: {
      gecko: {
        id: 'veil@veil.example',
        // Firefox 148 shipped location.ancestorOrigins (MDN browser-compat-data), which the
        // content script reads to tell which page a payment frame sits in (cross-frame fill).
        strict_min_version: '148.0',
        // What Veil sends off the device for its one job (Firefox asks consent at install):
        // the account's email and password to the provider, the funding card or bank account,
        // names and delivery addresses, and the shops a card is issued for.
        data_collection_permissions: {
          required: ['authenticationInfo', 'financialAndPaymentInfo', 'personallyIdentifyingInfo', 'websiteActivity'],
        },
      },
    },
  };
}

/** The content script's two files: the bootstrap every frame gets, and the module it loads on demand. */
export const CONTENT_PARTS = [
  { entry: 'src/extension/content/bootstrap/main.ts', format: 'iife', file: 'content.js' },
  { entry: 'src/extension/content/engine/engine.ts', format: 'es', file: 'content-main.js' },
  // The order reader (total, trial wording): loaded only in a top frame whose tab has card fields (issue 19).
  { entry: 'src/extension/content/total/watch.ts', format: 'es', file: 'content-total.js' },
] as const;

/**
 * One content part as a single minified file. Not Vite's library mode for the module: it
 * keeps an ES library's whitespace; an app build with the entry's exports kept is fully
 * minified. (Also used by the corpus runner to measure what ships.)
 */
export function contentBuild(
  part: (typeof CONTENT_PARTS)[number],
  outDir: string,
  write = true,
  options: { scanTiming?: boolean } = {},
): InlineConfig {
  return {
    configFile: false,
    // Only the corpus runner's timing build records the first detection's duration (engine.ts).
    define: { __VEIL_SCAN_TIMING__: String(options.scanTiming === true) },
    root: import.meta.dirname,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      write,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      modulePreload: false,
      copyPublicDir: false,
      rollupOptions: {
        input: here(part.entry),
        preserveEntrySignatures: 'strict',
        output: { format: part.format, entryFileNames: part.file },
      },
    },
    plugins: part.format === 'es' ? [zodWithoutEval(), compileEagerly()] : [zodWithoutEval()],
  };
}

/**
 * Chrome streams the engine module and parses it on a background thread; this magic
 * comment (V8's explicit compile hints) has it compile every function there too, so the
 * first detection on a page does not stop to compile ~90 functions on the main thread.
 * Added after minification, which would drop it. Other engines ignore the comment.
 */
function compileEagerly(): Plugin {
  return {
    name: 'veil-compile-eagerly',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk') chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
    },
  };
}

/**
 * zod 4 probes once whether `new Function` works, to compile fast object parsers. An
 * extension's CSP forbids eval, so in the extension the probe can only fail — after
 * reporting a CSP violation — and the Function constructor it ships is what `web-ext
 * lint` flags as DANGEROUS_EVAL. The probe is pinned to "no eval" at build time, which
 * takes the constructor call out of the bundle: zod then always uses its interpreted
 * parsers, as it would have after the failed probe. (`z.config({ jitless: true })`
 * skips the probe at run time but leaves the code in the bundle.) The provider, run by
 * Node from source, keeps zod's fast path.
 */
export function zodWithoutEval(): Plugin {
  const probe = /try \{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}\s*catch \(_\) \{\s*return false;\s*\}/;
  return {
    name: 'veil-zod-without-eval',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return null;
      // A zod release that words the probe differently must fail the build, not ship eval again.
      if (!probe.test(code)) throw new Error(`zod's eval probe not found in ${id}: update zodWithoutEval`);
      return { code: code.replace(probe, 'return false;'), map: null };
    },
  };
}

function extension(): Plugin {
  return {
    name: 'veil-extension',
    apply: 'build',
    async closeBundle() {
      for (const part of CONTENT_PARTS) await build(contentBuild(part, CHROME));
      const manifest = JSON.parse(readFileSync(here('manifest.json'), 'utf8')) as Manifest;
      writeFileSync(resolve(CHROME, 'manifest.json'), JSON.stringify(manifest, null, 2));
      rmSync(FIREFOX, { recursive: true, force: true });
      cpSync(CHROME, FIREFOX, { recursive: true });
      writeFileSync(resolve(FIREFOX, 'manifest.json'), JSON.stringify(firefoxManifest(manifest), null, 2));
    },
  };
}

export default defineConfig(({ command }) => ({
  // Pages resolve relative to the UI folder so they land at dist/chrome/popup/index.html etc.
  root: command === 'build' ? here('src/extension/ui') : import.meta.dirname,
  publicDir: here('public'),
  oxc: jsx,
  build: {
    outDir: CHROME,
    emptyOutDir: true,
    target: 'es2022',
    // The service worker has no document: no preload helper that touches the DOM.
    modulePreload: false,
    rollupOptions: {
      input: {
        popup: here('src/extension/ui/popup/index.html'),
        options: here('src/extension/ui/options/index.html'),
        confirm: here('src/extension/ui/confirm/index.html'),
        dispute: here('src/extension/ui/dispute/index.html'),
        'trial-choice': here('src/extension/ui/trial-choice/index.html'),
        background: here('src/extension/background/main.ts'),
      },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  plugins: [zodWithoutEval(), extension()],
  // The digital-goods opening worker (ui/open-digital-file.worker.ts) as an ES module: it
  // shares the protocol's chunks, and libsodium's module reads import.meta.url.
  worker: { format: 'es' as const, plugins: () => [zodWithoutEval()] },
  test: {
    // Three levels, each runnable alone (`npm run test:unit|test:provider|test:e2e`);
    // `vitest run` runs all three. Settings below are shared (`extends: true`).
    projects: [
      // No database, no browser: beside the code, and the extension's provider client against a local
      // HTTP server (test/extension: node:http is off limits under src/extension). The fast loop.
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'src/**/*.test.tsx',
            'test/extension/**/*.test.ts',
            'test/architecture/**/*.test.ts',
          ],
        },
      },
      // The provider over real HTTP on PGlite and on a throwaway PostgreSQL, started once here.
      {
        extends: true,
        test: {
          name: 'provider',
          include: ['test/provider/**/*.test.ts', 'test/bench/**/*.test.ts'],
          globalSetup: ['test/support/postgres-server.ts'],
        },
      },
      // Real Chromium: the built extension (run `vite build` first), the crafted pages, the corpus.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [
            'test/e2e/**/*.test.ts',
            'test/e2e/**/*.e2e.ts',
            'test/corpus/**/*.test.ts',
            'test/corpus/**/*.e2e.ts',
          ],
        },
      },
    ],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    // UI waits (vault unlock runs a memory-hard KDF) can take seconds on a loaded CI machine.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Setup starts databases, servers and Chromium: generous on a loaded 2-core machine.
    hookTimeout: 180_000,
    // Two cores: more workers only contend for them.
    maxWorkers: 2,
  },
}));
