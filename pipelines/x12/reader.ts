/**
 * Streaming X12 tokenizer.
 *
 * - Works on the bytes: one pass per segment finds the terminator and the element separators with a class table, and
 *   hands the segment to a synchronous callback as a {@link Seg} view (reused: no array, no string per segment).
 *   Byte offsets are file offsets; a partial segment at the end of a chunk is carried into the next one (the
 *   node-x12 stream bug, stack-notes §6).
 * - Delimiters come from each ISA: element = the character after "ISA", component = ISA16, segment terminator = the
 *   character after ISA16, repetition = ISA11 in 5010 (an alphanumeric ISA11, e.g. the 4010-style `U`, is no
 *   separator). An interchange is only ever started by an ISA at the start of the file or after an IEA's terminator,
 *   never by the text "ISA" inside data.
 * - CR / LF / spaces / tabs between segments (and trailing ones before a terminator) are skipped, and so are blank
 *   lines when CR or LF is the terminator (no empty segments); a UTF-8 BOM at byte 0 is skipped. A segment that
 *   still holds CR / LF / TAB (line wrapping inside a segment) is flagged for the caller, unless `unwrapLines` is on:
 *   then CR and LF inside a segment (a file wrapped at a fixed width, e.g. 80 columns) are dropped, as if the file had
 *   not been wrapped (a TAB is still flagged). After an IEA (with or without its terminator), NUL padding and a DOS
 *   end-of-file byte (Ctrl-Z, 0x1A) are skipped as well.
 * - A segment with bytes ≥ 0x80 is decoded as UTF-8 (see segment.ts); only such segments pay for it.
 * - Memory is bounded by the longest segment (1 MiB at most) plus the chunk being read.
 */
import { x12Error } from './errors.ts';
import { Seg, text } from './segment.ts';

export interface Delimiters {
  element: string;
  component: string;
  /** null when ISA11 is not a usable separator (4010 `U`, alphanumeric, or clashing with another delimiter). */
  repetition: string | null;
  segment: string;
}

/** Flags passed with a segment. */
export const SEG_CONTROL_CHARS = 1;

export interface ReaderOptions {
  /**
   * Drop CR and LF found inside segments (and ISA elements) instead of flagging them: for files wrapped at a fixed
   * width (checklist row 5, "unless explicitly enabled"). Off by default: such a file is quarantined (IK4-6).
   */
  unwrapLines?: boolean;
}

export interface IsaInfo {
  /** ISA length from "ISA" through the terminator (106 in a well-formed interchange). */
  length: number;
}

export interface SegmentHandler {
  /** One ISA: delimiters are already set on the reader. */
  interchange(e: string[], byteOffset: number, info: IsaInfo): void;
  /**
   * Any other segment, as a view valid during the call only (copy it with `Seg#copyFrom` to keep it). `flags` has
   * SEG_CONTROL_CHARS when CR / LF / TAB remain inside it.
   */
  segment(seg: Seg, byteOffset: number, flags: number): void;
  /** End of input; `truncated` when it stopped in the middle of a segment (only an IEA may lack its terminator). */
  end(byteOffset: number, truncated: boolean): void;
}

/** Longest segment accepted: a bigger one means a wrong terminator or a binary file. */
const MAX_SEGMENT = 1 << 20;
const ISA_STANDARD_LENGTH = 106;
/** The ISA is read from a string of at most this many bytes (an ISA is ~106; 16 separators within 200 are required). */
const ISA_WINDOW = 1024;

// Byte classes of the segment scan.
const C_TERM = 1;
const C_ELEM = 2;
const C_CTL = 3;
const C_HIGH = 4;

const NO_HANDLER: SegmentHandler = {
  interchange: () => undefined,
  segment: () => undefined,
  end: () => undefined,
};

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const EMPTY = Buffer.alloc(0);

export class X12Reader {
  delims: Delimiters | undefined;
  /** Bytes pushed so far. */
  consumed = 0;
  private carry: Buffer = EMPTY;
  /** The file ended in the middle of a segment. */
  private truncated = false;
  private expectIsa = true;
  private atFileStart = true;
  private interchanges = 0;
  private term = 0x7e;
  private elem = 0x2a;
  /** Whitespace skipped between segments: byte → 1 (delimiters excluded). */
  private readonly ws = new Uint8Array(256);
  /** Bytes skipped before a segment: `ws`, plus the terminator when it is CR or LF (a blank line is no segment). */
  private readonly skip = new Uint8Array(256);
  /** Bytes skipped after an IEA: `skip`, plus the NUL padding and DOS end-of-file (Ctrl-Z) some systems append. */
  private readonly afterIea = new Uint8Array(256);
  /** Byte classes for the segment scan (C_*; 0 for ordinary bytes). */
  private readonly cls = new Uint8Array(256);
  private readonly seg = new Seg();

  /** Receives the segments (may be set after construction, before the first `push`). */
  handler: SegmentHandler;

  private readonly unwrap: boolean;

  constructor(handler?: SegmentHandler, opts: ReaderOptions = {}) {
    this.handler = handler ?? NO_HANDLER;
    this.unwrap = opts.unwrapLines === true;
    this.setDelimiters(0x7e, 0x2a, []);
  }

  push(chunk: Buffer): void {
    const carry = this.carry;
    const base = this.consumed - carry.length;
    this.consumed += chunk.length;
    if (carry.length === 0) return this.scan(chunk, base, false);
    this.carry = EMPTY;
    if (!this.expectIsa && !this.atFileStart) {
      // A segment cut by the chunk boundary: join only it (the carry and the chunk up to its first terminator), so
      // the chunk itself is scanned in place rather than copied.
      const t = chunk.indexOf(this.term);
      if (t >= 0 && carry.length + t < MAX_SEGMENT) {
        const head = Buffer.concat([carry, chunk.subarray(0, t + 1)]);
        this.scan(head, base, false);
        return this.scan(chunk.subarray(t + 1), base + head.length, false);
      }
    }
    this.scan(Buffer.concat([carry, chunk]), base, false);
  }

  end(): void {
    const buf = this.carry;
    this.carry = EMPTY;
    this.scan(buf, this.consumed - buf.length, true);
    this.handler.end(this.consumed, this.truncated);
  }

  private setDelimiters(term: number, elem: number, delims: number[]): void {
    this.term = term;
    this.elem = elem;
    const ws = this.ws;
    const cls = this.cls;
    ws.fill(0);
    cls.fill(0);
    for (let c = 0x80; c < 256; c++) cls[c] = C_HIGH;
    for (const c of [32, 9, 13, 10]) if (!delims.includes(c)) ws[c] = 1;
    this.skip.set(ws);
    if (term === 10 || term === 13) this.skip[term] = 1;
    this.afterIea.set(this.skip);
    for (const c of [0x00, 0x1a]) if (!delims.includes(c)) this.afterIea[c] = 1;
    // CR, LF, TAB (line wrapping) and every other control character (NUL, BEL, DEL, …) inside a segment: an element
    // value holding one looks like its printable text but never matches it (IK4-6), so the segment is flagged.
    for (let c = 0; c < 0x20; c++) if (!delims.includes(c)) cls[c] = C_CTL;
    if (!delims.includes(0x7f)) cls[0x7f] = C_CTL;
    cls[elem] = C_ELEM;
    cls[term] = C_TERM;
  }

  private scan(buf: Buffer, base: number, final: boolean): void {
    const n = buf.length;
    let pos = 0;
    if (this.atFileStart) {
      if (n < 3 && !final && buf.equals(BOM.subarray(0, n))) {
        this.carry = buf;
        return;
      }
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    const ws = this.ws;
    const skip = this.skip;
    const cls = this.cls;
    const seg = this.seg;
    for (;;) {
      if (this.expectIsa) {
        const afterIea = this.afterIea;
        if (!this.atFileStart) while (pos < n && afterIea[buf[pos]!] === 1) pos++;
        if (pos >= n) return;
        const next = this.readIsa(buf, pos, base, final);
        if (next < 0) {
          this.carry = buf.subarray(pos);
          return;
        }
        pos = next;
        continue;
      }
      while (pos < n && skip[buf[pos]!] === 1) pos++;
      if (pos >= n) return;
      // One pass: element separators, the terminator, control characters, non-ASCII bytes.
      let P = seg.pos;
      P[0] = pos;
      let k = 0;
      let firstCtl = -1;
      let high = false;
      let t = pos;
      for (; t < n; t++) {
        const c = cls[buf[t]!]!;
        if (c === 0) continue;
        if (c === C_ELEM) {
          if (++k >= P.length - 1) {
            const grown = new Int32Array(P.length * 2);
            grown.set(P);
            seg.pos = P = grown;
          }
          P[k] = t + 1;
        } else if (c === C_TERM) break;
        else if (c === C_HIGH) high = true;
        else if (firstCtl < 0) firstCtl = t;
      }
      if (t >= n) {
        if (!final) {
          if (n - pos > MAX_SEGMENT) {
            throw x12Error('TA1-024', `no segment terminator within ${MAX_SEGMENT} bytes: wrong terminator or not an X12 file`, {
              segOrdinal: 0,
              byteOffset: base + pos,
            });
          }
          this.carry = buf.subarray(pos);
          return;
        }
        // Only the IEA may lack its terminator at the end of the file; anything else means a truncated file.
        if (!(n - pos > 3 && buf[pos] === 0x49 && buf[pos + 1] === 0x45 && buf[pos + 2] === 0x41 && buf[pos + 3] === this.elem)) {
          this.truncated = true;
          return;
        }
      }
      let end = t;
      // An IEA without its terminator at the end of the file: NUL padding or Ctrl-Z after it is no part of IEA02.
      const trailing = t >= n ? this.afterIea : ws;
      while (end > pos && trailing[buf[end - 1]!] === 1) end--;
      let flags = firstCtl >= 0 && firstCtl < end ? SEG_CONTROL_CHARS : 0;
      if (flags !== 0 && this.unwrap) flags = this.unwrapSegment(buf, pos, end, high) ? SEG_CONTROL_CHARS : 0;
      else if (high) this.decodeHigh(buf, pos, end);
      else {
        seg.buf = buf;
        seg.n = k + 1;
        seg.high = false;
        P[k + 1] = end + 1;
      }
      const s = seg.buf;
      const p0 = seg.pos[0]!;
      const p1 = seg.pos[1]! - 1;
      seg.tag = text(s, p0, p1, seg.high);
      if (p1 - p0 === 3 && s[p0] === 0x49 && s[p0 + 1] === 0x45 && s[p0 + 2] === 0x41) this.expectIsa = true;
      this.handler.segment(seg, base + pos, flags);
      pos = t + 1;
      if (pos > n) return;
    }
  }

  /** A segment with bytes ≥ 0x80: decode as UTF-8 into its own buffer, then find the elements again. */
  private decodeHigh(buf: Buffer, start: number, end: number): void {
    this.splitOwned(Buffer.from(buf.utf8Slice(start, end), 'utf8'), true);
  }

  /**
   * `unwrapLines`: copy the segment without the CR and LF bytes that are not delimiters, then find the elements in
   * the copy. Returns true when a TAB (not a delimiter) remains, which is still flagged.
   */
  private unwrapSegment(buf: Buffer, start: number, end: number, high: boolean): boolean {
    const cls = this.cls;
    const out = Buffer.allocUnsafe(end - start);
    let j = 0;
    let tab = false;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (cls[c] === C_CTL) {
        if (c === 13 || c === 10) continue;
        tab = true;
      }
      out[j++] = c;
    }
    const b = out.subarray(0, j);
    if (high) this.splitOwned(Buffer.from(b.utf8Slice(0, j), 'utf8'), true);
    else this.splitOwned(b, false);
    return tab;
  }

  /** Point the segment view at `b`, a buffer of its own holding exactly the segment, and find its elements. */
  private splitOwned(b: Buffer, high: boolean): void {
    const seg = this.seg;
    const elem = this.elem;
    let P = seg.pos;
    P[0] = 0;
    let k = 0;
    for (let i = 0; i < b.length; i++) {
      if (b[i] === elem) {
        if (++k >= P.length - 1) {
          const grown = new Int32Array(P.length * 2);
          grown.set(P);
          seg.pos = P = grown;
        }
        P[k] = i + 1;
      }
    }
    P[k + 1] = b.length + 1;
    seg.buf = b;
    seg.n = k + 1;
    seg.high = high;
  }

  /** Read the ISA at `pos`; returns the position after its terminator, or -1 when more input is needed. */
  private readIsa(buf: Buffer, pos: number, base: number, final: boolean): number {
    const cut = buf.length - pos > ISA_WINDOW;
    const s = buf.latin1Slice(pos, cut ? pos + ISA_WINDOW : buf.length);
    if (this.unwrap && /[\r\n]/.test(s)) {
      // unwrapLines: a fixed-width wrap may fall anywhere in the ISA (its tag, ISA16, before its terminator). Read it
      // without CR and LF; a file whose terminator is CR or LF cannot be read so, and is read as it is below.
      let next: number | undefined;
      try {
        next = this.readIsaText(s.replace(/[\r\n]/g, ''), base + pos, final || cut);
      } catch {
        next = undefined;
      }
      if (next !== undefined) {
        if (next < 0) return -1;
        // `next` counts the characters read without CR and LF: the same many in `s`, plus the CR and LF among them.
        let k = 0;
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (c !== 13 && c !== 10 && ++k === next) return pos + i + 1;
        }
        throw new Error('x12 reader: the unwrapped ISA end is beyond its window'); // cannot happen: next ≤ characters read
      }
    }
    const next = this.readIsaText(s, base + pos, final || cut);
    return next < 0 ? -1 : pos + next;
  }

  /** The ISA at the start of `s` (latin1); returns the index after its terminator, or -1 when more input is needed. */
  private readIsaText(buf: string, offset: number, final: boolean): number {
    const n = buf.length;
    const pos = 0;
    const at = { segOrdinal: 1, byteOffset: offset };
    const first = this.atFileStart;
    if (n - pos < 4 && !final) return -1;
    if (!buf.startsWith('ISA', pos)) {
      const head = buf.slice(pos, pos + 4);
      if (first && /^(ST|GS)[^A-Za-z0-9]/.test(head)) {
        throw x12Error('IK5-1', 'unsupported transaction/version: headless file (starts at ' + head.slice(0, 2) + ', no ISA interchange envelope)', at);
      }
      if (first) {
        const why = /^\s/.test(head) ? 'the file starts with whitespace' : /^\s*</.test(head) ? 'looks like HTML or XML' : 'not an X12 interchange';
        throw x12Error('TA1-024', `no ISA at byte 0: ${why}`, at);
      }
      throw x12Error('TA1-024', 'content after IEA is not an ISA interchange header', at);
    }
    if (n - pos < 4) throw x12Error('TA1-024', 'ISA segment is incomplete', at);
    const sep = buf[pos + 3]!;
    const sc = sep.charCodeAt(0);
    if (isAlnum(sc) || sep === ' ') throw x12Error('TA1-024', 'ISA element separator (the character after "ISA") is alphanumeric or a space', at);
    // ISA has 16 elements: find the 16th separator, then ISA16 and the terminator.
    let p = pos + 3;
    for (let k = 1; k < 16; k++) {
      const q = buf.indexOf(sep, p + 1);
      if (q < 0 || q - pos > 200) {
        if (q < 0 && !final && n - pos <= 200) return -1;
        throw x12Error('TA1-024', `ISA segment has fewer than 16 elements (ISA length ${ISA_STANDARD_LENGTH} expected)`, at);
      }
      p = q;
    }
    if (p + 2 >= n) {
      if (!final) return -1;
      throw x12Error('TA1-024', 'ISA segment is truncated: ISA16 or the segment terminator is missing', at);
    }
    const comp = buf[p + 1]!;
    const term = buf[p + 2]!;
    const header = buf.slice(pos, p + 1);
    if (isAlnum(comp.charCodeAt(0)) || comp === sep || comp === ' ') {
      throw x12Error('TA1-024', 'ISA16 component separator is missing or invalid (alphanumeric, space or equal to the element separator)', at);
    }
    if (isAlnum(term.charCodeAt(0)) || term === sep || term === comp || term === ' ' || header.includes(term)) {
      throw x12Error('TA1-024', 'ISA segment terminator (the character after ISA16) is missing or ambiguous', at);
    }
    if (sep.charCodeAt(0) >= 0x80 || comp.charCodeAt(0) >= 0x80 || term.charCodeAt(0) >= 0x80) {
      throw x12Error('TA1-024', 'ISA delimiters must be ASCII characters (element separator, ISA16 or the segment terminator is a byte ≥ 0x80)', at);
    }
    const e = header.split(sep);
    e[16] = comp;
    const isa11 = e[11] ?? '';
    const version = e[12] ?? '';
    const repetition =
      version >= '00501' && isa11.length === 1 && !isAlnum(isa11.charCodeAt(0)) && isa11 !== sep && isa11 !== comp && isa11 !== term && isa11 !== ' '
        ? isa11
        : null;
    this.delims = { element: sep, component: comp, repetition, segment: term };
    const delimCodes = [sep, comp, term, ...(repetition ? [repetition] : [])].map((c) => c.charCodeAt(0));
    this.setDelimiters(term.charCodeAt(0), sep.charCodeAt(0), delimCodes);
    this.atFileStart = false;
    this.expectIsa = false;
    this.interchanges++;
    this.handler.interchange(e, offset, { length: p + 3 - pos });
    return p + 3;
  }

  /** True once an ISA was read. */
  get sawInterchange(): boolean {
    return this.interchanges > 0;
  }

  /** True while at the start of the file (nothing but a BOM read yet). */
  get empty(): boolean {
    return this.atFileStart;
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
