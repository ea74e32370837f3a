/**
 * Pseudonymous patient keys (minimum necessary, DESIGN.md §4).
 *
 * A patient is referred to by a keyed hash (HMAC-SHA-256, truncated to 16 hex digits) of the EHR patient id or,
 * failing that, of payer id + member id. The key is secret and lives beside the warehouse (`pseudonym.key`, mode
 * 0600) or comes from REVCYCLE_PSEUDONYM_KEY; rebuilding the warehouse from landing with the same key gives the same
 * patient keys. Without the key the hashes cannot be reversed by trying candidate ids.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HmacSha256 } from './hmac-sha256.ts';
import { makeDirs } from './make-dirs.ts';

export class Pseudonymizer {
  /** Keys already computed: member keys by payer id then member id (as given), patient keys by EHR id. */
  private readonly members = new Map<string, Map<string, string>>();
  private readonly patients = new Map<string, string>();
  private cached = 0;
  private readonly hmac: HmacSha256;

  constructor(key: Buffer) {
    this.hmac = new HmacSha256(key);
  }

  /** HMAC-SHA-256 of `input`, truncated to 16 hex digits (the same as `crypto.createHmac`, see hmac-sha256.ts). */
  private hash(input: string): string {
    if (++this.cached > 200_000) {
      this.members.clear();
      this.patients.clear();
      this.cached = 1;
    }
    return this.hmac.hex(input, 16);
  }

  /** Key of an EHR patient id (visits, appointments, authorizations, payments). */
  patientKey(ehrPatientId: string): string {
    let v = this.patients.get(ehrPatientId);
    if (v === undefined) {
      v = `p_${this.hash(`ehr|${ehrPatientId.trim()}`)}`;
      this.patients.set(ehrPatientId, v);
    }
    return v;
  }

  private prefixFor = '';
  private prefix = new Uint8Array(0);

  /**
   * `memberKey(payerId, id)` for the member id `b[s…e)` (already trimmed), written as its 18 ASCII characters into
   * `out` at `o` without making a string; false (nothing written) when the id is not plain ASCII — then use
   * `memberKey`.
   */
  memberKeyInto(payerId: string, b: Uint8Array, s: number, e: number, out: Uint8Array, o: number): boolean {
    for (let i = s; i < e; i++) if (b[i]! >= 0x80) return false;
    if (payerId !== this.prefixFor) {
      const p = `member|${payerId.trim()}|`;
      this.prefix = Buffer.from(p, 'utf8');
      this.prefixFor = payerId;
    }
    out[o] = 109; // m
    out[o + 1] = 95; // _
    this.hmac.hexOfBytesUpper(this.prefix, b, s, e, out, o + 2, 16);
    return true;
  }

  /** Key of a payer member id as found in 837/835 NM1 segments. */
  memberKey(payerId: string, memberId: string): string {
    let byMember = this.members.get(payerId);
    if (byMember === undefined) this.members.set(payerId, (byMember = new Map()));
    let v = byMember.get(memberId);
    if (v === undefined) {
      v = `m_${this.hash(`member|${payerId.trim()}|${memberId.trim().toUpperCase()}`)}`;
      byMember.set(memberId, v);
    }
    return v;
  }
}

/** Hex digits, at least 16 bytes: what the key file holds (and what REVCYCLE_PSEUDONYM_KEY may hold too). */
const HEX_KEY = /^(?:[0-9a-fA-F]{2}){16,}$/;

/**
 * The key given in REVCYCLE_PSEUDONYM_KEY: the key file's contents (hex, surrounding whitespace ignored) mean the same
 * key as the file, so a backed-up key file can be handed over as the secret; any other text is used as it is.
 */
export function envKeyBytes(envKey: string): Buffer {
  const t = envKey.trim();
  return HEX_KEY.test(t) ? Buffer.from(t, 'hex') : Buffer.from(envKey, 'utf8');
}

/** The key in the key file; undefined when there is no key file. A file that is not a key is an error, never a key. */
function readKeyFile(keyFile: string): Buffer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(keyFile, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // Hashing with an empty or truncated key would make patient keys guessable and differ from the rows already loaded.
  if (!HEX_KEY.test(text)) {
    throw new Error(
      `${keyFile} is not a pseudonym key (expected at least 32 hex digits, found ${text.length ? `${text.length} characters` : 'an empty file'}): restore it from a backup, or delete it if nothing was ingested with it yet`,
    );
  }
  return Buffer.from(text, 'hex');
}

/**
 * Load the key (env first, then the key file), creating the key file on first use. The file is created atomically
 * (written and synced under a temp name, then hard-linked into place, which fails if another process linked first), so
 * a process killed while creating it never leaves an empty or partial key behind.
 */
export function loadPseudonymizer(keyFile: string, envKey?: string): Pseudonymizer {
  if (envKey) return new Pseudonymizer(envKeyBytes(envKey));
  const existing = readKeyFile(keyFile);
  if (existing) return new Pseudonymizer(existing);
  makeDirs(path.dirname(keyFile), 0o700);
  // *.tmp: never picked up by `revcycle ingest` when pointed at the data folder.
  const tmp = `${keyFile}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${crypto.randomBytes(32).toString('hex')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, keyFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first: use theirs
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return new Pseudonymizer(readKeyFile(keyFile)!);
}
