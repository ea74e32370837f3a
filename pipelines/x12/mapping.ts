/**
 * Field mappings: each raw-table row is described, column by column, by where its value comes from — a loop and a
 * pyx12-style path such as `CLP04`, `NM1[IL]09`, `SVC01-2`, `DTM[472]02` — or a derived value with its sources
 * named. The same tables build the rows and generate `docs/x12-field-mapping.md`, and they are checked against the
 * raw schema (column order) and the spec (loop, segment and element exist; typed columns come from typed elements)
 * when the module loads, so code, spec, schema and docs cannot drift apart.
 */
import type { ColumnDef, RawTableDef } from '../../src/db/raw-schema.ts';
import type { Pseudonymizer } from '../../src/pseudonym.ts';
import type { Cell, TableSink } from '../load/sink.ts';
import { codeKey, Seg, trimLeft, trimRight } from './segment.ts';
import { findElement, type CompiledLoop, type CompiledSeg, type CompiledSpec } from './spec/compile.ts';

export interface MapCtx {
  /** Component separator (ISA16). */
  comp: string;
  setIndex: number;
  /** Segment ordinal (ST = 1) of the trigger of the current instance of each loop. */
  ord: Record<string, number>;
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

// ---- slots ------------------------------------------------------------------------------------------------------
//
// Mappers read the segments of the current instance of each loop by slot: a loop id and a key, the segment id
// (`CLP`, first of its kind in the loop instance) or the segment id with its qualifier (`NM1[IL]`, first with that
// qualifier). Slots are registered when the mapper modules load (field tables and `slot()` constants), so a set
// keeps only the segments something reads, in preallocated holders: storing one is a copy of its element positions.

const SLOT_IDS = new Map<string, number>();
const SLOT_LOOP: string[] = [];
const SLOT_KEY: string[] = [];

/** The slot of `key` (`CLP`, `NM1[IL]`) in loop `loop`, registered on first use. */
export function slot(loop: string, key: string): number {
  const k = `${loop}|${key}`;
  let id = SLOT_IDS.get(k);
  if (id === undefined) {
    id = SLOT_LOOP.length;
    SLOT_IDS.set(k, id);
    SLOT_LOOP.push(loop);
    SLOT_KEY.push(key);
  }
  return id;
}

/** One element (or component) of a slot. */
export interface ElementRef {
  readonly slot: number;
  readonly element: number;
  readonly component: number;
}

/** An element path read from the slots of `loop`, e.g. `ref('2100', 'NM1[IL]09')`. */
export function ref(loop: string, path: string | ParsedPath): ElementRef {
  const p = typeof path === 'string' ? parsePath(path) : path;
  return { slot: slot(loop, p.slot), element: p.element, component: p.component };
}

interface SlotPlan {
  version: number;
  /** Slot of the segment id, or -1. */
  plain: number;
  qualifierElement: number;
  /** Slots by qualifier: packed short qualifiers (`codeKey`) and their slots, then longer ones by string. */
  qKeys: Int32Array;
  qSlots: Int32Array;
  qLong: Map<string, number> | null;
}

function planFor(loop: CompiledLoop, seg: CompiledSeg): SlotPlan {
  const cached = seg.slotPlan as SlotPlan | undefined;
  if (cached && cached.version === SLOT_LOOP.length) return cached;
  const plain = SLOT_IDS.get(`${loop.id}|${seg.tag}`) ?? -1;
  const keys: number[] = [];
  const slots: number[] = [];
  let qLong: Map<string, number> | null = null;
  if (seg.qualifierElement) {
    const prefix = `${seg.tag}[`;
    for (let i = 0; i < SLOT_LOOP.length; i++) {
      if (SLOT_LOOP[i] !== loop.id || !SLOT_KEY[i]!.startsWith(prefix)) continue;
      const q = SLOT_KEY[i]!.slice(prefix.length, -1);
      const key = codeKey(q);
      if (key >= 0) {
        keys.push(key);
        slots.push(i);
      } else (qLong ??= new Map()).set(q, i);
    }
  }
  const plan: SlotPlan = {
    version: SLOT_LOOP.length,
    plain,
    qualifierElement: seg.qualifierElement,
    qKeys: Int32Array.from(keys),
    qSlots: Int32Array.from(slots),
    qLong,
  };
  seg.slotPlan = plan;
  return plan;
}

const BOUNDS = new Int32Array(2);
const slotLoops = new WeakMap<CompiledSpec, { version: number; loops: Int32Array }>();

/** Slot → index of its loop in `cs` (-1 for slots of loops the spec does not have). */
function slotLoopIndexes(cs: CompiledSpec): Int32Array {
  const c = slotLoops.get(cs);
  if (c && c.version === SLOT_LOOP.length) return c.loops;
  const loops = Int32Array.from(SLOT_LOOP, (id) => cs.loops.get(id)?.index ?? -1);
  slotLoops.set(cs, { version: SLOT_LOOP.length, loops });
  return loops;
}

const pools = new WeakMap<CompiledSpec, Slots[]>();

/** The slots of one transaction set. */
export class Slots {
  private readonly held: (Seg | undefined)[];
  /** Generation of the current instance of each loop (by loop index); -1 when the loop has no current instance. */
  private readonly gens: Int32Array;
  private gen = 1;
  private readonly slotLoop: Int32Array;
  /** Component separator byte. */
  compByte: number;

  private constructor(
    private readonly cs: CompiledSpec,
    comp: string,
  ) {
    this.slotLoop = slotLoopIndexes(cs);
    this.held = new Array(this.slotLoop.length).fill(undefined);
    this.gens = new Int32Array(cs.loops.size).fill(-1);
    this.gens[0] = this.gen;
    this.compByte = comp.charCodeAt(0);
  }

  /**
   * Empty slots for a new set: a released instance of the same spec when there is one (its holders are reused; a
   * fresh generation makes everything they hold invisible), else a new one.
   */
  static acquire(cs: CompiledSpec, comp: string): Slots {
    const pooled = pools.get(cs)?.pop();
    if (pooled === undefined || pooled.slotLoop !== slotLoopIndexes(cs)) return new Slots(cs, comp);
    pooled.compByte = comp.charCodeAt(0);
    pooled.gens.fill(-1);
    pooled.gens[0] = ++pooled.gen;
    return pooled;
  }

  /** The set is done: nothing may read these slots any more. */
  release(): void {
    let pool = pools.get(this.cs);
    if (!pool) pools.set(this.cs, (pool = []));
    if (pool.length < 4) pool.push(this);
  }

  /** A new instance of `loop`: its slots and those of the loops inside it are emptied. */
  loopStart(loop: CompiledLoop): void {
    const gens = this.gens;
    gens[loop.index] = ++this.gen;
    const d = loop.descendantIndexes;
    for (let i = 0; i < d.length; i++) gens[d[i]!] = -1;
  }

  /** Keep `seg` (of `loop`) in the slots that want it, unless the loop instance already has one there. */
  store(loop: CompiledLoop, cseg: CompiledSeg, seg: Seg): void {
    const plan = planFor(loop, cseg);
    const g = this.gens[loop.index]!;
    if (plan.plain >= 0) this.keep(plan.plain, g, seg);
    const keys = plan.qKeys;
    if (keys.length > 0) {
      const k = seg.key(plan.qualifierElement);
      if (k >= 0) {
        for (let i = 0; i < keys.length; i++) {
          if (keys[i] === k) {
            this.keep(plan.qSlots[i]!, g, seg);
            break;
          }
        }
        return;
      }
    }
    if (plan.qLong !== null) {
      const s = plan.qLong.get(seg.code(plan.qualifierElement));
      if (s !== undefined) this.keep(s, g, seg);
    }
  }

  private keep(s: number, g: number, seg: Seg): void {
    let h = this.held[s];
    if (h === undefined) this.held[s] = h = new Seg();
    if (h.gen !== g) {
      h.copyFrom(seg);
      h.gen = g;
    }
  }

  /** The segment in slot `s` for the current loop instance. */
  get(s: number): Seg | undefined {
    const h = this.held[s];
    if (h === undefined) return undefined;
    return h.gen === this.gens[this.slotLoop[s]!] ? h : undefined;
  }

  /** True when `read(r)` would give a value (no string is made). */
  has(r: ElementRef): boolean {
    const seg = this.get(r.slot);
    if (seg === undefined) return false;
    if (!r.component) return !seg.blank(r.element);
    if (!seg.component(r.element, r.component, this.compByte, BOUNDS)) return false;
    return trimLeft(seg.buf, BOUNDS[0]!, BOUNDS[1]!, seg.high) < BOUNDS[1]!;
  }

  /** Bounds of `read(r)` in `S.get(r.slot).buf`, trimmed, into `out`; false when `read(r)` would be null. */
  bounds(r: ElementRef, out: Int32Array): boolean {
    const seg = this.get(r.slot);
    if (seg === undefined) return false;
    let s: number;
    let e: number;
    if (r.component) {
      if (!seg.component(r.element, r.component, this.compByte, out)) return false;
      s = out[0]!;
      e = out[1]!;
    } else {
      if (r.element >= seg.n) return false;
      s = seg.pos[r.element]!;
      e = seg.pos[r.element + 1]! - 1;
    }
    s = trimLeft(seg.buf, s, e, seg.high);
    e = trimRight(seg.buf, s, e, seg.high);
    out[0] = s;
    out[1] = e;
    return s < e;
  }

  /** Read an element (trimmed; absent or blank → null). */
  read(r: ElementRef): string | null {
    const seg = this.get(r.slot);
    if (seg === undefined) return null;
    return r.component ? seg.compStr(r.element, r.component, this.compByte) : seg.str(r.element);
  }
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
  /** A value taken straight from an element: rows copy its bytes. */
  ref?: ElementRef;
  /** Writes the same value as `get` straight into a sink (hot derived fields). */
  put?: (S: Slots, x: X, sink: TableSink) => void;
}

const KEY_BOUNDS = new Int32Array(2);

/**
 * Write the member key of the first present element of `refs` (the value of `pz.memberKey(payer, S.read(ref))`)
 * straight into a row: the id's bytes are hashed where they lie.
 */
export function putMemberKey(S: Slots, sink: TableSink, pz: Pseudonymizer, payer: string, refs: readonly ElementRef[]): void {
  for (const r of refs) {
    if (!S.bounds(r, KEY_BOUNDS)) continue;
    const seg = S.get(r.slot)!;
    const out = sink.reserve(18);
    if (pz.memberKeyInto(payer, seg.buf, KEY_BOUNDS[0]!, KEY_BOUNDS[1]!, out, sink.at)) sink.advance(18);
    else sink.cell(pz.memberKey(payer, S.read(r)!));
    return;
  }
}

/** A value taken straight from an element. */
export function f<X extends MapCtx = MapCtx>(column: string, loop: string, source: string): Field<X> {
  const r = ref(loop, source);
  return { column, loop, source, derived: false, ref: r, get: (S) => S.read(r) };
}

/**
 * A derived value; `source` names the element paths it reads (checked against the spec). `put`, when given, writes
 * the value `get` returns straight into a row (it must write exactly that value).
 */
export function d<X extends MapCtx = MapCtx>(
  column: string,
  loop: string,
  source: string,
  doc: string,
  get: (S: Slots, x: X) => Cell,
  put?: (S: Slots, x: X, sink: TableSink) => void,
): Field<X> {
  return put ? { column, loop, source, doc, derived: true, get, put } : { column, loop, source, doc, derived: true, get };
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
  /** Small number identifying the table (for per-set sink arrays). */
  readonly id: number;
  /** Generated row writer (`rowWriter`), compiled on first use. */
  writer?: (S: Slots, x: X, sink: TableSink) => void;
}

let tableIds = 0;

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
  return { def, fields, id: tableIds++ };
}

/** Build one row as values. */
export function buildRow<X extends MapCtx>(t: BoundTable<X>, S: Slots, x: X): Cell[] {
  const fl = t.fields;
  const row: Cell[] = new Array(fl.length);
  for (let i = 0; i < fl.length; i++) row[i] = fl[i]!.get(S, x);
  return row;
}

type RowWriter<X extends MapCtx> = (S: Slots, x: X, sink: TableSink) => void;

/**
 * The row writer of a table, generated once: one statement per column (an element's bytes, a derived field's `put`,
 * or its value), so every call site stays monomorphic and no per-row loop or field dispatch remains.
 */
function rowWriter<X extends MapCtx>(t: BoundTable<X>): RowWriter<X> {
  let w = t.writer;
  if (w) return w;
  const lines: string[] = ['sink.beginRow();'];
  t.fields.forEach((fd, i) => {
    if (i) lines.push('sink.tab();');
    const r = fd.ref;
    if (r !== undefined) lines.push(`sink.element(S.get(${r.slot}), ${r.element}, ${r.component}, S.compByte);`);
    else if (fd.put !== undefined) lines.push(`F[${i}].put(S, x, sink);`);
    else lines.push(`sink.cell(F[${i}].get(S, x));`);
  });
  lines.push('sink.endRow();');
  w = new Function('F', `return function write_${t.def.name}(S, x, sink) {\n  ${lines.join('\n  ')}\n};`)(t.fields) as RowWriter<X>;
  t.writer = w;
  return w;
}

/** Write one row straight into a sink: element fields as bytes, derived fields as values. */
export function writeRow<X extends MapCtx>(t: BoundTable<X>, S: Slots, x: X, sink: TableSink): void {
  rowWriter(t)(S, x, sink);
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
