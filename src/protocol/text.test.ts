import { describe, expect, it } from 'vitest';
import { storableText, Text } from './common';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps paired ones and every other character', () => {
    for (const bad of ['\u0000', 'a\u0000', '\ud800', 'a\ud800b', '\udfff', 'x\udc00', '\ude00\ud83d'])
      expect(storableText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', 'Café', '😀 shop', '\ud83d\ude00', 'tab\tand\nnewline', '\u0001', 'מכולת', '\u202e'])
      expect(storableText(good), JSON.stringify(good)).toBe(true);
  });

  it('as a schema: the issue names the field, and other checks still chain', () => {
    const r = Text().trim().min(1).max(5).safeParse(' a\u0000 ');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/NUL/);
    expect(Text().trim().min(1).parse('  ok  ')).toBe('ok');
  });
});
