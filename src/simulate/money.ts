// Money is integer cents everywhere inside the simulator; these format it for X12 and CSV.

/** 12345 → "123.45", -5 → "-0.05". */
export function fmtCents(c: number): string {
  if (!Number.isInteger(c)) throw new Error(`money must be integer cents, got ${c}`);
  const neg = c < 0;
  const a = neg ? -c : c;
  const whole = Math.floor(a / 100);
  const frac = a - whole * 100;
  return `${neg ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Round a float amount of cents to integer cents (half away from zero). */
export function roundCents(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
