/**
 * Recognising an EHR CSV export: which entity it is, and whether a vendor mapping applies.
 *
 * 1. File-name prefix (`visits*.csv`, `payers*.csv`, `fee_schedule*.csv`, …; longest prefix wins, case-insensitive)
 *    when the header also has the entity's required columns: a canonical file.
 * 2. A configured vendor mapping whose `match` holds (prefix and/or header columns), in config order.
 * 3. The file-name prefix alone: loading then quarantines the file naming the missing required columns. (A file named
 *    `visits…` that lacks `patient_id` is a broken visits file, not a credentialing file because its header happens to
 *    hold provider_npi, payer_id and status.)
 * 4. The header alone (`entityByHeader`): the entity whose required columns are all present and that knows most of
 *    the header's columns, if it knows at least half of them; else an entity one required column short that knows
 *    more of them, to be quarantined naming the column. A tie is no answer.
 */
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Config } from '../../src/config.ts';
import type { CsvMapping } from './mapping-schema.ts';
import { ENTITIES, type EntityDef } from './schemas.ts';

export interface CsvDetection {
  entity: string;
  /** The vendor mapping to apply (config `csvMappings[].name`). */
  mappingName?: string;
  /** How the file was recognised. */
  via: 'prefix' | 'header' | 'mapping';
}

/** Header names are compared trimmed and case-insensitively. */
export function normalizeHeader(name: string): string {
  return name.replace(/^\ufeff/, '').trim().toLowerCase();
}

/** The header fields of the first non-empty line of `head`, or undefined when it cannot be read. */
export function headerFields(head: string, delimiter = ','): string[] | undefined {
  const text = head.replace(/^\ufeff/, '');
  const lines = text.split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  try {
    const rows = parse(first, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    return rows[0]?.map(normalizeHeader);
  } catch {
    return undefined;
  }
}

export function entityByPrefix(fileName: string): EntityDef | undefined {
  const base = path.basename(fileName).toLowerCase();
  if (!base.endsWith('.csv')) return undefined;
  let best: EntityDef | undefined;
  for (const e of ENTITIES) {
    if (base.startsWith(e.prefix) && (!best || e.prefix.length > best.prefix.length)) best = e;
  }
  return best;
}

export function hasRequiredColumns(e: EntityDef, header: readonly string[]): boolean {
  const set = new Set(header);
  return e.columns.every((c) => !c.required || set.has(c.name));
}

/**
 * The entity a canonical header belongs to, when unambiguous: the entity whose required columns are all present and
 * that knows most of the header's columns, provided it knows at least half of them; else an entity missing one
 * required column that knows at least half of the header's columns and more than any complete entity (loading then
 * quarantines the file naming the column: a visits export without `status` is a broken visits file, not a providers
 * file because it holds provider_npi and clinic_id); else the complete entity that knows most. A tie is no answer.
 */
export function entityByHeader(header: readonly string[]): EntityDef | undefined {
  const set = new Set(header);
  const best = (list: Array<{ e: EntityDef; known: number }>) => {
    const sorted = [...list].sort((a, b) => b.known - a.known);
    if (sorted.length === 0 || sorted[0]!.known === 0) return undefined;
    if (sorted.length > 1 && sorted[0]!.known === sorted[1]!.known) return null; // a tie
    return sorted[0]!;
  };
  const scored = ENTITIES.map((e) => ({ e, known: e.columns.filter((c) => set.has(c.name)).length }));
  const complete = best(scored.filter((x) => hasRequiredColumns(x.e, header)));
  if (complete === null) return undefined;
  const half = (x: { known: number }) => x.known * 2 >= header.length;
  if (complete && half(complete)) return complete.e;
  // One required column short of an entity that knows at least half of the header, and more of it than any complete
  // entity: a broken file of that entity (two or more missing: rather another entity's export with context columns).
  const missing = (e: EntityDef) => e.columns.filter((c) => c.required && !set.has(c.name)).length;
  const any = best(scored.filter((x) => missing(x.e) <= 1));
  if (any && half(any) && (!complete || any.known > complete.known)) return any.e;
  return complete?.e;
}

export function mappingMatches(m: CsvMapping, fileName: string, head: string): boolean {
  const { fileNamePrefix, headerIncludes } = m.match;
  if (fileNamePrefix !== undefined && !path.basename(fileName).toLowerCase().startsWith(fileNamePrefix.toLowerCase())) {
    return false;
  }
  if (headerIncludes?.length) {
    const header = new Set(headerFields(head, m.delimiter) ?? []);
    if (!headerIncludes.every((h) => header.has(normalizeHeader(h)))) return false;
  }
  return true;
}

export function detectCsv(fileName: string, head: string, config: Config): CsvDetection | undefined {
  const header = headerFields(head) ?? [];
  const byPrefix = entityByPrefix(fileName);
  if (byPrefix && hasRequiredColumns(byPrefix, header)) return { entity: byPrefix.name, via: 'prefix' };
  const mapping = config.csvMappings.find((m) => mappingMatches(m, fileName, head));
  if (mapping) return { entity: mapping.entity, mappingName: mapping.name, via: 'mapping' };
  if (byPrefix) return { entity: byPrefix.name, via: 'prefix' };
  const byHeader = entityByHeader(header);
  return byHeader ? { entity: byHeader.name, via: 'header' } : undefined;
}
