// Exact arithmetic on decimal amounts of minor units, such as Stripe's `unit_amount_decimal` ("12.5"
// cents, up to 12 decimal places): BigInt scaled integers, never floats. A fractional result becomes
// whole minor units by rounding half away from zero (37.5 → 38, -37.5 → -38), the same everywhere.

/** Stripe's limit on the decimal places of `unit_amount_decimal`. */
export const MAX_DECIMAL_PLACES = 12;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** True for a non-negative decimal with at most 12 places (`"1250"`, `"12.5"`, `"0.000000000001"`): what the API accepts. */
export function isMinorDecimal(text: string): boolean {
  const m = DECIMAL.exec(text);
  return m !== null && m[1] === '' && (m[3] ?? '').length <= MAX_DECIMAL_PLACES;
}

/** `"-12.50"` → -1250n at scale 2. */
function scaled(text: string): { units: bigint; scale: number } {
  const m = DECIMAL.exec(text);
  if (!m || (m[3] ?? '').length > MAX_DECIMAL_PLACES) throw new RangeError(`not a decimal amount: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  const units = BigInt(m[2]! + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

/** `n / d` rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const r = (2n * a + d) / (2n * d);
  return neg ? -r : r;
}

function render(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = frac ? `${whole}.${frac}` : whole;
  return neg && text !== '0' ? `-${text}` : text;
}

/** `"12.5"` minor units × 3 → 38 (37.5 rounded). Exact for any decimal and whole quantity ≥ 0. */
export function multiplyDecimal(unit: string, quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`not a quantity: ${quantity}`);
  const { units, scale } = scaled(unit);
  return Number(divRound(units * BigInt(quantity), 10n ** BigInt(scale)));
}

/** The canonical text of a decimal: no trailing zeros after the point, no point for a whole number (`"12.50"` → `"12.5"`). */
export function canonicalDecimal(text: string): string {
  const { units, scale } = scaled(text);
  return render(units, scale);
}

/** A whole number of minor units when the decimal is one (`"1250.0"` → 1250), else undefined. */
export function wholeDecimal(text: string): number | undefined {
  const c = canonicalDecimal(text);
  return c.includes('.') ? undefined : Number(c);
}

/**
 * `amount / quantity` as a decimal of minor units, exact when it ends within 12 places, else rounded
 * at the 12th (1000 / 3 → "333.333333333333", 2000 / 3 → "666.666666666667"). `quantity` > 0.
 */
export function divideToDecimal(amount: number, quantity: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an amount: ${amount}`);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`not a quantity: ${quantity}`);
  return render(divRound(BigInt(amount) * 10n ** BigInt(MAX_DECIMAL_PLACES), BigInt(quantity)), MAX_DECIMAL_PLACES);
}
