/**
 * The byte-level fast paths give exactly what the string versions they replaced gave:
 * - element validation: the generated per-segment validators against the original string implementation (kept here
 *   as the oracle), on every segment of every spec with random values (blanks, padding, bad numbers, dates, times,
 *   codes, composites, non-ASCII and Unicode whitespace);
 * - `centsAt` against `cents`;
 * - the JS HMAC-SHA-256 against `crypto.createHmac`, and `memberKeyInto` against `memberKey`;
 * - the reader: the same segments for any chunking, also with non-ASCII and invalid UTF-8 bytes.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256 } from '../../src/hmac-sha256.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { cents, centsAt } from '../../pipelines/x12/money.ts';
import { X12Reader } from '../../pipelines/x12/reader.ts';
import { Seg } from '../../pipelines/x12/segment.ts';
import type { CompiledElement, CompiledSeg } from '../../pipelines/x12/spec/compile.ts';
import { COMPILED } from '../../pipelines/x12/specs/index.ts';
import { decimalDigits, isValidDate, segmentValidator, validateSegment } from '../../pipelines/x12/validate-element.ts';
import { prng } from '../helpers/prng.ts';

// ---- the original string implementation (pipelines/x12/validate-element.ts before the byte rewrite) ----------------

interface ElementError {
  code: string;
  message: string;
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

function oracle(seg: CompiledSeg, e: readonly string[], compSep: string): ElementError | null {
  for (const el of seg.elements) {
    const err = checkOne(el, e[el.index], compSep);
    if (err) return err;
  }
  return null;
}

// ---- helpers ------------------------------------------------------------------------------------------------------

/** A segment view over UTF-8 text, as the reader makes it. */
function segOf(text: string, elem = '*'): Seg {
  const s = new Seg();
  const b = Buffer.from(text, 'utf8');
  const sep = elem.charCodeAt(0);
  const pos: number[] = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === sep) pos.push(i + 1);
  pos.push(b.length + 1);
  s.buf = b;
  s.pos = Int32Array.from(pos);
  s.n = pos.length - 1;
  s.high = b.some((c) => c >= 0x80);
  s.tag = text.split(elem)[0]!;
  return s;
}

const SAMPLES = [
  '', ' ', '  ', 'A', 'AB', 'ABC', ' AB', 'AB ', ' A B ', 'x'.repeat(3), 'x'.repeat(81), '0', '12', '-1', '-', '1.', '.5', '-.5', '1.2.3', '12a',
  '0012345', '123456789012345678', '1234567890123456789', '-12.345', '1e5', '20250228', '20240229', '20230229', '20251301', '20250132', '2025022',
  ' 20250228 ', '1200', '2359', '2400', '1260', '120059', '120060', '12005', '-120', '123456789', 'HC', 'HC:97110', 'HC:97110:GP:59:KX:XU:Desc:extra',
  ':', '::', 'HC::GP', 'HC:97110:G', 'é', 'é1', 'Aé', '\u00a0', '\u00a0AB\u00a0', '\u3000', '\ufeffAB', 'AB\u2028', '😀', 'A😀', '1\u00a0',
  'CO', 'PR', 'OA', 'XX', 'D8', 'RD8', '472', '22', '1', '4', '19', 'ACH', 'C', 'I', 'H', '0019', '00', 'CH', 'UN', 'MJ', 'P', '11:B:1', '11:B:9', '11:X:1',
];

function valuesFor(el: CompiledElement, r: () => number): string {
  if (el.components && r() < 0.6) {
    const n = 1 + Math.floor(r() * (el.components.length + 1));
    return Array.from({ length: n }, (_, i) => {
      const c = el.components!.find((x) => x.component === i + 1);
      return c ? valuesFor(c, r) : SAMPLES[Math.floor(r() * SAMPLES.length)]!;
    }).join(':');
  }
  if (el.codes && r() < 0.4) {
    const codes = [...el.codes];
    const v = codes[Math.floor(r() * codes.length)]!;
    return r() < 0.2 ? ` ${v} ` : v;
  }
  return SAMPLES[Math.floor(r() * SAMPLES.length)]!;
}

function allSegs(): CompiledSeg[] {
  const out = new Set<CompiledSeg>();
  for (const cs of COMPILED.values()) {
    for (const l of cs.loops.values()) {
      if (l.trigger) out.add(l.trigger);
      for (const s of l.segs.values()) out.add(s);
    }
  }
  return [...out].filter((s) => s.elements.length > 0);
}

// ---- tests --------------------------------------------------------------------------------------------------------

describe('element validation on bytes', () => {
  it('the generated validators and the reference give the errors of the original string checks', () => {
    const r = prng(42);
    let compared = 0;
    let errors = 0;
    for (const cs of allSegs()) {
      const maxIndex = Math.max(...cs.elements.map((e) => e.index));
      for (let k = 0; k < 400; k++) {
        const n = Math.floor(r() * (maxIndex + 2));
        const els = [cs.tag];
        for (let i = 1; i <= n; i++) {
          const el = cs.elements.find((e) => e.index === i);
          els.push(el && r() < 0.85 ? valuesFor(el, r) : SAMPLES[Math.floor(r() * SAMPLES.length)]!);
        }
        const text = els.join('*');
        const seg = segOf(text);
        const want = oracle(cs, seg.strings(), ':');
        expect(seg.strings()).toEqual(text.split('*'));
        expect(segmentValidator(cs)(seg.buf, seg.pos, seg.n, seg.high, 58), text).toEqual(want);
        expect(validateSegment(cs, seg, 58), text).toEqual(want);
        compared++;
        if (want) errors++;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(errors).toBeGreaterThan(1_000);
  });
});

describe('money on bytes', () => {
  it('centsAt equals cents for R values', () => {
    const r = prng(7);
    const vals = ['', ' ', '0', '5', '-5', '10.5', '10.50', '10.505', '10.504', '-0.005', '.5', '1.', '99999999999999.99', '123456789012345678', '1234567890123456.78', ' 12.34 ', 'abc', '1.2.3'];
    for (let i = 0; i < 2000; i++) {
      const whole = String(Math.floor(r() * 10 ** Math.floor(r() * 17)));
      const frac = r() < 0.7 ? `.${String(Math.floor(r() * 100000)).slice(0, 1 + Math.floor(r() * 4))}` : '';
      vals.push(`${r() < 0.2 ? '-' : ''}${whole}${frac}`);
    }
    for (const v of vals) expect(centsAt(segOf(`AMT*X*${v}`), 2), v).toBe(cents(v));
    expect(centsAt(segOf('AMT*X'), 2)).toBe(0);
  });
});

describe('pseudonymous keys', () => {
  it('HmacSha256 equals crypto.createHmac for any key length and message', () => {
    const r = prng(3);
    for (const klen of [0, 1, 31, 32, 63, 64, 65, 200]) {
      const key = crypto.randomBytes(klen);
      const h = new HmacSha256(key);
      for (let len = 0; len < 200; len += 1 + Math.floor(r() * 3)) {
        const msg = Array.from({ length: len }, () => (r() < 0.05 ? 'é€😀'[Math.floor(r() * 3)]! : String.fromCharCode(32 + Math.floor(r() * 95)))).join('');
        const want = crypto.createHmac('sha256', key).update(msg).digest('hex');
        expect(h.hex(msg)).toBe(want);
        expect(h.hex(msg, 16)).toBe(want.slice(0, 16));
      }
    }
  });

  it('memberKeyInto writes memberKey', () => {
    const pz = new Pseudonymizer(Buffer.from('a test key'));
    const out = Buffer.alloc(40);
    for (const [payer, id] of [
      ['ACME01', 'ZCM123456789'],
      [' ACME01 ', 'zcm123456789'],
      ['', 'W700000001'],
      ['PAYER WITH SPACES', 'a-b_c.d/e'],
      ['ÄCME', 'x1'],
    ] as const) {
      const b = Buffer.from(`xx${id}yy`, 'latin1');
      expect(pz.memberKeyInto(payer, b, 2, 2 + id.length, out, 3)).toBe(true);
      expect(out.toString('latin1', 3, 21)).toBe(pz.memberKey(payer, id));
    }
    expect(pz.memberKeyInto('P', Buffer.from('é', 'utf8'), 0, 2, out, 0)).toBe(false);
  });
});

describe('reader on bytes', () => {
  it('gives the same segments for any chunking, with non-ASCII and invalid UTF-8 bytes', () => {
    const isa = 'ISA*00*          *00*          *ZZ*SUB            *ZZ*RCV            *250301*1200*^*00501*000000001*0*T*:~';
    const body = ['GS*HP*A*B*20250301*1200*1*X*005010X221A1', 'ST*835*0001', 'NM1*QC*1*MÜLLER*JOSÉ****MI*W1', 'N3*\xff\xfe BAD', 'REF*EA*A😀B', 'SE*4*0001', 'GE*1*1', 'IEA*1*000000001'];
    const bytes = Buffer.concat([Buffer.from(isa, 'latin1'), ...body.map((s) => Buffer.concat([/[\xfe\xff]/.test(s) ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf8'), Buffer.from('~\n')]))]);
    const read = (chunk: number) => {
      const segs: string[][] = [];
      const reader = new X12Reader({ interchange: () => undefined, segment: (s) => segs.push(s.strings()), end: () => undefined });
      for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
      reader.end();
      return segs;
    };
    const whole = read(1 << 20);
    expect(whole[2]).toEqual(['NM1', 'QC', '1', 'MÜLLER', 'JOSÉ', '', '', '', 'MI', 'W1']);
    expect(whole[3]).toEqual(['N3', '\ufffd\ufffd BAD']);
    expect(whole[4]).toEqual(['REF', 'EA', 'A😀B']);
    for (const chunk of [1, 2, 3, 5, 64]) expect(read(chunk)).toEqual(whole);
  });
});
