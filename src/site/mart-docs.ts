/**
 * The header comment of every mart (models/marts/**\/*.sql) as data: the site shows a mart's summary, grain and rule
 * next to the tables built from it, so every number is one hover away from its definition (DESIGN.md §8).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface MartDoc {
  mart: string;
  summary: string;
  grain: string;
  rule: string;
}

export const MARTS_DIR = path.resolve(import.meta.dirname, '../../models/marts');

/** marts.files is a view over the ledger (src/db/migrations.ts), not a model: its definition is written here. */
export const FILES_MART_DOC: MartDoc = {
  mart: 'files',
  summary: 'A view over the file ledger: one row per file ever offered, a file being a name and its bytes.',
  grain: 'one row per file (name and bytes) ever offered to ingest',
  rule:
    'The bytes have one row in raw.files, under the name they were first offered with: status is loaded, duplicate ' +
    '(a re-sent 835 whose payments were all loaded already, DUP_TRN) or quarantined (error_code names the rule in the ' +
    'TA1 / 999 vocabulary, reason is one line with the position). The same bytes offered under another name are a ' +
    "duplicate row of their own (DUP_FILE, 0 rows, duplicate_of = the first file's sha256; raw.file_copies). Offering the same bytes " +
    'again under a name already seen changes nothing.',
};

/** Parse the leading `--` comment block: `name: summary…`, then `grain: …` and `rule: …` (continued lines joined). */
export function parseMartHeader(mart: string, sql: string): MartDoc {
  const fields: Record<string, string[]> = { summary: [], grain: [], rule: [] };
  let current: keyof typeof fields = 'summary';
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) break;
    let text = line.replace(/^--\s?/, '');
    const m = /^(grain|rule):\s*(.*)$/.exec(text.trim());
    if (m) {
      current = m[1] as 'grain' | 'rule';
      text = m[2]!;
    } else if (current === 'summary' && fields.summary.length === 0) {
      text = text.replace(new RegExp(`^${mart}:\\s*`), '');
    }
    fields[current]!.push(text.trim());
  }
  // References to the design document mean nothing to a clinic owner: drop them.
  const join = (parts: string[]) =>
    parts.join(' ').replace(/\s*\((?:see )?DESIGN\.md[^)]*\)/g, '').replace(/\s+/g, ' ').trim();
  return { mart, summary: join(fields.summary!), grain: join(fields.grain!), rule: join(fields.rule!) };
}

export function readMartDocs(dir = MARTS_DIR): MartDoc[] {
  const docs: MartDoc[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.sql')) docs.push(parseMartHeader(name.slice(0, -4), fs.readFileSync(p, 'utf8')));
    }
  };
  walk(dir);
  if (dir === MARTS_DIR) docs.push(FILES_MART_DOC);
  return docs.sort((a, b) => a.mart.localeCompare(b.mart));
}
