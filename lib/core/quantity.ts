/**
 * Kubernetes resource quantities (`10Gi`, `500m`, `1.5`, `2e3`).
 *
 * The grammar is the API server's own (`k8s.io/apimachinery/pkg/api/resource`):
 * a signed decimal number followed by a binary-SI suffix (`Ki Mi Gi Ti Pi Ei`, powers of 1024),
 * a decimal-SI suffix (`n u m k M G T P E`, powers of 1000) or a decimal exponent (`e3`, `E-2`).
 * Values are compared exactly, as the API server does (`700m` equals `0.7`), never as floats.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const QUANTITY = /^([+-]?)(\d+)?(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;

const BINARY_EXPONENT: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** The largest quantity the API server represents: 2^63 - 1 base units (bytes, cores). */
const MAX_QUANTITY = 2n ** 63n - 1n;
/** Exponents beyond this are out of range whatever the digits; refusing them early keeps BigInts small. */
const MAX_EXPONENT = 400;

/** What every quantity error says is allowed. */
export const QUANTITY_HELP =
  "use a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or m, k, M, G, T, P, E (powers of 1000), e.g. '10Gi' or '500m'";

/**
 * A quantity as an exact fraction: `numerator / 10^scale` base units.
 * @internal
 */
export interface ExactQuantity {
  readonly numerator: bigint;
  readonly scale: number;
}

/**
 * Parses a quantity exactly.
 * @returns the value as `numerator / 10^scale` base units, or `undefined` when `quantity` is
 *   not a valid quantity (`10GB`, `ten`, `1 Gi`) or lies outside the API's range (`1e500`)
 * @internal
 */
export function parseExactQuantity(quantity: string): ExactQuantity | undefined {
  if (typeof quantity !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const [, sign, whole = '', fraction = '', binary, decimal, exponent] = match;
  if (whole === '' && fraction === '') {
    return undefined;
  }
  let scale = fraction.length;
  let numerator = BigInt(`${whole}${fraction}` || '0');
  if (binary !== undefined) {
    numerator *= 2n ** BigInt(BINARY_EXPONENT[binary]);
  }
  const power = decimal !== undefined ? DECIMAL_EXPONENT[decimal] : exponent !== undefined ? Number(exponent) : 0;
  if (Math.abs(power) > MAX_EXPONENT) {
    return undefined;
  }
  if (power >= 0) {
    numerator *= 10n ** BigInt(power);
  } else {
    scale -= power;
  }
  if (numerator / 10n ** BigInt(scale) > MAX_QUANTITY) {
    return undefined;
  }
  return { numerator: sign === '-' ? -numerator : numerator, scale };
}

/**
 * Whether a string has the syntax of a quantity (it may still be out of range).
 * @internal
 */
export function isQuantitySyntax(quantity: string): boolean {
  return typeof quantity === 'string' && QUANTITY.test(quantity) && /\d/.test(quantity);
}

/**
 * Compares two valid quantities exactly.
 * @returns a negative number when `a < b`, 0 when equal, a positive number when `a > b`
 * @throws Error when either is not a valid quantity (validate first)
 * @internal
 */
export function compareQuantities(a: string, b: string): number {
  const x = parseExactQuantity(a);
  const y = parseExactQuantity(b);
  if (x === undefined || y === undefined) {
    throw new Error(`compareQuantities: not a quantity: ${x === undefined ? a : b}`);
  }
  const left = x.numerator * 10n ** BigInt(y.scale);
  const right = y.numerator * 10n ** BigInt(x.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Parses a quantity string into its value in base units (bytes for memory and storage,
 * cores for CPU), as a floating-point number: for display and estimates. Compare quantities
 * with the exact rules the validation uses, not with this number.
 *
 * @param quantity the quantity as written in a manifest, e.g. `10Gi`
 * @returns the value as a number, or `undefined` when `quantity` is not a valid quantity
 *   (for example `10GB`, `ten`, `1 Gi`) or lies outside the API's range of 2^63-1 base units
 */
export function parseQuantity(quantity: string): number | undefined {
  const exact = parseExactQuantity(quantity);
  return exact === undefined ? undefined : Number(exact.numerator) / 10 ** exact.scale;
}

/**
 * Kubernetes quantities, as static members: the twin of {@link parseQuantity}, for the jsii
 * bindings, which carry no free functions.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export class Quantity {
  /**
   * The value of a quantity in base units (bytes, cores), as {@link parseQuantity}: for display
   * and estimates.
   * @param quantity the quantity as written in a manifest, e.g. `10Gi`
   * @returns the value, or `undefined` when `quantity` is not a valid quantity
   */
  public static parse(quantity: string): number | undefined {
    return parseQuantity(quantity);
  }

  private constructor() {}
}
