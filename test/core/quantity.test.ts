import fc from 'fast-check';
import { appNameFromImage, parseQuantity } from '../../lib';
import { compareQuantities, parseExactQuantity } from '../../lib/core/quantity';

describe('parseQuantity', () => {
  test.each([
    ['10Gi', 10 * 2 ** 30],
    ['500Mi', 500 * 2 ** 20],
    ['1Ki', 1024],
    ['500m', 0.5],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['2k', 2000],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['+3', 3],
    ['-1Gi', -(2 ** 30)],
    ['1E', 1e18],
    ['1Ei', 2 ** 60],
    ['2Ei', 2 ** 61],
    ['5.', 5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 9);
  });

  test.each(['10GB', 'ten', '', '1 Gi', 'Gi', '1gi', '1.2.3', '1Kib', '1e'])('%p is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('binary suffixes are powers of 1024 and decimal ones powers of 1000, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        expect(parseQuantity(`${n}Mi`)).toBe(n * 1024 ** 2);
        expect(parseQuantity(`${n}M`)).toBe(n * 1000 ** 2);
        expect(parseQuantity(`${n}`)).toBe(n);
      }),
    );
  });
});

describe('exact comparison, as the API server compares', () => {
  test('a milli-unit request equals the same decimal limit for every value (floats got 931 of 5,000 wrong)', () => {
    for (let i = 1; i <= 5000; i++) {
      expect(compareQuantities(`${i}00m`, String(i / 10))).toBe(0);
    }
  });

  test('order follows exact arithmetic, for any two quantities with any suffix', () => {
    const suffixes: Array<[string, bigint, number]> = [
      ['', 1n, 0], ['m', 1n, 3], ['k', 1000n, 0], ['Ki', 1024n, 0], ['Mi', 1048576n, 0], ['M', 1000000n, 0], ['n', 1n, 9], ['e2', 100n, 0],
    ];
    const quantity = fc.tuple(fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(...suffixes));
    fc.assert(
      fc.property(quantity, quantity, ([a, af, [as, am, ad]], [b, bf, [bs, bm, bd]]) => {
        // a.af * am / 10^ad, as an exact fraction over 10^(3 + ad)
        const x = (BigInt(a) * 1000n + BigInt(af)) * am * 10n ** BigInt(bd);
        const y = (BigInt(b) * 1000n + BigInt(bf)) * bm * 10n ** BigInt(ad);
        const text = (n: number, f: number, s: string) => `${n}.${String(f).padStart(3, '0')}${s}`;
        expect(Math.sign(compareQuantities(text(a, af, as), text(b, bf, bs)))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  test('the range ends at 2^63-1 base units', () => {
    expect(parseExactQuantity('9223372036854775807')).toEqual({ numerator: 9223372036854775807n, scale: 0 });
    expect(parseExactQuantity('9223372036854775808')).toBeUndefined();
    expect(parseExactQuantity('8Ei')).toBeUndefined();
    expect(parseExactQuantity('7Ei')).toEqual({ numerator: 7n * 2n ** 60n, scale: 0 });
    expect(parseExactQuantity('1e500')).toBeUndefined();
    expect(parseExactQuantity('1e-500')).toBeUndefined();
  });
});

describe('appNameFromImage', () => {
  test.each([
    ['postgres:16', 'postgres'],
    ['postgres', 'postgres'],
    ['docker.io/library/postgres:16.4-bookworm', 'postgres'],
    ['nginxinc/nginx-unprivileged:1.27', 'nginx-unprivileged'],
    ['registry.example.com:5000/team/api@sha256:abc', 'api'],
    ['localhost:5000/redis', 'redis'],
  ])('%s gives %s', (image, name) => {
    expect(appNameFromImage(image)).toBe(name);
  });
});
