import fc from 'fast-check';
import { appNameFromImage, parseQuantity } from '../../lib';

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
