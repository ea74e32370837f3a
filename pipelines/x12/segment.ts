/**
 * One X12 segment as a view over the bytes it was read from: `buf`, and the start of each element in `pos`, so that
 * element `i` spans `pos[i] … pos[i + 1] - 1` (element 0 is the segment id). Nothing is copied or decoded until a
 * value is asked for, and then only that value: validation and row building work on the bytes, and short codes
 * (segment ids, qualifiers: up to 3 ASCII characters) come from an intern table, so the common segments allocate
 * no strings at all.
 *
 * The reader reuses one `Seg` for every segment; whoever keeps a segment beyond its callback copies it
 * (`copyFrom`), which copies the positions only: chunk buffers are never written to after they are read, so a copy
 * stays valid for as long as it is referenced.
 *
 * A segment holding bytes ≥ 0x80 is decoded as UTF-8 (invalid sequences become U+FFFD, as `Buffer#toString` does)
 * and re-encoded into its own buffer (`high`); lengths are then counted in UTF-16 code units and trimming follows
 * `String#trim`, so values, lengths and errors are exactly those of the string they stand for.
 */

declare global {
  // Node's fast Buffer codecs (present since Node 0.x, not in @types/node): no argument checks, no encoding lookup.
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    utf8Slice(start: number, end: number): string;
    utf8Write(value: string, offset: number, length: number): number;
    latin1Write(value: string, offset: number, length: number): number;
  }
}

type Bytes = Buffer;

/** ASCII whitespace removed by `String#trim` (TAB, LF, VT, FF, CR, space). */
export const TRIM_ASCII = (() => {
  const t = new Uint8Array(256);
  for (const c of [9, 10, 11, 12, 13, 32]) t[c] = 1;
  return t;
})();

/** Non-ASCII code points removed by `String#trim`. */
function isJsSpace(cp: number): boolean {
  return cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
}

/** Code point of the (valid) UTF-8 sequence starting at `i`, and its length in bytes × 2^21. */
function decodeAt(b: Bytes, i: number): number {
  const c = b[i]!;
  if (c < 0xe0) return ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f) | (2 << 21);
  if (c < 0xf0) return ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f) | (3 << 21);
  return 0x10000 | (4 << 21); // astral: never whitespace
}

/** First byte of `[s, e)` after leading whitespace. */
export function trimLeft(b: Bytes, s: number, e: number, high: boolean): number {
  while (s < e) {
    const c = b[s]!;
    if (c < 0x80) {
      if (TRIM_ASCII[c] === 0) return s;
      s++;
    } else {
      if (!high) return s;
      const d = decodeAt(b, s);
      if (!isJsSpace(d & 0x1fffff)) return s;
      s += d >>> 21;
    }
  }
  return s;
}

/** End of `[s, e)` before trailing whitespace. */
export function trimRight(b: Bytes, s: number, e: number, high: boolean): number {
  while (e > s) {
    const c = b[e - 1]!;
    if (c < 0x80) {
      if (TRIM_ASCII[c] === 0) return e;
      e--;
    } else {
      if (!high) return e;
      let k = e - 1;
      while (k > s && (b[k]! & 0xc0) === 0x80) k--;
      if (!isJsSpace(decodeAt(b, k) & 0x1fffff)) return e;
      e = k;
    }
  }
  return e;
}

/** Length of `[s, e)` in UTF-16 code units (the `String#length` of the value). */
export function charLength(b: Bytes, s: number, e: number, high: boolean): number {
  if (!high) return e - s;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * Intern table of short codes: open addressing over packed keys (`codeKey`), so a lookup is a multiply, a compare and
 * an array load. The strings are internalized (V8's string table), so comparing one with a literal such as
 * `tag === 'SE'` is a pointer comparison. It only grows with the distinct codes seen (at most a few thousand in
 * practice); past INTERN_MAX entries new codes are sliced instead of interned.
 */
const INTERN_BITS = 14;
const INTERN_MASK = (1 << INTERN_BITS) - 1;
const INTERN_MAX = 1 << (INTERN_BITS - 1);
const internKeys = new Int32Array(1 << INTERN_BITS).fill(-1);
const internVals: string[] = new Array<string>(1 << INTERN_BITS).fill('');
let internCount = 0;

function internalize(v: string): string {
  // A property key is internalized by V8; for-in gives it back (index-like keys such as '472' stay ordinary strings).
  const o: Record<string, number> = { [v]: 0 };
  for (const k in o) return k;
  return v;
}

/**
 * The string of `[s, e)`. Up to 3 ASCII bytes come from the intern table (the same string object every time, its
 * hash computed once), anything else is sliced.
 */
export function text(b: Bytes, s: number, e: number, high: boolean): string {
  const len = e - s;
  if (len <= 3) {
    if (len === 0) return '';
    let key = len;
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      if (c >= 0x80) return b.utf8Slice(s, e);
      key = (key << 8) | c;
    }
    let h = Math.imul(key, 0x9e3779b1) >>> (32 - INTERN_BITS);
    for (;;) {
      const k = internKeys[h]!;
      if (k === key) return internVals[h]!;
      if (k === -1) break;
      h = (h + 1) & INTERN_MASK;
    }
    const v = internalize(b.latin1Slice(s, e));
    if (internCount < INTERN_MAX) {
      internKeys[h] = key;
      internVals[h] = v;
      internCount++;
    }
    return v;
  }
  return high ? b.utf8Slice(s, e) : b.latin1Slice(s, e);
}

/**
 * A short code as a number: up to 3 ASCII characters packed with their length (0 for ''), or -1 for anything
 * longer or non-ASCII. `codeKey(s)` equals `Seg#key(i)` when element i trimmed is `s`.
 */
export function codeKey(v: string): number {
  const len = v.length;
  if (len > 3) return -1;
  let key = len;
  for (let i = 0; i < len; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x80) return -1;
    key = (key << 8) | c;
  }
  return key;
}

const EMPTY = Buffer.alloc(0);

export class Seg {
  buf: Bytes = EMPTY;
  /** pos[i] = first byte of element i; element i ends at pos[i + 1] - 1 (its separator). */
  pos = new Int32Array(32);
  /** Number of elements including the segment id (the length of the old `split` array). */
  n = 0;
  /** The bytes are re-encoded UTF-8 with non-ASCII characters. */
  high = false;
  tag = '';
  /** For stored copies: generation of the loop instance the copy belongs to. */
  gen = -1;

  /** Copy another segment's view (positions only; the bytes are shared). */
  copyFrom(o: Seg): this {
    this.buf = o.buf;
    this.n = o.n;
    this.high = o.high;
    this.tag = o.tag;
    if (this.pos.length < o.n + 1) this.pos = new Int32Array(Math.max(o.n + 1, this.pos.length * 2));
    const p = this.pos;
    const q = o.pos;
    for (let i = 0; i <= o.n; i++) p[i] = q[i]!;
    return this;
  }

  clone(): Seg {
    return new Seg().copyFrom(this);
  }

  /** Element i as written (untrimmed), or undefined past the last element (`e[i]` of the old split array). */
  val(i: number): string | undefined {
    if (i >= this.n) return undefined;
    return text(this.buf, this.pos[i]!, this.pos[i + 1]! - 1, this.high);
  }

  /** Element i trimmed, '' when absent (`(e[i] ?? '').trim()`). Short codes are interned. */
  code(i: number): string {
    if (i >= this.n) return '';
    const b = this.buf;
    const s0 = this.pos[i]!;
    const e0 = this.pos[i + 1]! - 1;
    const s = trimLeft(b, s0, e0, this.high);
    return text(b, s, trimRight(b, s, e0, this.high), this.high);
  }

  /** `codeKey` of element i trimmed (0 when absent or blank), without making a string. */
  key(i: number): number {
    if (i >= this.n) return 0;
    const b = this.buf;
    const e0 = this.pos[i + 1]! - 1;
    const s = trimLeft(b, this.pos[i]!, e0, this.high);
    const e = trimRight(b, s, e0, this.high);
    if (e - s > 3) return -1;
    let key = e - s;
    for (let j = s; j < e; j++) {
      const c = b[j]!;
      if (c >= 0x80) return -1;
      key = (key << 8) | c;
    }
    return key;
  }

  /** Element i trimmed, null when absent or blank. */
  str(i: number): string | null {
    const v = this.code(i);
    return v === '' ? null : v;
  }

  /** True when element i is absent or blank. */
  blank(i: number): boolean {
    if (i >= this.n) return true;
    const e0 = this.pos[i + 1]! - 1;
    return trimLeft(this.buf, this.pos[i]!, e0, this.high) === e0;
  }

  /** True when element i is absent or empty (not trimmed). */
  empty(i: number): boolean {
    return i >= this.n || this.pos[i + 1]! - 1 === this.pos[i]!;
  }

  /**
   * Bounds of component k (1-based) of element i split on the byte `comp`, written to `out` as [start, end]; false
   * when the element or the component is absent (`e[i].split(comp)[k - 1] === undefined`).
   */
  component(i: number, k: number, comp: number, out: Int32Array): boolean {
    if (i >= this.n) return false;
    const b = this.buf;
    let s = this.pos[i]!;
    const e = this.pos[i + 1]! - 1;
    for (let c = 1; c < k; c++) {
      while (s < e && b[s] !== comp) s++;
      if (s >= e) return false;
      s++;
    }
    let t = s;
    while (t < e && b[t] !== comp) t++;
    out[0] = s;
    out[1] = t;
    return true;
  }

  /** Component k (1-based) of element i, trimmed; null when absent or blank. */
  compStr(i: number, k: number, comp: number): string | null {
    if (!this.component(i, k, comp, SCRATCH)) return null;
    const b = this.buf;
    const s = trimLeft(b, SCRATCH[0]!, SCRATCH[1]!, this.high);
    const v = text(b, s, trimRight(b, s, SCRATCH[1]!, this.high), this.high);
    return v === '' ? null : v;
  }

  /** The old `split` array: `[tag, el1, el2, …]`, untrimmed. */
  strings(): string[] {
    const out: string[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.val(i)!;
    return out;
  }
}

const SCRATCH = new Int32Array(2);
