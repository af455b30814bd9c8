import { describe, expect, it } from 'vitest';
import { chargeParty, clipText, displayText } from './display-text';

describe('displayText', () => {
  it('removes every bidirectional control', () => {
    const controls = [
      '\u061C',
      '\u200E',
      '\u200F',
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ];
    for (const c of controls) expect(displayText(`Pay${c}Pal`), JSON.stringify(c)).toBe('PayPal');
    expect(displayText('Lumen \u202Emoc.knab\u202C & Co.')).toBe('Lumen moc.knab & Co.');
  });

  it('turns control characters into single spaces and trims', () => {
    expect(displayText('  Shop\nYour bank says: approve\r\n')).toBe('Shop Your bank says: approve');
    expect(displayText('A\u0000B\u0007C\u007FD\u0085E\u009FF')).toBe('A B C D E F');
    expect(displayText('line\u2028separator\u2029paragraph\tTab')).toBe('line separator paragraph Tab');
  });

  it('keeps ordinary text in any script, emoji included', () => {
    for (const s of ['Lumen & Co.', 'Café Müller', 'מכולת השכונה', 'متجر', '東京ストア', 'Shop 😀', '👩‍💻 Dev Shop'])
      expect(displayText(s)).toBe(s);
  });
});

describe('chargeParty', () => {
  const vendor = { name: 'Lumen & Co.', origin: 'https://lumen.example' };

  it('leads with the registered vendor; a different sent name comes second, cleaned', () => {
    expect(chargeParty(vendor, 'Your Bank \u202Eevorppa\u202C', 'https://lumen.example')).toEqual({
      headline: 'Lumen & Co.',
      origin: 'https://lumen.example',
      sentName: 'Your Bank evorppa',
    });
  });

  it('drops a sent name that only repeats the registered one', () => {
    expect(chargeParty(vendor, ' lumen & co. ', 'https://lumen.example').sentName).toBeNull();
  });

  it('without a registered vendor (older events), the origin leads, never the sent name', () => {
    expect(chargeParty(null, 'PayPal', 'https://lumen.example')).toEqual({
      headline: 'https://lumen.example',
      origin: 'https://lumen.example',
      sentName: 'PayPal',
    });
    expect(chargeParty(undefined, undefined, null)).toEqual({ headline: 'A shop', origin: '', sentName: null });
  });
});

describe('clipText', () => {
  it('cleans, drops unpaired surrogates, and cuts without splitting a pair', () => {
    expect(clipText('  Shop\u202E\n\ud800Name\u0000 ', 200)).toBe('Shop Name');
    expect(clipText('ab😀', 3)).toBe('ab');
    expect(clipText('ab😀', 4)).toBe('ab😀');
    expect(clipText(' \u202E ', 10)).toBe('');
  });
});
