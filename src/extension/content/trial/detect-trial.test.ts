import { describe, expect, it } from 'vitest';
import { detectTrial } from './detect-trial';

const guess = (text: string) => {
  const g = detectTrial(text);
  return g && [g.count, g.unit, g.then ?? null];
};

describe('free-trial wording', () => {
  it.each([
    ['Start your free for 7 days membership', [7, 'day', null]],
    ['7-day free trial, then $9.99/month. Cancel anytime.', [7, 'day', '$9.99/month']],
    ['Try it free for 2 weeks', [2, 'week', null]],
    ['14 day trial – then USD 4.99 per month', [14, 'day', 'usd 4.99 per month']],
    ['First month free, then $12/month', [1, 'month', '$12/month']],
    ['3 months free', [3, 'month', null]],
    ['Jetzt 30 Tage kostenlos testen, danach 9,99 €/Monat', [30, 'day', '9,99 €/monat']],
    ['14-tägige kostenlose Testphase', [14, 'day', null]],
    ['Essai gratuit de 14 jours, puis 5,99 € par mois', [14, 'day', '5,99 € par mois']],
    ['1 mois offert', [1, 'month', null]],
    ['Prueba gratuita de 30 días', [30, 'day', null]],
    ['Prova gratuita di 30 giorni, poi 7,99 €/mese', [30, 'day', '7,99 €/mese']],
    ['30 dagen gratis, daarna € 8,99 per maand', [30, 'day', '€ 8,99 per maand']],
    ['Teste grátis de 7 dias', [7, 'day', null]],
    ['30 dni za darmo, następnie 29 zł/mies.', [30, 'day', '29 zl/mies']],
    ['Gratis i 30 dagar, sedan 99 kr/månad', [30, 'day', '99 kr/manad']],
    ['30日間無料、その後 月額980円', [30, 'day', '月額980円']],
  ])('%s', (text, expected) => {
    expect(guess(text)).toEqual(expected);
  });

  it('keeps the words it matched, as the shopper can check them', () => {
    expect(detectTrial('Start today: 7-day free trial!')?.phrase).toBe('7-day free trial');
  });

  it('says nothing without trial wording, or for a misread past a year', () => {
    expect(detectTrial('Free shipping on orders over $50. Returns within 30 days.')).toBeNull();
    expect(detectTrial('Delivered in 3 days')).toBeNull();
    expect(detectTrial('500 days free')).toBeNull();
    expect(detectTrial('')).toBeNull();
  });

  it('takes the first trial on the page when several are stated', () => {
    expect(guess('Monthly: 7-day free trial. Yearly: 30-day free trial.')).toEqual([7, 'day', null]);
  });
});
