/**
 * Kubernetes resource quantities (`10Gi`, `500m`, `1.5`, `2e3`).
 *
 * The grammar is the API server's own (`k8s.io/apimachinery/pkg/api/resource`):
 * a signed decimal number followed by a binary-SI suffix (`Ki Mi Gi Ti Pi Ei`, powers of 1024),
 * a decimal-SI suffix (`n u m k M G T P E`, powers of 1000) or a decimal exponent (`e3`, `E-2`).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** What every quantity error says is allowed. */
export const QUANTITY_HELP =
  "use a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or m, k, M, G, T, P, E (powers of 1000), e.g. '10Gi' or '500m'";

/**
 * Parses a quantity string into its value in base units (bytes for memory and storage,
 * cores for CPU).
 *
 * @param quantity the quantity as written in a manifest, e.g. `10Gi`
 * @returns the value as a number, or `undefined` when `quantity` is not a valid quantity
 *   (for example `10GB`, `ten`, `1 Gi`)
 */
export function parseQuantity(quantity: string): number | undefined {
  if (typeof quantity !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const [, sign, digits, suffix] = match;
  let value = Number(digits);
  if (suffix !== undefined) {
    value = suffix[0] === 'e' || suffix[0] === 'E' ? value * 10 ** Number(suffix.slice(1)) : value * MULTIPLIERS[suffix];
  }
  return sign === '-' ? -value : value;
}
