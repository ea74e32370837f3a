/**
 * Streaming X12 tokenizer.
 *
 * - Chunks are decoded as latin1, so a string index is a byte offset; a partial segment at the end of a chunk is
 *   carried into the next one (the node-x12 stream bug, stack-notes §6).
 * - Delimiters come from each ISA: element = the character after "ISA", component = ISA16, segment terminator = the
 *   character after ISA16, repetition = ISA11 in 5010 (an alphanumeric ISA11, e.g. the 4010-style `U`, is no
 *   separator). An interchange is only ever started by an ISA at the start of the file or after an IEA's terminator,
 *   never by the text "ISA" inside data.
 * - CR / LF / spaces / tabs between segments (and trailing ones before a terminator) are skipped; a UTF-8 BOM at byte
 *   0 is skipped. A segment that still holds CR / LF / TAB (line wrapping inside a segment) is flagged for the caller.
 * - Values with bytes ≥ 0x80 are converted from UTF-8 (the chunk is tested once; only its non-ASCII segments pay).
 * - Segments are handed to a synchronous callback as `e` = `[tag, el1, el2, …]` (so `e[4]` is element 04); nothing
 *   else is allocated per segment. Memory is bounded by the longest segment (1 MiB at most).
 */
import { x12Error } from './errors.ts';

export interface Delimiters {
  element: string;
  component: string;
  /** null when ISA11 is not a usable separator (4010 `U`, alphanumeric, or clashing with another delimiter). */
  repetition: string | null;
  segment: string;
}

/** Flags passed with a segment. */
export const SEG_CONTROL_CHARS = 1;

export interface IsaInfo {
  /** ISA length from "ISA" through the terminator (106 in a well-formed interchange). */
  length: number;
}

export interface SegmentHandler {
  /** One ISA: delimiters are already set on the reader. */
  interchange(e: string[], byteOffset: number, info: IsaInfo): void;
  /** Any other segment. `flags` has SEG_CONTROL_CHARS when CR / LF / TAB remain inside it. */
  segment(e: string[], byteOffset: number, flags: number): void;
  /** End of input; `truncated` when it stopped in the middle of a segment (only an IEA may lack its terminator). */
  end(byteOffset: number, truncated: boolean): void;
}

/** Longest segment accepted: a bigger one means a wrong terminator or a binary file. */
const MAX_SEGMENT = 1 << 20;
const ISA_STANDARD_LENGTH = 106;
const HIGH = /[\x80-\xff]/;
const BOM = '\xef\xbb\xbf';

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export class X12Reader {
  delims: Delimiters | undefined;
  /** Bytes pushed so far. */
  consumed = 0;
  private carry = '';
  /** The file ended in the middle of a segment. */
  private truncated = false;
  private expectIsa = true;
  private atFileStart = true;
  private interchanges = 0;
  private term = '~';
  private elem = '*';
  /** Whitespace skipped between segments: char code → true (delimiters excluded). */
  private ws = new Uint8Array(128);
  /** Control characters that must not remain inside a segment (delimiters excluded). */
  private ctl: string[] = ['\r', '\n', '\t'];
  private ctlNext: number[] = [-1, -1, -1];
  private ctlBuf = '';

  constructor(private readonly handler: SegmentHandler) {
    this.setWhitespace([]);
  }

  push(chunk: Buffer): void {
    const s = chunk.toString('latin1');
    const base = this.consumed - this.carry.length;
    this.consumed += chunk.length;
    const buf = this.carry.length ? this.carry + s : s;
    this.carry = '';
    this.scan(buf, base, false);
  }

  end(): void {
    const buf = this.carry;
    this.carry = '';
    this.scan(buf, this.consumed - buf.length, true);
    this.handler.end(this.consumed, this.truncated);
  }

  private setWhitespace(delims: string[]): void {
    this.ws.fill(0);
    for (const c of [' ', '\t', '\r', '\n']) if (!delims.includes(c)) this.ws[c.charCodeAt(0)] = 1;
    this.ctl = ['\r', '\n', '\t'].filter((c) => !delims.includes(c));
    this.ctlNext = this.ctl.map(() => -1);
  }

  private scan(buf: string, base: number, final: boolean): void {
    const n = buf.length;
    let pos = 0;
    const high = HIGH.test(buf);
    if (this.atFileStart) {
      if (n < 3 && !final && BOM.startsWith(buf)) {
        this.carry = buf;
        return;
      }
      if (buf.startsWith(BOM)) pos = 3;
    }
    const ws = this.ws;
    for (;;) {
      if (this.expectIsa) {
        if (!this.atFileStart) while (pos < n && buf.charCodeAt(pos) < 128 && ws[buf.charCodeAt(pos)]) pos++;
        if (pos >= n) return;
        const next = this.readIsa(buf, pos, base, final);
        if (next < 0) {
          this.carry = buf.slice(pos);
          return;
        }
        pos = next;
        continue;
      }
      while (pos < n) {
        const c = buf.charCodeAt(pos);
        if (c < 128 && ws[c]) pos++;
        else break;
      }
      if (pos >= n) return;
      let t = buf.indexOf(this.term, pos);
      if (t < 0) {
        if (!final) {
          if (n - pos > MAX_SEGMENT) {
            throw x12Error('TA1-024', `no segment terminator within ${MAX_SEGMENT} bytes: wrong terminator or not an X12 file`, {
              segOrdinal: 0,
              byteOffset: base + pos,
            });
          }
          this.carry = buf.slice(pos);
          return;
        }
        // Only the IEA may lack its terminator at the end of the file; anything else means a truncated file.
        if (!buf.startsWith(`IEA${this.elem}`, pos)) {
          this.truncated = true;
          return;
        }
        t = n;
      }
      this.emit(buf, pos, t, base, high);
      pos = t + 1;
      if (pos > n) return;
    }
  }

  private emit(buf: string, start: number, end: number, base: number, high: boolean): void {
    const ws = this.ws;
    while (end > start) {
      const c = buf.charCodeAt(end - 1);
      if (c < 128 && ws[c]) end--;
      else break;
    }
    let flags = 0;
    // Next CR / LF / TAB of the buffer, cached: files with CRLF between segments pay one indexOf per segment.
    const ctl = this.ctl;
    for (let k = 0; k < ctl.length; k++) {
      let at = this.ctlNext[k]!;
      if (at < start || this.ctlBuf !== buf) {
        at = buf.indexOf(ctl[k]!, start);
        if (at < 0) at = Infinity;
        this.ctlNext[k] = at;
      }
      if (at < end) flags |= SEG_CONTROL_CHARS;
    }
    this.ctlBuf = buf;
    let seg = buf.slice(start, end);
    if (high && HIGH.test(seg)) seg = Buffer.from(seg, 'latin1').toString('utf8');
    const e = seg.split(this.elem);
    if (e[0] === 'IEA') this.expectIsa = true;
    this.handler.segment(e, base + start, flags);
  }

  /** Read the ISA at `pos`; returns the position after its terminator, or -1 when more input is needed. */
  private readIsa(buf: string, pos: number, base: number, final: boolean): number {
    const n = buf.length;
    const at = { segOrdinal: 1, byteOffset: base + pos };
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
    const e = header.split(sep);
    e[16] = comp;
    const isa11 = e[11] ?? '';
    const version = e[12] ?? '';
    const repetition =
      version >= '00501' && isa11.length === 1 && !isAlnum(isa11.charCodeAt(0)) && isa11 !== sep && isa11 !== comp && isa11 !== term && isa11 !== ' '
        ? isa11
        : null;
    this.delims = { element: sep, component: comp, repetition, segment: term };
    this.term = term;
    this.elem = sep;
    this.setWhitespace([sep, comp, term, ...(repetition ? [repetition] : [])]);
    this.atFileStart = false;
    this.expectIsa = false;
    this.interchanges++;
    this.handler.interchange(e, base + pos, { length: p + 3 - pos });
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
