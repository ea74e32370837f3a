/**
 * docs/marts.md — the marts contract as built: for every mart model, the header comment (what it is, its grain and
 * the rule it implements) and its columns with their types, read from a warehouse built on empty raw tables. The
 * definitions live once, in the SQL files; this page and the site's hover texts are derived from them.
 *
 * Regenerate: npx tsx src/models/gen-marts-doc.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config.ts';
import { openWarehouse } from '../db/warehouse.ts';
import { FILES_MART_DOC } from '../site/mart-docs.ts';
import { build, discoverModels, MODELS_DIR } from './runner.ts';

export const MARTS_DOC = 'docs/marts.md';
export const ROOT = path.resolve(import.meta.dirname, '../..');

interface Column {
  column_name: string;
  column_type: string;
}

export async function renderMartsDoc(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-marts-doc-'));
  const db = path.join(dir, 'w.duckdb');
  const columns = new Map<string, Column[]>();
  try {
    const wh = await openWarehouse({ path: db, mode: 'rw', purpose: 'marts doc' });
    try {
      await build(wh, { config: parseConfig({}), asOf: '2025-01-01' });
      const tables = await wh.all<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY table_name`,
      );
      for (const t of tables) columns.set(t.table_name, await wh.all<Column>(`DESCRIBE marts.${t.table_name}`));
    } finally {
      await wh.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const marts = discoverModels(MODELS_DIR)
    .filter((m) => m.schema === 'marts')
    .sort((a, b) => path.relative(MODELS_DIR, a.file).localeCompare(path.relative(MODELS_DIR, b.file)));
  const out: string[] = [
    '# The marts contract',
    '',
    '<!-- Generated from models/marts/**/*.sql by src/models/gen-marts-doc.ts: do not edit by hand. -->',
    '',
    'Every mart lives in schema `marts` and is rebuilt by `revcycle build [--as-of YYYY-MM-DD]` from the raw tables, for',
    'an as-of date (default: the latest event date in the data). Money is DECIMAL, ratios are DOUBLE and NULL when',
    'their denominator is 0, dates are calendar dates. Periodised marts carry `period_grain` (`week`, `month`, `all`)',
    'and `period_start` (the Monday, the first of the month, NULL for `all`); rollup rows use `*` in text dimensions.',
    '`revcycle query` returns money and ratios as JSON numbers.',
    '',
    'Each section below is the header of the mart\'s SQL file (the definition itself) followed by its columns.',
    '',
    '| mart | grain |',
    '|---|---|',
  ];
  for (const m of marts) {
    const grain = /^grain:\s*(.*)$/m.exec(m.header)?.[1] ?? '';
    out.push(`| [\`marts.${m.name}\`](#marts${m.name.replaceAll('_', '')}) | ${grain.replaceAll('|', '\\|')} |`);
  }
  out.push(`| \`marts.files\` | ${FILES_MART_DOC.grain}: a view of the ledger |`, '');
  for (const m of marts) {
    out.push(`## marts.${m.name}`, '', `Source: \`${path.relative(ROOT, m.file)}\``, '', '```text', m.header.replace(/^materialized:.*$/m, '').trim(), '```', '');
    const cols = columns.get(m.name) ?? [];
    out.push('| column | type |', '|---|---|');
    for (const c of cols) out.push(`| ${c.column_name} | ${c.column_type} |`);
    out.push('');
  }
  out.push('## marts.files', '', ...wrap(`${FILES_MART_DOC.summary} ${FILES_MART_DOC.rule}`, 116), '');
  return out.join('\n');
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
