// Python's repr(float) (the 'r' format with shortest round-trip digits), which json.dumps uses for floats.
// JS and Python both pick the shortest digit string that round-trips; only the layout differs.

/**
 * Formats a finite or non-finite number exactly as Python's `float.__repr__` / `json.dumps` would:
 * fixed notation while the decimal exponent is in [-4, 16), scientific (`1e+16`, `1e-05`) otherwise,
 * and a trailing `.0` on integral fixed values. Non-finite values give json.dumps' tokens.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest round-trip digits: "d.ddde±x".
  const exp = Math.abs(x).toExponential();
  const eAt = exp.indexOf('e');
  const digits = exp.slice(0, eAt).replace('.', '');
  const e10 = Number(exp.slice(eAt + 1));
  const decpt = e10 + 1; // value = 0.<digits> * 10^decpt
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0] ?? ''}.${digits.slice(1)}` : digits;
  const absExp = Math.abs(e10);
  return `${sign}${mantissa}e${e10 < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
}
