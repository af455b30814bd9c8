import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endMarker, startMarker, writeFiguresBlock, type RunContext } from './figures-block';

const run: RunContext = { date: '2026-12-05', machine: '2 cores, AMD EPYC, 23.4 GiB', commit: 'abc1234' };

const doc = [
  '# Performance',
  '',
  'Logbook prose that stays.',
  '',
  startMarker('detect'),
  '| figure | value |',
  '|---|---|',
  '| `detect_ms` | 9.9 |',
  endMarker('detect'),
  '',
  'More prose after the block, with 2.1 ms written by hand.',
  '',
  startMarker('provider'),
  'old provider table',
  endMarker('provider'),
  '',
].join('\n');

describe('writeFiguresBlock', () => {
  it("replaces only the part's block and keeps the prose and other blocks byte for byte", () => {
    const out = writeFiguresBlock(
      doc,
      'detect',
      [{ metric: 'detect_ms', value: 1.9, p50: 1.9, p95: 5.8, unit: 'ms' }],
      run,
    );
    expect(out).not.toContain('| `detect_ms` | 9.9 |');
    expect(out).toContain(
      '| `detect_ms` | 1.9 | p50 1.9, p95 5.8, unit ms | 2026-12-05 | 2 cores, AMD EPYC, 23.4 GiB | abc1234 |',
    );
    const [before] = doc.split(startMarker('detect'));
    expect(out.startsWith(before!)).toBe(true);
    const after = doc.slice(doc.indexOf(endMarker('detect')) + endMarker('detect').length);
    expect(out.endsWith(after)).toBe(true);
    expect(out).toContain('old provider table');
  });

  it('names a figure by its identifying labels and leaves the run arguments out', () => {
    const out = writeFiguresBlock(
      doc,
      'provider',
      [
        { metric: 'validations_per_s', db: 'postgres', connections: 16, headline: true, value: 2172 },
        { metric: 'detect_card_f1', value: 0.995, corpus: '/x/checkout-dev' },
      ],
      run,
    );
    expect(out).toContain('| `validations_per_s` (db=postgres, connections=16, headline) | 2172 |  | 2026-12-05 |');
    expect(out).toContain('| `detect_card_f1` | 0.995 |  |');
    expect(out).not.toContain('/x/checkout-dev');
    expect(out).not.toContain('old provider table');
  });

  it('tells the same figure on different sets apart by its set', () => {
    const out = writeFiguresBlock(
      doc,
      'detect',
      [
        { metric: 'detect_card_f1', value: 0.995, set: 'development', corpus: '/x/checkout-dev' },
        { metric: 'detect_card_f1', value: 0.9, set: 'veil-dev/check', corpus: '/x/veil-dev/check' },
      ],
      run,
    );
    expect(out).toContain('| `detect_card_f1` (set=development) | 0.995 |  |');
    expect(out).toContain('| `detect_card_f1` (set=veil-dev/check) | 0.9 |  |');
  });

  it('is idempotent: writing the same figures twice gives the same document', () => {
    const figures = [{ metric: 'content_script_bytes', value: 4477, gzip: 2100, file: 'content.js' }];
    const once = writeFiguresBlock(doc, 'detect', figures, run);
    expect(writeFiguresBlock(once, 'detect', figures, run)).toBe(once);
  });

  it('escapes pipes and line breaks so a value cannot break the table', () => {
    const out = writeFiguresBlock(doc, 'detect', [{ metric: 'x', value: 1, note: 'a|b\nc' }], run);
    expect(out).toContain('| `x` | 1 | note a\\|b c |');
  });

  it('appends a block under its own heading for a part that has none yet', () => {
    const out = writeFiguresBlock('# Performance\n\nprose', 'e2e', [{ metric: 'fill_ms', value: 83 }], run);
    expect(out.startsWith('# Performance\n\nprose\n\n## `npm run bench -- e2e`\n\n' + startMarker('e2e'))).toBe(true);
    expect(out.trimEnd().endsWith(endMarker('e2e'))).toBe(true);
  });

  it('refuses markers out of order, half missing or doubled instead of overwriting the logbook', () => {
    const swapped = `${endMarker('detect')}\nprose\n${startMarker('detect')}`;
    expect(() => writeFiguresBlock(swapped, 'detect', [], run)).toThrow(/out of order/);
    expect(() => writeFiguresBlock(`${startMarker('detect')}\nprose`, 'detect', [], run)).toThrow(/missing one half/);
    const twice = `${startMarker('detect')}\n${endMarker('detect')}\n${startMarker('detect')}\n${endMarker('detect')}`;
    expect(() => writeFiguresBlock(twice, 'detect', [], run)).toThrow(/twice/);
  });
});

describe('docs/performance.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/performance.md'), 'utf8');

  it.each(['detect', 'e2e', 'provider'])(
    'has one well-formed block for `npm run bench -- %s`, so a run rewrites it in place',
    (part) => {
      const out = writeFiguresBlock(doc, part, [{ metric: 'probe', value: 1 }], run);
      expect(out.length).toBeLessThan(doc.length + 1000); // replaced, not appended under a new heading
      expect(out).toContain('| `probe` | 1 |');
      expect(out).not.toContain(`## \`npm run bench -- ${part}\``);
    },
  );
});
