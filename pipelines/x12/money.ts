/**
 * Money as integer cents (never floats, domain-reference §2 / checklist 30). Values are X12 R strings already
 * validated by the spec; more than two decimals round half away from zero.
 */
import { trimLeft, trimRight, type Seg } from './segment.ts';

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

/** `cents` of element `i` of a segment, read from its bytes (same result as `cents(seg.code(i))`). */
export function centsAt(seg: Seg, i: number): number {
  if (i >= seg.n) return 0;
  const b = seg.buf;
  const s0 = trimLeft(b, seg.pos[i]!, seg.pos[i + 1]! - 1, seg.high);
  const e = trimRight(b, s0, seg.pos[i + 1]! - 1, seg.high);
  if (s0 === e) return 0;
  let s = s0;
  const neg = b[s] === 45;
  if (neg) s++;
  let whole = 0;
  let wholeDigits = 0;
  let k = s;
  for (; k < e; k++) {
    const c = b[k]!;
    if (c === 46) break;
    if (c < 48 || c > 57) return cents(seg.code(i));
    whole = whole * 10 + (c - 48);
    wholeDigits++;
  }
  // Beyond 15 digits a float sum may round differently from Number(string): take the string path.
  if (wholeDigits > 15) return cents(seg.code(i));
  // The same float operations as `cents`: whole × 100 + the first two decimals, then + 1 to round.
  let frac = 0;
  let up = false;
  if (k < e) {
    const f = k + 1;
    for (let j = f; j < e; j++) if (b[j]! < 48 || b[j]! > 57) return cents(seg.code(i));
    if (f < e) frac += (b[f]! - 48) * 10;
    if (f + 1 < e) frac += b[f + 1]! - 48;
    up = f + 2 < e && b[f + 2]! >= 53;
  }
  let c = whole * 100 + frac;
  if (up) c += 1;
  return neg ? -c : c;
}
