/** The built extension: both manifests as each browser needs them, and Firefox's linter finds no errors. */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const DIST = resolve(import.meta.dirname, '../../dist');
const built = existsSync(resolve(DIST, 'chrome/manifest.json'));
const read = (p: string) =>
  JSON.parse(readFileSync(resolve(DIST, p), 'utf8')) as Record<string, unknown> & {
    background: Record<string, unknown>;
  };

describe.skipIf(!built)('extension build', () => {
  it('writes a Chrome MV3 manifest with a module service worker and every referenced file', () => {
    const m = read('chrome/manifest.json');
    expect(m.manifest_version).toBe(3);
    expect(m.background).toEqual({ service_worker: 'background.js', type: 'module' });
    const files = ['background.js', 'content.js', 'popup/index.html', 'options/index.html', 'icons/veil-128.png'];
    for (const f of files) expect(existsSync(resolve(DIST, 'chrome', f)), f).toBe(true);
    // The content script runs on every page: it must stay small.
    expect(statSync(resolve(DIST, 'chrome/content.js')).size).toBeLessThan(25_000);
  });

  it("ships the engine with V8's compile-all hint as its first line (compiled while streamed)", () => {
    const engine = readFileSync(resolve(DIST, 'chrome/content-main.js'), 'utf8');
    expect(engine.split('\n')[0]).toBe('//# allFunctionsCalledOnLoad');
    // The corpus timing build's instrument (engine.ts, __VEIL_SCAN_TIMING__) is not in what ships.
    expect(engine).not.toContain('data-veil-scan-ms');
  });

  it('asks for the least it needs: no tabs/scripting, host access only for the provider', () => {
    const m = read('chrome/manifest.json') as Record<string, unknown>;
    // proxy, privacy, webRequest and webRequestAuthProvider: the private connection (its PAC
    // script, WebRTC limited to the proxy, and answering the proxy's 407 with its credential).
    expect(m.permissions).toEqual([
      'storage',
      'notifications',
      'alarms',
      'proxy',
      'privacy',
      'webRequest',
      'webRequestAuthProvider',
    ]);
    expect(m.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  });

  it('writes a Firefox manifest with background scripts and a gecko id', () => {
    const m = read('firefox/manifest.json');
    expect(m.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(m.browser_specific_settings).toMatchObject({ gecko: { id: expect.stringMatching(/@/) } });
  });

  it('passes web-ext lint with no errors', () => {
    const bin = resolve(import.meta.dirname, '../../node_modules/.bin/web-ext');
    const r = spawnSync(
      bin,
      ['lint', '--source-dir', resolve(DIST, 'firefox'), '--output', 'json', '--no-config-discovery'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const report = JSON.parse(r.stdout) as {
      errors: { code: string; message: string; file?: string }[];
      count: number;
    };
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
  });
});
