/**
 * Money as integer cents (never floats, domain-reference §2 / checklist 30). Values are X12 R strings already
 * validated by the spec; more than two decimals round half away from zero.
 */

export function cents(v: string | null | undefined): number {
  if (!v) return 0;
  let s = v.trim();
  if (s === '') return 0;
  let neg = false;
  if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  const dot = s.indexOf('.');
  const whole = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  let c = Number(whole || '0') * 100 + Number((frac + '00').slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) c += 1;
  return neg ? -c : c;
}

export function formatCents(c: number): string {
  const neg = c < 0;
  const a = Math.abs(c);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
