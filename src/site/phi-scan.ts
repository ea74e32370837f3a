/**
 * The PHI scan of a built site (DESIGN.md §8, domain-reference §9.3 item 1): the build fails if anything under the
 * output folder carries a synthetic PHI canary of the simulator (surname, street, city; member ids ZCM + 9 digits,
 * patient ids MRN + 7 digits) or, in the published data files, a field that names a person, or values shaped like
 * an SSN, a phone number, an e-mail address or a member id next to a name field.
 *
 * The canaries are checked in every file (HTML, JS bundles, JSON, CSV, images — read as bytes). The identifier
 * checks run on the data files (`.json`, `.csv`) only, where a false positive in library code cannot occur.
 * Findings never repeat the matched text: they name the file, the check and the byte offset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PHI_CANARY_PATTERNS, PHI_CANARY_STRINGS } from '../simulate/canaries.ts';

export interface PhiFinding {
  /** Path relative to the scanned folder. */
  file: string;
  check: string;
  offset: number;
}

export interface PhiScanResult {
  files: number;
  bytes: number;
  findings: PhiFinding[];
}

interface Check {
  name: string;
  re: RegExp;
  dataOnly: boolean;
}

const g = (re: RegExp, flags = 'g') => new RegExp(re.source, flags);

/** Field names that would put a direct identifier into a published data file. */
const IDENTIFIER_FIELDS = [
  'first_name', 'last_name', 'middle_name', 'patient_name', 'subscriber_name', 'full_name', 'name_first', 'name_last',
  'birth_date', 'date_of_birth', 'dob', 'birthdate', 'member_id', 'subscriber_id', 'insured_id', 'ssn', 'mrn',
  'medical_record_number', 'patient_id', 'address', 'address1', 'address2', 'street', 'city', 'zip', 'zip_code',
  'postal_code', 'phone', 'phone_number', 'email',
];

export const PHI_CHECKS: Check[] = [
  ...PHI_CANARY_STRINGS.map((s) => ({ name: `canary string ${s}`, re: new RegExp(s, 'gi'), dataOnly: false })),
  ...PHI_CANARY_PATTERNS.map((re, i) => ({ name: `canary pattern ${i + 1} (${re.source})`, re: g(re), dataOnly: false })),
  {
    name: 'identifier field name',
    // As a JSON key or a CSV header cell.
    re: new RegExp(`(?:"(?:${IDENTIFIER_FIELDS.join('|')})"\\s*:)|(?:^|,)(?:${IDENTIFIER_FIELDS.join('|')})(?=,|\\r?$)`, 'gim'),
    dataOnly: true,
  },
  { name: 'SSN-shaped value', re: /\b\d{3}-\d{2}-\d{4}\b/g, dataOnly: true },
  { name: 'phone-shaped value', re: /(?:\(\d{3}\)\s?|\b\d{3}[-.])\d{3}[-.]\d{4}\b/g, dataOnly: true },
  { name: 'e-mail address', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, dataOnly: true },
  {
    name: 'member-id-like value next to a name field',
    re: /"[a-z_]*name[a-z_]*"\s*:\s*"[^"]*"\s*,\s*"[a-z_]*"\s*:\s*"?[A-Z]{0,3}\d{9,12}"?|"[a-z_]*"\s*:\s*"?[A-Z]{0,3}\d{9,12}"?\s*,\s*"[a-z_]*name[a-z_]*"\s*:/gi,
    dataOnly: true,
  },
];

const DATA_FILE = /\.(json|csv|tsv|txt)$/i;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = fs.lstatSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** Scan every file under `dir`. */
export function scanForPhi(dir: string): PhiScanResult {
  if (!fs.existsSync(dir)) throw new Error(`PHI scan: ${dir} does not exist`);
  const findings: PhiFinding[] = [];
  let bytes = 0;
  const files = walk(dir);
  for (const file of files) {
    const buf = fs.readFileSync(file);
    bytes += buf.length;
    // latin1 keeps one character per byte, so offsets are byte offsets and binary files are scanned too.
    const text = buf.toString('latin1');
    const rel = path.relative(dir, file);
    const data = DATA_FILE.test(file);
    for (const check of PHI_CHECKS) {
      if (check.dataOnly && !data) continue;
      check.re.lastIndex = 0;
      for (let m = check.re.exec(text); m; m = check.re.exec(text)) {
        findings.push({ file: rel, check: check.name, offset: m.index });
        if (m[0].length === 0) check.re.lastIndex++;
      }
    }
  }
  return { files: files.length, bytes, findings };
}

export class PhiScanError extends Error {
  constructor(
    readonly dir: string,
    readonly findings: PhiFinding[],
  ) {
    const first = findings[0]!;
    super(
      `PHI scan failed: ${findings.length} finding${findings.length === 1 ? '' : 's'} under ${dir} (first: ${first.check} in ${first.file} at byte ${first.offset}); nothing was published`,
    );
  }
}

/** Scan and throw a PhiScanError naming the first finding when there is any. */
export function assertNoPhi(dir: string): PhiScanResult {
  const result = scanForPhi(dir);
  if (result.findings.length) throw new PhiScanError(dir, result.findings);
  return result;
}
