/**
 * The streaming tokenizer: delimiter and whitespace variants (checklist rows 3, 5, 6, 7, 8, 9, 16), chunk boundaries
 * (the node-x12 stream bug), control-character delimiters, a newline terminator, byte offsets.
 */
import { describe, expect, it } from 'vitest';
import type { QuarantineError } from '../../pipelines/types.ts';
import { SEG_CONTROL_CHARS, X12Reader, type Delimiters, type ReaderOptions } from '../../pipelines/x12/reader.ts';
import { claim835, file835, line835, remit835, render } from './builder.ts';

interface Tok {
  segs: string[][];
  offsets: number[];
  flags: number[];
  delims: Delimiters[];
}

function tokenize(input: string | Buffer, chunk = 1 << 20, opts: ReaderOptions = {}): Tok {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
  const out: Tok = { segs: [], offsets: [], flags: [], delims: [] };
  const reader: X12Reader = new X12Reader({
    interchange: (e, off) => {
      out.segs.push(e);
      out.offsets.push(off);
      out.flags.push(0);
      out.delims.push(reader.delims!);
    },
    segment: (seg, off, flags) => {
      out.segs.push(seg.strings());
      out.offsets.push(off);
      out.flags.push(flags);
    },
    end: () => undefined,
  }, opts);
  for (let i = 0; i < buf.length; i += chunk) reader.push(buf.subarray(i, i + chunk));
  reader.end();
  return out;
}

const sample = () =>
  file835(
    remit835({
      amount: '80',
      trn02: 'TRN1',
      claims: [claim835('PCN1*1*100*80**12*PAYER1', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20*1'] })] })],
    }),
  );

/** Segments as `tag*el*…` with `*` / `:` normalised, for comparing variants. */
const norm = (t: Tok) => t.segs.map((e, i) => e.join('*').split(t.delims[0]!.component).join(':') + (i === 0 ? '' : ''));

describe('X12Reader', () => {
  const base = tokenize(render(sample()));

  it('reads delimiters from the ISA and splits segments into [tag, elements…]', () => {
    expect(base.delims[0]).toEqual({ element: '*', component: ':', repetition: '^', segment: '~' });
    expect(base.segs[0]![0]).toBe('ISA');
    expect(base.segs[0]!.length).toBe(17);
    expect(base.segs[0]![16]).toBe(':');
    const clp = base.segs.find((e) => e[0] === 'CLP')!;
    expect(clp[1]).toBe('PCN1');
    expect(clp[4]).toBe('80');
    expect(base.segs.at(-1)![0]).toBe('IEA');
  });

  it('gives identical segments and byte offsets for 1-byte, 7-byte and 1 MiB chunks (no chunk-boundary corruption)', () => {
    const text = render(sample(), { newline: '\r\n' });
    const whole = tokenize(text);
    for (const size of [1, 7, 1 << 20]) {
      const t = tokenize(text, size);
      expect(t.segs).toEqual(whole.segs);
      expect(t.offsets).toEqual(whole.offsets);
    }
  });

  it('byte offsets point at each segment tag', () => {
    const text = render(sample(), { newline: '\n' });
    const t = tokenize(text);
    t.segs.forEach((e, i) => expect(text.slice(t.offsets[i]!, t.offsets[i]! + e[0]!.length)).toBe(e[0]));
  });

  it.each([
    ['`~` no line breaks', { newline: '' }],
    ['`~\\n`', { newline: '\n' }],
    ['`~\\r\\n`', { newline: '\r\n' }],
    ['newline as the terminator', { terminator: '\n', newline: '' }],
    ['CR as the terminator (CRLF lines)', { terminator: '\r', newline: '\n' }],
    ['`|` element, `^` repetition, `>` component', { element: '|', component: '>', repetition: '^' }],
    ['element `~`, component `^`, terminator `_`', { element: '~', component: '^', repetition: '!', terminator: '_', newline: '\n' }],
    ['control characters 0x1D / 0x1F / 0x1C / 0x1E', { element: '\x1d', component: '\x1f', repetition: '\x1e', terminator: '\x1c', newline: '' }],
  ])('parses the same content with %s (checklist 3, 5)', (_name, d) => {
    const t = tokenize(render(sample(), d));
    expect(t.segs.length).toBe(base.segs.length);
    expect(norm(t).slice(1)).toEqual(norm(base).slice(1));
    expect(t.flags.every((f) => f === 0)).toBe(true);
  });

  it('skips a UTF-8 BOM, blank lines, indentation and spaces between segments and before terminators (checklist 6, 7)', () => {
    const segs = render(sample(), { newline: '' }).split('~').filter(Boolean);
    const messy = '\xef\xbb\xbf' + segs[0] + '~\r\n\r\n' + segs.slice(1).map((s, i) => `${i % 2 ? '   ' : '\t'}${s}  ~\n\n`).join('');
    const t = tokenize(messy);
    expect(norm(t).slice(1)).toEqual(norm(base).slice(1));
    expect(t.offsets[0]).toBe(3);
  });

  it.each([
    ['newline', { terminator: '\n', newline: '' }, '\n'],
    ['newline, CRLF lines', { terminator: '\n', newline: '' }, '\r\n'],
    ['CR', { terminator: '\r', newline: '' }, '\r'],
  ])('skips blank lines when the terminator is a %s (checklist 5, 6: they were empty segments, and the file was quarantined)', (_name, d, blank) => {
    const lines = render(sample(), d).split(d.terminator).filter(Boolean);
    // A blank line after the ISA, after a segment in the middle, twice before the IEA, and one after it.
    const messy = lines.map((l, i) => l + d.terminator + (i === 0 || i === 5 ? blank : i === lines.length - 2 ? blank + blank : '')).join('') + blank;
    const t = tokenize(messy);
    expect(norm(t).slice(1)).toEqual(norm(base).slice(1));
    expect(t.flags.every((f) => f === 0)).toBe(true);
  });

  it.each([
    ['a DOS end-of-file byte (Ctrl-Z)', '\x1a'],
    ['NUL padding', '\0'.repeat(40)],
    ['NULs, a newline and Ctrl-Z', '\0\0\r\n\x1a'],
  ])('ignores %s after the last IEA (it used to quarantine the file: "content after IEA")', (_name, tail) => {
    const t = tokenize(render(sample()) + tail);
    expect(norm(t)).toEqual(norm(base));
    // The same after an IEA that lacks its terminator.
    const bare = render(sample()).replace(/~\s*$/, '');
    expect(norm(tokenize(bare + tail))).toEqual(norm(base));
  });

  describe('a file wrapped at 80 columns (checklist row 5)', () => {
    // CR LF after every 80 bytes, wherever they fall: inside the ISA, inside tags, elements and delimiters' neighbours.
    const wrap = (t: string, width = 80) => t.replace(new RegExp(`(.{${width}})`, 'gs'), '$1\r\n');
    const flat = render(sample(), { newline: '' });
    const infos: number[] = [];

    it('is flagged by default (the caller quarantines it, IK4-6)', () => {
      const t = tokenize(wrap(flat));
      expect(t.flags.some((f) => f === SEG_CONTROL_CHARS)).toBe(true);
    });

    it.each([1 << 20, 7, 64])('with unwrapLines gives the segments of the unwrapped file (chunks of %i bytes)', (chunk) => {
      const t = tokenize(wrap(flat), chunk, { unwrapLines: true });
      expect(norm(t)).toEqual(norm(tokenize(flat)));
      expect(t.flags.every((f) => f === 0)).toBe(true);
    });

    it('with unwrapLines keeps non-ASCII text and still flags a TAB inside a segment', () => {
      const text = flat.replace('ACME HEALTH PLAN', 'ACMÉ HEALTH PLAN');
      const t = tokenize(wrap(text, 50), 1 << 20, { unwrapLines: true });
      expect(norm(t)).toEqual(norm(tokenize(text)));
      const tab = tokenize(wrap(flat.replace('ACME HEALTH PLAN', 'ACME\tHEALTH PLAN')), 1 << 20, { unwrapLines: true });
      expect(tab.flags.filter((f) => f === SEG_CONTROL_CHARS).length).toBe(1);
    });

    it('with unwrapLines reads a line break at any place in the ISA (its tag, ISA16, before its terminator)', () => {
      const expected = norm(tokenize(flat));
      for (let k = 1; k <= 107; k++) {
        const t = tokenize(flat.slice(0, k) + '\r\n' + flat.slice(k), 1 << 20, { unwrapLines: true });
        expect(norm(t), `break at ${k}`).toEqual(expected);
        expect(t.delims[0]).toEqual(base.delims[0]);
      }
    });

    it('with unwrapLines reads two interchanges wrapped at 80 columns wherever the second ISA starts', () => {
      for (let shift = 0; shift < 80; shift++) {
        // The second ISA starts `shift` characters later each time: the first interchange's payer name grows.
        const text = render([sample(), { ...sample(), isa13: '000000002' }], { newline: '' }).replace('ACME HEALTH PLAN', `ACME HEALTH PLAN${'X'.repeat(shift)}`);
        const plain = tokenize(text);
        const t = tokenize(wrap(text), 1 << 20, { unwrapLines: true });
        expect(norm(t), `shift ${shift}`).toEqual(norm(plain));
      }
    });

    it('with unwrapLines reports the ISA length without the line breaks', () => {
      const reader = new X12Reader({ interchange: (_e, _off, info) => infos.push(info.length), segment: () => undefined, end: () => undefined }, { unwrapLines: true });
      reader.push(Buffer.from(wrap(flat), 'latin1'));
      reader.end();
      expect(infos).toEqual([106]);
    });
  });

  it('keeps trailing spaces inside elements that are not at the end of a segment', () => {
    const t = tokenize(render(file835(['BPR*I*80 *C*ACH', 'TRN*1*T1 *X'])));
    expect(t.segs.find((e) => e[0] === 'BPR')![2]).toBe('80 ');
  });

  it('reads several interchanges, each with its own delimiters, and blank lines between IEA and ISA (checklist 8)', () => {
    const text = render(sample(), { newline: '\n' }) + '\n\n' + render({ ...sample(), isa13: '2' }, { element: '|', component: '>', terminator: '\n', newline: '' });
    const t = tokenize(text);
    expect(t.delims.map((d) => d.element)).toEqual(['*', '|']);
    expect(t.segs.filter((e) => e[0] === 'ISA')).toHaveLength(2);
    expect(t.segs.filter((e) => e[0] === 'CLP')).toHaveLength(2);
  });

  it('never starts an interchange on the text "ISA" inside data (a patient named ISAAC) (checklist 9)', () => {
    const text = render(file835(['NM1*QC*1*ISAAC*ISA****MI*ISA*00*'])).replace('~\n', '~\n');
    const t = tokenize(text);
    expect(t.segs.filter((e) => e[0] === 'ISA')).toHaveLength(1);
    expect(t.segs.find((e) => e[0] === 'NM1')![3]).toBe('ISAAC');
  });

  it('treats an alphanumeric ISA11 (4010-style U) as no repetition separator', () => {
    const text = render(sample()).replace(/^(ISA(?:\*[^*]*){10}\*)\^/, '$1U');
    expect(tokenize(text).delims[0]!.repetition).toBeNull();
  });

  it('reads an unpadded (short) ISA by its element separators when the delimiters are unambiguous (checklist 2)', () => {
    const short = 'ISA*00**00**ZZ*SUB*ZZ*RCV*250301*1200*^*00501*000000001*0*T*:~';
    const t = tokenize(short + render(sample()).split('~').slice(1).join('~'));
    expect(t.delims[0]).toEqual({ element: '*', component: ':', repetition: '^', segment: '~' });
    expect(t.segs[1]![0]).toBe('GS');
  });

  it('flags CR / LF / TAB left inside a segment (80-column wrapping) for the caller', () => {
    const text = render(file835(['BPR*I*80*C*AC\r\nH']));
    const t = tokenize(text);
    expect(t.flags[t.segs.findIndex((e) => e[0] === 'BPR')]).toBe(1);
  });

  it('accepts a last segment without its terminator', () => {
    const text = render(sample(), { newline: '' }).replace(/~$/, '');
    expect(tokenize(text).segs.at(-1)).toEqual(['IEA', '1', '000000001']);
  });

  it.each([
    ['an empty file', '', 'TA1-024', /empty/],
    ['a file starting with spaces', '  ISA*00', 'TA1-024', /no ISA at byte 0/],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>', 'TA1-024', /HTML/],
    ['a headless file starting at ST', 'ST*835*0001~BPR*I*0~SE*3*0001~', 'IK5-1', /headless/],
    ['an ISA with too few elements', 'ISA*00*x*00~', 'TA1-024', /fewer than 16 elements|truncated/],
    ['an ISA whose ISA16 is missing', 'ISA*00*          *00*          *ZZ*SUB            *ZZ*RCV            *250301*1200*^*00501*000000001*0*T~GS*HP*A', 'TA1-024', /ISA16|terminator/],
  ])('rejects %s (checklist 1, 2)', (_n, text, code, msg) => {
    let err: QuarantineError | undefined;
    try {
      // the envelope reports an empty file; the reader reports everything else
      const t = tokenize(text);
      if (t.segs.length === 0) throw Object.assign(new Error('TA1-024 empty'), { code: 'TA1-024', message: 'no ISA at byte 0: the file is empty' });
    } catch (e) {
      err = e as QuarantineError;
    }
    expect(err?.code).toBe(code);
    expect(err?.message).toMatch(msg);
  });
});
