import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../protocol';
import { card } from '../testing/samples';
import { csvField, historyCsv, toCsv } from './csv';

const event = (o: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  kind: 'authorization.approved',
  card_id: 'card_1',
  authorization_id: 'auth_1',
  reason: '00',
  amount: 12_50,
  currency: 'USD',
  merchant_origin: 'https://shop.example',
  vendor: null,
  detail: {},
  created_at: '2026-11-20T10:00:00.000Z',
  ...o,
});

describe('CSV', () => {
  it('quotes only what needs it, doubling quotes; lines end in CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('')).toBe('');
    expect(
      toCsv([
        ['a', 'b,c'],
        ['1', ''],
      ]),
    ).toBe('a,"b,c"\r\n1,\r\n');
  });

  it('writes the history oldest first with amounts in the currency unit and the card by its last four', () => {
    const csv = historyCsv(
      [
        event({ id: 2, kind: 'authorization.refunded', amount: 5_00, reason: null }),
        event({ id: 1, vendor: { name: 'Books, "Rare" & Co', origin: 'https://shop.example' } }),
        event({ id: 3, kind: 'card.closed', amount: null, currency: null, merchant_origin: null, reason: null }),
        event({ id: 4, amount: 1500, currency: 'JPY' }),
      ],
      [card({ id: 'card_1', last4: '4321' })],
    );
    expect(csv.split('\r\n')).toEqual([
      'time,event,merchant,amount,currency,card,reason',
      '2026-11-20T10:00:00.000Z,Charge approved,"Books, ""Rare"" & Co",12.50,USD,4321,00',
      '2026-11-20T10:00:00.000Z,Refund,https://shop.example,5.00,USD,4321,',
      '2026-11-20T10:00:00.000Z,Card closed,,,,4321,',
      '2026-11-20T10:00:00.000Z,Charge approved,https://shop.example,1500,JPY,4321,00',
      '',
    ]);
  });

  it('keeps a merchant name that a spreadsheet would run as a formula inert', () => {
    const csv = historyCsv([event({ vendor: { name: '=HYPERLINK("http://x")', origin: 'https://x.example' } })], []);
    expect(csv.split('\r\n')[1]).toBe(
      '2026-11-20T10:00:00.000Z,Charge approved,"\'=HYPERLINK(""http://x"")",12.50,USD,,00',
    );
  });
});
