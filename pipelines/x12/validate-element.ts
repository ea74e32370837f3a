/**
 * Element validation against the spec (999 IK4 vocabulary): 1 required missing, 4 too short, 5 too long, 6 invalid
 * character / bad numeric, 7 invalid code value, 8 invalid date, 9 invalid time. Messages name the element and the
 * rule, never the value (it may be PHI).
 *
 * The checks read the segment's bytes (segment.ts): no value is sliced except a code looked up in its code list,
 * and codes of up to 3 characters come from the intern table. The rules are those of the string versions kept below
 * (`isValidDate`, `decimalDigits`), applied to the value as `String#trim` / `trimEnd` would leave it.
 */
import { charLength, text, trimLeft, trimRight, type Seg } from './segment.ts';
import type { CompiledElement, CompiledSeg } from './spec/compile.ts';

export interface ElementError {
  code: string;
  message: string;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS[m - 1]!);
}

export function isValidDate(v: string): boolean {
  if (v.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return validDate(Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8)));
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

// ---- the same rules on bytes [s, e) -------------------------------------------------------------------------------

function bytesDecimalDigits(b: Buffer, s: number, e: number): number {
  if (s === e) return -1;
  let i = b[s] === 45 ? s + 1 : s;
  let digits = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return -1;
  }
  return digits > 0 ? digits : -1;
}

function bytesInteger(b: Buffer, s: number, e: number): boolean {
  let i = b[s] === 45 ? s + 1 : s;
  if (i >= e) return false;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Value of the ASCII digits [s, e) (already checked to be digits). */
function digitsValue(b: Buffer, s: number, e: number): number {
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + (b[i]! - 48);
  return v;
}

export function bytesValidDate(b: Buffer, s: number, e: number): boolean {
  if (e - s !== 8) return false;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) return false;
  }
  return validDate(digitsValue(b, s, s + 4), digitsValue(b, s + 4, s + 6), digitsValue(b, s + 6, s + 8));
}

function bytesTime(b: Buffer, s: number, e: number): boolean {
  const len = e - s;
  if (len < 4 || len > 8 || !bytesInteger(b, s, e) || b[s] === 45) return false;
  const h = digitsValue(b, s, s + 2);
  const mi = digitsValue(b, s + 2, s + 4);
  const sec = len >= 6 ? digitsValue(b, s + 4, s + 6) : 0;
  return h < 24 && mi < 60 && sec < 60;
}

function where(el: CompiledElement): string {
  const pos = el.component ? `${el.index}-${el.component}` : `${el.index}`;
  return `${el.spec.id} (${el.spec.name}, element ${pos})`;
}

function fail(code: string, el: CompiledElement, rule: string): ElementError {
  return { code, message: `${where(el)} ${rule}` };
}

/** The value [s, e) of a present, non-blank element (component). */
function checkValue(el: CompiledElement, b: Buffer, s0: number, e0: number, high: boolean): ElementError | null {
  const spec = el.spec;
  const type = spec.type;
  // AN keeps leading spaces (trimEnd); every other type is trimmed on both sides.
  const s = type === 'AN' ? s0 : trimLeft(b, s0, e0, high);
  const e = trimRight(b, s, e0, high);
  switch (type) {
    case 'R': {
      const digits = bytesDecimalDigits(b, s, e);
      if (digits < 0) return fail('IK4-6', el, 'is not a valid decimal number');
      if (digits > spec.max) return fail('IK4-5', el, `has more than ${spec.max} digits`);
      return null;
    }
    case 'N0':
      if (!bytesInteger(b, s, e)) return fail('IK4-6', el, 'is not a valid integer');
      if (e - s - (b[s] === 45 ? 1 : 0) > spec.max) return fail('IK4-5', el, `has more than ${spec.max} digits`);
      return null;
    case 'DT':
      if (!bytesValidDate(b, s, e)) return fail('IK4-8', el, 'is not a valid CCYYMMDD date');
      return null;
    case 'TM':
      if (!bytesTime(b, s, e)) return fail('IK4-9', el, 'is not a valid HHMM[SS] time');
      return null;
    default: {
      const len = charLength(b, s, e, high);
      if (len > spec.max) return fail('IK4-5', el, `is longer than ${spec.max} characters`);
      if (len < spec.min) return fail('IK4-4', el, `is shorter than ${spec.min} characters`);
      if (el.codes && !el.codes.has(text(b, s, e, high))) return fail('IK4-7', el, 'is not a valid code value here');
      return null;
    }
  }
}

function missing(el: CompiledElement): ElementError | null {
  return el.spec.usage === 'R' ? { code: 'IK4-1', message: `required element ${where(el)} is missing` } : null;
}

/** Check the value [s, e) of an element or component; `present` false when it is absent. */
function checkOne(el: CompiledElement, b: Buffer, s: number, e: number, present: boolean, high: boolean, comp: number): ElementError | null {
  if (!present || s === e || (el.spec.type !== 'AN' && trimLeft(b, s, e, high) === e)) return missing(el);
  const comps = el.components;
  if (comps !== null) {
    // Components are numbered from 1 and listed in order: walk the separators once.
    let part = 1;
    let ps = s;
    let pe = s;
    while (pe < e && b[pe] !== comp) pe++;
    for (let k = 0; k < comps.length; k++) {
      const c = comps[k]!;
      while (part < c.component && ps <= e) {
        ps = pe + 1;
        pe = ps;
        while (pe < e && b[pe] !== comp) pe++;
        part++;
      }
      const err = checkOne(c, b, ps, pe, ps <= e, high, comp);
      if (err) return err;
    }
    return null;
  }
  return checkValue(el, b, s, e, high);
}

/**
 * Validate the elements of one segment; returns the first error. This is the reference version, element by element
 * through the spec; `segmentValidator` compiles the same rules into one function per segment.
 */
export function validateSegment(seg: CompiledSeg, e: Seg, comp: number): ElementError | null {
  const els = seg.elements;
  const b = e.buf;
  const pos = e.pos;
  const n = e.n;
  const high = e.high;
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    const x = el.index;
    const present = x < n;
    const err = present ? checkOne(el, b, pos[x]!, pos[x + 1]! - 1, true, high, comp) : missing(el);
    if (err) return err;
  }
  return null;
}

export type SegmentValidator = (b: Buffer, pos: Int32Array, n: number, high: boolean, comp: number) => ElementError | null;

/**
 * The validator of a compiled segment, generated once: the element checks of `validateSegment` unrolled, with each
 * element's position, type, bounds and error objects as constants. Composites and code lists call the shared
 * helpers. Same results as `validateSegment` (tested against it).
 */
export function segmentValidator(seg: CompiledSeg): SegmentValidator {
  const cached = seg.validator as SegmentValidator | undefined;
  if (cached) return cached;
  const consts: unknown[] = [];
  const k = (v: unknown) => {
    consts.push(v);
    return `C[${consts.length - 1}]`;
  };
  const body: string[] = [];
  const onMissing = (el: CompiledElement) => {
    const miss = missing(el);
    return miss ? `return ${k(miss)};` : '';
  };
  /** Checks of a present value [S, E) of a simple element or component (`checkOne` + `checkValue`). */
  const leaf = (el: CompiledElement, S: string, E: string, ind: string) => {
    const spec = el.spec;
    if (spec.type === 'AN') {
      body.push(`${ind}if (${S} === ${E}) { ${onMissing(el)} } else {`);
      body.push(`${ind}  const t = H.trimRight(b, ${S}, ${E}, high); const len = high ? H.charLength(b, ${S}, t, high) : t - ${S};`);
      body.push(`${ind}  if (len > ${spec.max}) return ${k(fail('IK4-5', el, `is longer than ${spec.max} characters`))};`);
      body.push(`${ind}  if (len < ${spec.min}) return ${k(fail('IK4-4', el, `is shorter than ${spec.min} characters`))};`);
      if (el.codes) body.push(`${ind}  if (!${k(el.codes)}.has(H.text(b, ${S}, t, high))) return ${k(fail('IK4-7', el, 'is not a valid code value here'))};`);
      body.push(`${ind}}`);
      return;
    }
    body.push(`${ind}const v = H.trimLeft(b, ${S}, ${E}, high);`, `${ind}if (v === ${E}) { ${onMissing(el)} } else {`, `${ind}  const t = H.trimRight(b, v, ${E}, high);`);
    switch (spec.type) {
      case 'R':
        body.push(`${ind}  const d = H.decimalDigits(b, v, t);`);
        body.push(`${ind}  if (d < 0) return ${k(fail('IK4-6', el, 'is not a valid decimal number'))};`);
        body.push(`${ind}  if (d > ${spec.max}) return ${k(fail('IK4-5', el, `has more than ${spec.max} digits`))};`);
        break;
      case 'N0':
        body.push(`${ind}  if (!H.integer(b, v, t)) return ${k(fail('IK4-6', el, 'is not a valid integer'))};`);
        body.push(`${ind}  if (t - v - (b[v] === 45 ? 1 : 0) > ${spec.max}) return ${k(fail('IK4-5', el, `has more than ${spec.max} digits`))};`);
        break;
      case 'DT':
        body.push(`${ind}  if (!H.date(b, v, t)) return ${k(fail('IK4-8', el, 'is not a valid CCYYMMDD date'))};`);
        break;
      case 'TM':
        body.push(`${ind}  if (!H.time(b, v, t)) return ${k(fail('IK4-9', el, 'is not a valid HHMM[SS] time'))};`);
        break;
      default:
        body.push(`${ind}  const len = high ? H.charLength(b, v, t, high) : t - v;`);
        body.push(`${ind}  if (len > ${spec.max}) return ${k(fail('IK4-5', el, `is longer than ${spec.max} characters`))};`);
        body.push(`${ind}  if (len < ${spec.min}) return ${k(fail('IK4-4', el, `is shorter than ${spec.min} characters`))};`);
        if (el.codes) body.push(`${ind}  if (!${k(el.codes)}.has(H.text(b, v, t, high))) return ${k(fail('IK4-7', el, 'is not a valid code value here'))};`);
    }
    body.push(`${ind}}`);
  };
  for (const el of seg.elements) {
    const x = el.index;
    body.push(`if (n > ${x}) {`, `  const s = pos[${x}], e = pos[${x + 1}] - 1;`);
    if (el.components) {
      // A composite (type AN) is missing only when empty; then each component is split off in turn on ISA16.
      body.push(`  if (s === e) { ${onMissing(el)} } else {`, '    let ps = s, pe = s, part = 1;', '    while (pe < e && b[pe] !== comp) pe++;');
      for (const c of el.components) {
        body.push(`    while (part < ${c.component} && ps <= e) { ps = pe + 1; pe = ps; while (pe < e && b[pe] !== comp) pe++; part++; }`);
        body.push(`    if (ps <= e) {`, '      const cs = ps, ce = pe;');
        leaf(c, 'cs', 'ce', '      ');
        body.push(`    } else { ${onMissing(c)} }`);
      }
      body.push('  }');
    } else leaf(el, 's', 'e', '  ');
    const miss = onMissing(el);
    body.push(miss ? `} else ${miss}` : '}');
  }
  body.push('return null;');
  const helpers = { checkOne, trimLeft, trimRight, charLength, text, decimalDigits: bytesDecimalDigits, integer: bytesInteger, date: bytesValidDate, time: bytesTime };
  const name = `validate_${seg.tag.replace(/[^A-Za-z0-9]/g, '_')}`;
  const v = new Function('C', 'H', `return function ${name}(b, pos, n, high, comp) {\n${body.join('\n')}\n};`)(consts, helpers) as SegmentValidator;
  seg.validator = v;
  return v;
}
