/**
 * The column plan of one file: for each canonical column of the entity, where its value comes from (a header
 * position, a mapping constant, or nowhere) and how a vendor value is converted to the canonical form (value
 * translations, Y/N booleans, US dates). Built from the header; a file that cannot satisfy the entity's required
 * columns is structurally wrong and quarantined whole (CSV_STRUCTURAL, line 1).
 */
import { QuarantineError } from '../types.ts';
import { isRealDate, type EntityColumn } from './columns.ts';
import { normalizeHeader } from './detect.ts';
import type { CsvMapping } from './mapping-schema.ts';
import { reason } from './reasons.ts';
import type { EntityDef } from './schemas.ts';

/** A conversion result: the canonical text, or a reject reason. */
export type Converted = { value: string } | { problem: string };

export interface ColumnSource {
  readonly column: EntityColumn;
  /** Position in the record, or -1 (constant or absent). */
  readonly index: number;
  /** Constant value from the mapping. */
  readonly constant?: string;
  /** Vendor → canonical conversion (mapping only). Gets a trimmed, non-empty value. */
  readonly convert?: (v: string) => Converted;
}

export interface ColumnPlan {
  readonly entity: EntityDef;
  /** Number of header fields. */
  readonly width: number;
  /** One per entity column, in entity column order. */
  readonly sources: readonly ColumnSource[];
  /** Header columns that are not used (unknown extra columns), as written. */
  readonly ignored: readonly string[];
  readonly mapping?: CsvMapping;
}

const structural = (message: string) => new QuarantineError('CSV_STRUCTURAL', message, { lineNumber: 1 });

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const US_TIMESTAMP = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;
const p2 = (n: number) => String(n).padStart(2, '0');

/** `MM/DD/YYYY` (or `M/D/YYYY`) → `YYYY-MM-DD`; undefined when malformed or not a real date. */
export function usDate(v: string): string | undefined {
  const m = US_DATE.exec(v);
  if (!m || !isRealDate(+m[3]!, +m[1]!, +m[2]!)) return undefined;
  return `${m[3]}-${p2(+m[1]!)}-${p2(+m[2]!)}`;
}

/** `MM/DD/YYYY HH:mm[:ss][ AM|PM]` → `YYYY-MM-DDTHH:mm:ss` (local time); undefined when malformed. */
export function usTimestamp(v: string): string | undefined {
  const m = US_TIMESTAMP.exec(v);
  if (!m || !isRealDate(+m[3]!, +m[1]!, +m[2]!)) return undefined;
  let h = +m[4]!;
  const ampm = m[7]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'am' && h === 12) h = 0;
    if (ampm === 'pm' && h !== 12) h += 12;
  }
  if (h > 23 || +m[5]! > 59 || (m[6] !== undefined && +m[6] > 59)) return undefined;
  return `${m[3]}-${p2(+m[1]!)}-${p2(+m[2]!)}T${p2(h)}:${m[5]}:${m[6] ?? '00'}`;
}

const DEFAULT_TRUE = ['true', 't', 'yes', 'y', '1'];
const DEFAULT_FALSE = ['false', 'f', 'no', 'n', '0'];

function lowerKeys(rec: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(rec).map(([k, v]) => [k.trim().toLowerCase(), v]));
}

/** The vendor → canonical conversion of one column, or undefined when the mapping changes nothing for it. */
function converter(col: EntityColumn, m: CsvMapping | undefined): ((v: string) => Converted) | undefined {
  const steps: Array<(v: string) => Converted> = [];
  const translations = m?.values[col.name];
  if (translations) {
    const map = lowerKeys(translations);
    steps.push((v) => ({ value: map.get(v.toLowerCase()) ?? v }));
  }
  const kind = col.meta.kind;
  if (kind === 'boolean') {
    // The usual spellings of a yes / no field are understood without a mapping; a mapping may add more.
    const t = new Set([...DEFAULT_TRUE, ...(m?.booleans.true ?? []).map((s) => s.trim().toLowerCase())]);
    const f = new Set([...DEFAULT_FALSE, ...(m?.booleans.false ?? []).map((s) => s.trim().toLowerCase())]);
    steps.push((v) => {
      const k = v.toLowerCase();
      return { value: t.has(k) ? 'true' : f.has(k) ? 'false' : v };
    });
  }
  if (kind === 'date' && m?.dateFormat === 'MM/DD/YYYY') {
    const bad = reason('BAD_DATE', 'not a real date in MM/DD/YYYY form');
    steps.push((v) => {
      const iso = usDate(v);
      return iso ? { value: iso } : { problem: bad };
    });
  }
  if (kind === 'timestamp' && m?.timestampFormat === 'MM/DD/YYYY HH:mm') {
    const bad = reason('BAD_TIMESTAMP', 'not a real date-time in MM/DD/YYYY HH:mm form');
    steps.push((v) => {
      const iso = usTimestamp(v);
      return iso ? { value: iso } : { problem: bad };
    });
  }
  if (steps.length === 0) return undefined;
  if (steps.length === 1) return steps[0];
  return (v) => {
    let out: Converted = { value: v };
    for (const step of steps) {
      if ('problem' in out || out.value === '') return out;
      out = step(out.value);
    }
    return out;
  };
}

/**
 * Enum values in any letter case (`ERA`, `Completed`: exports and spreadsheets capitalise) → the canonical lower-case
 * value; anything else is left for the schema to reject. Runs after the mapping's own conversion, if any.
 */
function withEnumCase(col: EntityColumn, convert: ((v: string) => Converted) | undefined): ((v: string) => Converted) | undefined {
  if (col.meta.kind !== 'enum' || !col.values) return convert;
  const allowed = new Set(col.values);
  const folded = new Map(col.values.map((v) => [v.toLowerCase(), v]));
  const fold = (v: string): Converted => ({ value: allowed.has(v) ? v : (folded.get(v.toLowerCase()) ?? v) });
  if (!convert) return fold;
  return (v: string): Converted => {
    const c = convert(v);
    return 'problem' in c || c.value === '' ? c : fold(c.value);
  };
}

/**
 * Procedure codes and modifiers (`code` columns) in upper case, as X12 writes them: `gp` and `GP` are one fee-schedule
 * key, so a later file's `97110,gp` replaces the earlier `97110,GP` row instead of standing beside it.
 */
function withCodeCase(col: EntityColumn, convert: ((v: string) => Converted) | undefined): ((v: string) => Converted) | undefined {
  if (col.meta.kind !== 'code') return convert;
  const up = (v: string): Converted => ({ value: v.toUpperCase() });
  if (!convert) return up;
  return (v: string): Converted => {
    const c = convert(v);
    return 'problem' in c || c.value === '' ? c : up(c.value);
  };
}

/** Build the plan for a header (as written in the file). Throws CSV_STRUCTURAL when the file cannot be loaded. */
export function buildPlan(entity: EntityDef, rawHeader: readonly string[], mapping?: CsvMapping): ColumnPlan {
  const header = rawHeader.map(normalizeHeader);
  if (header.every((h) => h === '')) throw structural('the header row is empty: expected column names on line 1');
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    if (h !== '') positions.set(h, [...(positions.get(h) ?? []), i]);
  });
  const used = new Set<number>();
  const missing: string[] = [];
  const sources: ColumnSource[] = entity.columns.map((column) => {
    const convert = withCodeCase(column, withEnumCase(column, converter(column, mapping)));
    const constant = mapping?.constants[column.name];
    if (constant !== undefined) return { column, index: -1, constant, convert };
    const vendor = mapping?.columns[column.name];
    const wanted = normalizeHeader(vendor ?? column.name);
    const at = positions.get(wanted);
    if (at && at.length > 1) {
      throw structural(`column "${vendor ?? column.name}" appears ${at.length} times in the header`);
    }
    if (!at) {
      if (column.required) missing.push(vendor !== undefined ? `${column.name} (mapped from "${vendor}")` : column.name);
      return { column, index: -1, convert };
    }
    used.add(at[0]!);
    return { column, index: at[0]!, convert };
  });
  if (missing.length) {
    const what = mapping ? `${entity.name} (mapping ${mapping.name})` : entity.name;
    throw structural(`missing required column${missing.length > 1 ? 's' : ''} of ${what}: ${missing.join(', ')}`);
  }
  // (A trailing comma on the header line is an unnamed column: rows without it are short rows, padded when read.)
  const ignored = rawHeader.filter((_, i) => !used.has(i)).map((h) => h.trim() || '(unnamed)');
  return { entity, width: rawHeader.length, sources, ignored, mapping };
}
