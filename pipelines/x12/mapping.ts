/**
 * Field mappings: each raw-table row is described, column by column, by where its value comes from — a loop and a
 * pyx12-style path such as `CLP04`, `NM1[IL]09`, `SVC01-2`, `DTM[472]02` — or a derived value with its sources
 * named. The same tables build the rows and generate `docs/x12-field-mapping.md`, and they are checked against the
 * raw schema (column order) and the spec (loop, segment and element exist; typed columns come from typed elements)
 * when the module loads, so code, spec, schema and docs cannot drift apart.
 */
import type { ColumnDef, RawTableDef } from '../../src/db/raw-schema.ts';
import type { Cell } from '../load/sink.ts';
import { findElement, type CompiledSpec } from './spec/compile.ts';

/** Segments seen in the current instance of each loop: loop id → slot key (`CLP`, `NM1[IL]`) → elements. */
export type Slots = Record<string, Record<string, string[]> | undefined>;

export interface MapCtx {
  /** Component separator (ISA16). */
  comp: string;
  setIndex: number;
  /** Segment ordinal (ST = 1) of the trigger of the current instance of each loop. */
  ord: Record<string, number>;
}

export interface Field<X extends MapCtx = MapCtx> {
  column: string;
  /** Loop the value comes from ('-' for lineage / computed values). */
  loop: string;
  /** Path(s) of the source element(s), or a short description for computed values. */
  source: string;
  /** Extra description for the docs (derived values). */
  doc?: string;
  derived: boolean;
  get(S: Slots, x: X): Cell;
}

const PATH = /^([A-Z][A-Z0-9]{1,2})(?:\[([^\]]+)\])?(\d{2})(?:-(\d+))?$/;

export interface ParsedPath {
  tag: string;
  qualifier: string | undefined;
  slot: string;
  element: number;
  component: number;
  elementId: string;
}

export function parsePath(path: string): ParsedPath {
  const m = PATH.exec(path);
  if (!m) throw new Error(`mapping: bad element path ${path}`);
  const tag = m[1]!;
  const qualifier = m[2];
  return {
    tag,
    qualifier,
    slot: qualifier ? `${tag}[${qualifier}]` : tag,
    element: Number(m[3]),
    component: m[4] ? Number(m[4]) : 0,
    elementId: `${tag}${m[3]}${m[4] ? `-${m[4]}` : ''}`,
  };
}

/** Read a path from the slots of `loop` (trimmed; '' / absent → null). */
export function read(S: Slots, loop: string, p: ParsedPath, comp: string): string | null {
  const e = S[loop]?.[p.slot];
  if (!e) return null;
  let v = e[p.element];
  if (v === undefined) return null;
  if (p.component) v = v.split(comp)[p.component - 1];
  if (v === undefined) return null;
  v = v.trim();
  return v === '' ? null : v;
}

/** A value taken straight from an element. */
export function f<X extends MapCtx = MapCtx>(column: string, loop: string, source: string): Field<X> {
  const p = parsePath(source);
  return { column, loop, source, derived: false, get: (S, x) => read(S, loop, p, x.comp) };
}

/** A derived value; `source` names the element paths it reads (checked against the spec). */
export function d<X extends MapCtx = MapCtx>(column: string, loop: string, source: string, doc: string, get: (S: Slots, x: X) => Cell): Field<X> {
  return { column, loop, source, doc, derived: true, get };
}

/** The row lineage: set position and the segment ordinal of a loop's trigger. */
export function lineage<X extends MapCtx = MapCtx>(loop: string, trigger: string, ordKey = loop): Field<X>[] {
  return [
    d<X>('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d<X>('seg_ordinal', loop, trigger, `segment ordinal (ST = 1) of the ${trigger} segment`, (_S, x) => x.ord[ordKey] ?? null),
  ];
}

export interface BoundTable<X extends MapCtx = MapCtx> {
  def: RawTableDef;
  fields: readonly Field<X>[];
}

const TYPED: Record<string, readonly string[]> = {
  'DECIMAL(18,2)': ['R'],
  'DECIMAL(12,3)': ['R', 'N0'],
  DATE: ['DT'],
  INTEGER: ['N0'],
};

/** Check a field table against the raw table and the spec; throws at module load on any drift. */
export function bind<X extends MapCtx>(def: RawTableDef, fields: readonly Field<X>[], cs: CompiledSpec): BoundTable<X> {
  const want = def.columns.map((c) => c.name).join(',');
  const got = fields.map((x) => x.column).join(',');
  if (want !== got) throw new Error(`mapping for raw.${def.name} does not match its columns:\n  table: ${want}\n  mapping: ${got}`);
  fields.forEach((fl, i) => {
    const col = def.columns[i]!;
    if (fl.loop === '-') return;
    const paths = fl.source.split(/[^A-Za-z0-9[\]-]+/).filter((t) => PATH.test(t));
    if (!fl.derived && paths.length !== 1) throw new Error(`mapping raw.${def.name}.${fl.column}: bad source ${fl.source}`);
    for (const path of paths) {
      const p = parsePath(path);
      const loops = fl.loop.split('|');
      const spec = loops.map((l) => findElement(cs, l, p.tag, p.elementId)).find(Boolean);
      if (!spec) throw new Error(`mapping raw.${def.name}.${fl.column}: ${path} is not an element of loop ${fl.loop} in the ${cs.spec.st01} spec`);
      const typed = TYPED[col.type];
      if (!fl.derived && typed && !typed.includes(spec.type)) {
        throw new Error(`mapping raw.${def.name}.${fl.column}: ${col.type} column fed by ${path} of type ${spec.type}`);
      }
    }
  });
  return { def, fields };
}

/** Build one row. */
export function buildRow<X extends MapCtx>(t: BoundTable<X>, S: Slots, x: X): Cell[] {
  const fl = t.fields;
  const row: Cell[] = new Array(fl.length);
  for (let i = 0; i < fl.length; i++) row[i] = fl[i]!.get(S, x);
  return row;
}

/** One line of the generated field-mapping document. */
export interface MappingDocRow {
  table: string;
  column: string;
  type: string;
  loop: string;
  segment: string;
  element: string;
  description: string;
}

export function docRows(t: BoundTable<MapCtx>, cs: CompiledSpec): MappingDocRow[] {
  return t.fields.map((fl, i) => {
    const col: ColumnDef = t.def.columns[i]!;
    const paths = fl.source.split(/[^A-Za-z0-9[\]-]+/).filter((x) => PATH.test(x));
    const first = paths[0] ? parsePath(paths[0]) : undefined;
    const names = paths
      .map((path) => {
        const p = parsePath(path);
        const spec = fl.loop.split('|').map((l) => findElement(cs, l, p.tag, p.elementId)).find(Boolean);
        return spec ? `${p.elementId} ${spec.name}` : '';
      })
      .filter(Boolean);
    const description = [fl.derived ? fl.doc : names.join('; '), col.doc].filter(Boolean).join(' — ');
    return {
      table: `raw.${t.def.name}`,
      column: col.name,
      type: col.type,
      loop: fl.loop === '-' ? '' : fl.loop,
      segment: fl.derived ? (first ? [...new Set(paths.map((x) => parsePath(x).slot))].join(', ') : '') : (first?.slot ?? ''),
      element: fl.derived ? (paths.length ? paths.join(' / ') : fl.source) : fl.source,
      description,
    };
  });
}
