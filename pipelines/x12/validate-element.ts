/**
 * Element validation against the spec (999 IK4 vocabulary): 1 required missing, 4 too short, 5 too long, 6 invalid
 * character / bad numeric, 7 invalid code value, 8 invalid date, 9 invalid time. Messages name the element and the
 * rule, never the value (it may be PHI).
 */
import type { CompiledElement, CompiledSeg } from './spec/compile.ts';

export interface ElementError {
  code: string;
  message: string;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidDate(v: string): boolean {
  if (v.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS[m - 1]!);
}

/** X12 R: optional leading minus, digits with at most one decimal point. Returns the digit count, or -1. */
export function decimalDigits(v: string): number {
  let i = 0;
  const n = v.length;
  if (n === 0) return -1;
  if (v.charCodeAt(0) === 45) i = 1;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return -1;
  }
  return digits > 0 ? digits : -1;
}

function isInteger(v: string): boolean {
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= v.length) return false;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isTime(v: string): boolean {
  if (v.length < 4 || v.length > 8 || !isInteger(v) || v[0] === '-') return false;
  const h = Number(v.slice(0, 2));
  const mi = Number(v.slice(2, 4));
  const s = v.length >= 6 ? Number(v.slice(4, 6)) : 0;
  return h < 24 && mi < 60 && s < 60;
}

function where(el: CompiledElement): string {
  const pos = el.component ? `${el.index}-${el.component}` : `${el.index}`;
  return `${el.spec.id} (${el.spec.name}, element ${pos})`;
}

function checkValue(el: CompiledElement, raw: string): ElementError | null {
  const s = el.spec;
  const v = s.type === 'AN' ? raw.trimEnd() : raw.trim();
  switch (s.type) {
    case 'R': {
      const digits = decimalDigits(v);
      if (digits < 0) return { code: 'IK4-6', message: `${where(el)} is not a valid decimal number` };
      if (digits > s.max) return { code: 'IK4-5', message: `${where(el)} has more than ${s.max} digits` };
      return null;
    }
    case 'N0':
      if (!isInteger(v)) return { code: 'IK4-6', message: `${where(el)} is not a valid integer` };
      if (v.replace('-', '').length > s.max) return { code: 'IK4-5', message: `${where(el)} has more than ${s.max} digits` };
      return null;
    case 'DT':
      if (!isValidDate(v)) return { code: 'IK4-8', message: `${where(el)} is not a valid CCYYMMDD date` };
      return null;
    case 'TM':
      if (!isTime(v)) return { code: 'IK4-9', message: `${where(el)} is not a valid HHMM[SS] time` };
      return null;
    default:
      if (v.length > s.max) return { code: 'IK4-5', message: `${where(el)} is longer than ${s.max} characters` };
      if (v.length < s.min) return { code: 'IK4-4', message: `${where(el)} is shorter than ${s.min} characters` };
      if (el.codes && !el.codes.has(v)) return { code: 'IK4-7', message: `${where(el)} is not a valid code value here` };
      return null;
  }
}

function checkOne(el: CompiledElement, raw: string | undefined, compSep: string): ElementError | null {
  if (raw === undefined || raw === '' || (el.spec.type !== 'AN' && raw.trim() === '')) {
    return el.spec.usage === 'R' ? { code: 'IK4-1', message: `required element ${where(el)} is missing` } : null;
  }
  if (el.components) {
    const parts = raw.split(compSep);
    for (const c of el.components) {
      const err = checkOne(c, parts[c.component - 1], compSep);
      if (err) return err;
    }
    return null;
  }
  return checkValue(el, raw);
}

/** Validate the elements of one segment; returns the first error. */
export function validateSegment(seg: CompiledSeg, e: readonly string[], compSep: string): ElementError | null {
  const els = seg.elements;
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    const err = checkOne(el, e[el.index], compSep);
    if (err) return err;
  }
  return null;
}
