/**
 * HMAC-SHA-256 (RFC 2104, FIPS 180-4) of short strings, for pseudonymous keys.
 *
 * Node's `crypto.createHmac` costs a few microseconds per call for a 30-byte input, nearly all of it object set-up
 * and the crossing into C++; ingesting a large 835 hashes tens of thousands of member ids. Here the key's inner and
 * outer pads are compressed once, so a short message costs two compressions in plain JS with no allocation. The
 * output is identical to `createHmac('sha256', key).update(message, 'utf8').digest('hex')` (tested against it).
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const W = new Int32Array(64);

/** Compress one 64-byte block (big-endian words in `block[o…o+63]`) into `h`. */
function compress(h: Int32Array, block: Uint8Array, o: number): void {
  const w = W;
  for (let i = 0; i < 16; i++, o += 4) w[i] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + hh) | 0;
}

/** Hash `data[0…n)` (after `prefixBytes` already compressed into `h`), finishing with SHA-256 padding. */
function finish(h: Int32Array, data: Uint8Array, n: number, prefixBytes: number, buf: Uint8Array): void {
  let o = 0;
  for (; o + 64 <= n; o += 64) compress(h, data, o);
  const rest = n - o;
  buf.fill(0);
  for (let i = 0; i < rest; i++) buf[i] = data[o + i]!;
  buf[rest] = 0x80;
  const end = rest + 1 > 56 ? 128 : 64;
  const bits = (prefixBytes + n) * 8;
  // Messages here are far below 2^32 bytes: the high length word is bits / 2^32.
  const hi = Math.floor(bits / 0x100000000);
  buf[end - 8] = hi >>> 24;
  buf[end - 7] = hi >>> 16;
  buf[end - 6] = hi >>> 8;
  buf[end - 5] = hi;
  buf[end - 4] = bits >>> 24;
  buf[end - 3] = bits >>> 16;
  buf[end - 2] = bits >>> 8;
  buf[end - 1] = bits;
  compress(h, buf, 0);
  if (end === 128) compress(h, buf, 64);
}

function sha256(data: Uint8Array): Uint8Array {
  const h = Int32Array.from(IV);
  finish(h, data, data.length, 0, new Uint8Array(128));
  return wordsToBytes(h);
}

function wordsToBytes(h: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[i * 4] = h[i]! >>> 24;
    out[i * 4 + 1] = h[i]! >>> 16;
    out[i * 4 + 2] = h[i]! >>> 8;
    out[i * 4 + 3] = h[i]!;
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class HmacSha256 {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;
  private readonly h = new Int32Array(8);
  private readonly pad = new Uint8Array(128);
  private msg = new Uint8Array(256);
  private readonly digest = new Uint8Array(32);

  constructor(key: Uint8Array) {
    const k = new Uint8Array(64);
    k.set(key.length > 64 ? sha256(key) : key);
    const block = new Uint8Array(64);
    this.inner = Int32Array.from(IV);
    for (let i = 0; i < 64; i++) block[i] = k[i]! ^ 0x36;
    compress(this.inner, block, 0);
    this.outer = Int32Array.from(IV);
    for (let i = 0; i < 64; i++) block[i] = k[i]! ^ 0x5c;
    compress(this.outer, block, 0);
  }

  /** The first `hexDigits` hex digits (even, ≤ 64) of the HMAC of `message` (UTF-8). */
  hex(message: string, hexDigits = 64): string {
    const n = this.encode(message);
    this.run(n);
    const h = this.h;
    let out = '';
    for (let i = 0; i < hexDigits / 2; i++) out += HEX[(h[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff]!;
    return out;
  }

  /**
   * The HMAC of `prefix` followed by the bytes `b[s…e)` upper-cased (ASCII a–z only), written as `hexDigits` hex
   * digits into `out` at `o`. The caller passes only ASCII bytes (non-ASCII input takes the string path).
   */
  hexOfBytesUpper(prefix: Uint8Array, b: Uint8Array, s: number, e: number, out: Uint8Array, o: number, hexDigits: number): void {
    const n = prefix.length + e - s;
    if (this.msg.length < n) this.msg = new Uint8Array(Math.max(n, this.msg.length * 2));
    const m = this.msg;
    m.set(prefix);
    let j = prefix.length;
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      m[j++] = c >= 97 && c <= 122 ? c - 32 : c;
    }
    this.run(n);
    const h = this.h;
    for (let i = 0; i < hexDigits / 2; i++) {
      const v = (h[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
      out[o++] = HEX_CODE[v >>> 4]!;
      out[o++] = HEX_CODE[v & 15]!;
    }
  }

  /** HMAC of `this.msg[0…n)` into `this.h`. */
  private run(n: number): void {
    const h = this.h;
    h.set(this.inner);
    finish(h, this.msg, n, 64, this.pad);
    const d = this.digest;
    for (let i = 0; i < 8; i++) {
      d[i * 4] = h[i]! >>> 24;
      d[i * 4 + 1] = h[i]! >>> 16;
      d[i * 4 + 2] = h[i]! >>> 8;
      d[i * 4 + 3] = h[i]!;
    }
    h.set(this.outer);
    finish(h, d, 32, 64, this.pad);
  }

  /** `message` as UTF-8 into `this.msg`; returns its length in bytes. */
  private encode(message: string): number {
    const n = message.length;
    if (this.msg.length < n * 3) this.msg = new Uint8Array(Math.max(n * 3, this.msg.length * 2));
    const m = this.msg;
    for (let i = 0; i < n; i++) {
      const c = message.charCodeAt(i);
      if (c >= 0x80) return Buffer.from(m.buffer, m.byteOffset, m.length).write(message, 'utf8');
      m[i] = c;
    }
    return n;
  }
}

const HEX_CODE = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
