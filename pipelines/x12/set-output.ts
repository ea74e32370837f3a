/**
 * Where a transaction set's rows go: the file's bulk loader, with the set's `raw.x12_sets` row pushed lazily just
 * before its first data row (a skipped re-sent 835 set leaves no row at all).
 */
import type { RawTableDef } from '../../src/db/raw-schema.ts';
import type { Cell, TableSink } from '../load/sink.ts';
import type { LoadContext } from '../types.ts';
import { writeRow, type BoundTable, type MapCtx, type Slots } from './mapping.ts';

export interface SetEnvelope {
  setIndex: number;
  isa: readonly string[];
  gs: readonly string[];
  st: readonly string[];
}

const trim = (v: string | undefined) => (v ?? '').trim();

export class SetOutput {
  /** When true (a re-sent 835), rows are validated but not loaded. */
  skip = false;
  private setsPushed = false;
  private readonly sinks = new Map<RawTableDef, TableSink>();
  /** The same sinks by table id (`BoundTable.id`), for rows written from field tables. */
  private readonly byTable: (TableSink | undefined)[] = [];

  constructor(
    readonly ctx: LoadContext,
    readonly env: SetEnvelope,
  ) {}

  /** A row built as values. */
  emit(def: RawTableDef, row: readonly Cell[]): void {
    if (this.skip) return;
    this.sink(def).push(row);
  }

  /** A row written straight from the slots (element fields as bytes). */
  write<X extends MapCtx>(t: BoundTable<X>, S: Slots, x: X): void {
    if (this.skip) return;
    let sink = this.byTable[t.id];
    if (sink === undefined) this.byTable[t.id] = sink = this.sink(t.def);
    else if (!this.setsPushed) this.pushSet();
    writeRow(t, S, x, sink);
  }

  private sink(def: RawTableDef): TableSink {
    if (!this.setsPushed) this.pushSet();
    let sink = this.sinks.get(def);
    if (!sink) {
      sink = this.ctx.loader.sink(def, { dateFormat: '%Y%m%d' });
      this.sinks.set(def, sink);
    }
    return sink;
  }

  private pushSet(): void {
    this.setsPushed = true;
    const { isa, gs, st, setIndex } = this.env;
    this.ctx.loader.x12Sets.push([
      this.ctx.fileSha256,
      setIndex,
      trim(isa[13]),
      trim(isa[6]),
      trim(isa[8]),
      trim(isa[15]),
      trim(gs[1]),
      trim(gs[2]),
      trim(gs[3]),
      trim(gs[4]),
      trim(gs[6]),
      trim(gs[8]),
      trim(st[1]),
      trim(st[2]),
      trim(st[3]),
    ]);
  }
}
