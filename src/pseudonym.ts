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
  if (!/^(?:[0-9a-fA-F]{2}){16,}$/.test(text)) {
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
  if (envKey) return new Pseudonymizer(Buffer.from(envKey, 'utf8'));
  const existing = readKeyFile(keyFile);
  if (existing) return new Pseudonymizer(existing);
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
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
