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

export class Pseudonymizer {
  private readonly cache = new Map<string, string>();
  constructor(private readonly key: Buffer) {}

  private hash(input: string): string {
    let v = this.cache.get(input);
    if (v === undefined) {
      v = crypto.createHmac('sha256', this.key).update(input).digest('hex').slice(0, 16);
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(input, v);
    }
    return v;
  }

  /** Key of an EHR patient id (visits, appointments, authorizations, payments). */
  patientKey(ehrPatientId: string): string {
    return `p_${this.hash(`ehr|${ehrPatientId.trim()}`)}`;
  }

  /** Key of a payer member id as found in 837/835 NM1 segments. */
  memberKey(payerId: string, memberId: string): string {
    return `m_${this.hash(`member|${payerId.trim()}|${memberId.trim().toUpperCase()}`)}`;
  }
}

/** Load the key (env first, then the key file), creating the key file on first use. */
export function loadPseudonymizer(keyFile: string, envKey?: string): Pseudonymizer {
  if (envKey) return new Pseudonymizer(Buffer.from(envKey, 'utf8'));
  try {
    return new Pseudonymizer(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first
  }
  return new Pseudonymizer(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex'));
}
