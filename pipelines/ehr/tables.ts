/**
 * Raw tables of the EHR / practice-management CSV entities (DESIGN.md §5), derived from the zod schemas in
 * `schemas.ts`: one table `raw.ehr_<entity>` per entity, holding the current row per primary key (a later file wins).
 *
 * Columns are the CSV columns in schema order, typed by their column builder, then the lineage columns. Patient ids
 * never land here: `patient_id` is replaced by `patient_key`, a keyed hash. Timestamps are kept as validated ISO 8601
 * text; staging models interpret them in the clinic time zone.
 */
import type { ColumnDef, RawTableDef } from '../../src/db/raw-schema.ts';
import { ENTITIES, type EntityDef } from './schemas.ts';

export interface EhrTableDef extends RawTableDef {
  readonly entity: string;
  /** Primary key, as raw column names. */
  readonly primaryKey: readonly string[];
}

export const LINEAGE_COLUMNS: readonly ColumnDef[] = [
  { name: 'file_sha256', type: 'VARCHAR', doc: 'file the current row came from' },
  { name: 'line_number', type: 'INTEGER', doc: 'line in that file (header = 1)' },
];

export function ehrTable(e: EntityDef): EhrTableDef {
  const stored = (name: string) => e.columns.find((c) => c.name === name)!.storedAs;
  return {
    entity: e.name,
    name: `ehr_${e.name}`,
    grain: `one row per ${e.name} primary key (${e.primaryKey.join(', ')}): the latest delivered version`,
    lineage: 'none',
    primaryKey: e.primaryKey.map(stored),
    columns: [
      ...e.columns.map((c) => ({
        name: c.storedAs,
        type: c.meta.sqlType,
        doc: c.storedAs === c.name ? c.meta.doc : `keyed hash of ${c.name} (${c.meta.doc})`,
      })),
      ...LINEAGE_COLUMNS,
    ],
  };
}

export const EHR_TABLES: readonly EhrTableDef[] = ENTITIES.map(ehrTable);

export function ehrTableOf(entity: string): EhrTableDef {
  const t = EHR_TABLES.find((x) => x.entity === entity);
  if (!t) throw new Error(`unknown CSV entity ${entity}`);
  return t;
}
