/**
 * src/db/marts-types.ts — the marts as TypeScript interfaces for Kysely (src/db/kysely.ts): one per table or view of
 * schema `marts`, with the columns and types of a warehouse built on empty raw tables, as src/models/marts-doc.ts
 * reads them for docs/marts.md. Types are those of the rows `martsDb()` returns, converted like `queryPlain` does
 * (DECIMAL and BIGINT → number, DATE → 'YYYY-MM-DD', TIMESTAMP → ISO 8601 string).
 *
 * Regenerate: npx tsx src/models/gen-marts-types.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../config.ts';
import { openWarehouse } from '../db/warehouse.ts';
import { ROOT } from './marts-doc.ts';
import { build } from './runner.ts';

export const MARTS_TYPES = 'src/db/marts-types.ts';

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  table_type: string;
}

/** The TypeScript type of a DuckDB column type, as `queryPlain` converts its values. */
export function tsType(duckdbType: string): string {
  const t = duckdbType.toUpperCase().trim();
  if (/\[\d*\]$/.test(t)) return 'unknown[]'; // LIST and ARRAY
  if (t === 'VARCHAR' || t === 'UUID' || t.startsWith('ENUM')) return 'string';
  if (/^DECIMAL(\(\d+,\s*\d+\))?$/.test(t)) return 'number';
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|DOUBLE|FLOAT|REAL)$/.test(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'string';
  if (/^TIMESTAMP( WITH TIME ZONE|_S|_MS|_NS|TZ)?$/.test(t)) return 'string';
  return 'unknown'; // STRUCT, MAP, JSON, INTERVAL, …: no mart has one today
}

/** ar_aging → ArAging */
export function interfaceName(table: string): string {
  return table
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

async function martColumns(): Promise<Column[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-marts-types-'));
  try {
    const wh = await openWarehouse({ path: path.join(dir, 'w.duckdb'), mode: 'rw', purpose: 'marts types' });
    try {
      await build(wh, { config: parseConfig({}), asOf: '2025-01-01' });
      return await wh.all<Column>(
        `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, t.table_type
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
         WHERE c.table_schema = 'marts'
         ORDER BY c.table_name, c.ordinal_position`,
      );
    } finally {
      await wh.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function renderMartsTypes(): Promise<string> {
  const byTable = new Map<string, Column[]>();
  for (const c of await martColumns()) {
    if (!byTable.has(c.table_name)) byTable.set(c.table_name, []);
    byTable.get(c.table_name)!.push(c);
  }
  const names = new Map<string, string>();
  for (const table of byTable.keys()) {
    const name = interfaceName(table);
    const clash = [...names].find(([, n]) => n === name);
    if (clash) throw new Error(`marts.${table} and marts.${clash[0]} would both be interface ${name}`);
    names.set(table, name);
  }
  const out: string[] = [
    '/**',
    ' * The marts as TypeScript types, for Kysely: `martsDb(wh)` in src/db/kysely.ts. One interface per table or view of',
    ' * schema `marts`, with its columns in order; types as the rows arrive (converted like `queryPlain`): DECIMAL, DOUBLE',
    " * and the integers are number, DATE is 'YYYY-MM-DD', TIMESTAMP an ISO 8601 string, lists unknown[]. A column is",
    ' * `| null` when information_schema says it is nullable, which is every column of a mart (CREATE TABLE … AS).',
    ' *',
    ' * GENERATED from the built marts by src/models/gen-marts-types.ts: do not edit by hand.',
    ' * Regenerate: npx tsx src/models/gen-marts-types.ts',
    ' */',
    '',
  ];
  for (const [table, cols] of byTable) {
    const kind = cols[0]!.table_type === 'VIEW' ? 'view' : 'table';
    out.push(`/** marts.${table} (${kind}) */`, `export interface ${names.get(table)} {`);
    for (const c of cols) {
      const type = tsType(c.data_type) + (c.is_nullable === 'YES' ? ' | null' : '');
      out.push(`  ${/^[A-Za-z_$][\w$]*$/.test(c.column_name) ? c.column_name : JSON.stringify(c.column_name)}: ${type}; // ${c.data_type}`);
    }
    out.push('}', '');
  }
  out.push('/** The Kysely database type of the marts: tables are named with their schema, `db.selectFrom(\'marts.claims\')`. */');
  out.push('export interface MartsDatabase {');
  for (const [table, name] of names) out.push(`  'marts.${table}': ${name};`);
  out.push('}', '');
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(path.join(ROOT, MARTS_TYPES), await renderMartsTypes());
  console.log(`wrote ${MARTS_TYPES}`);
}
