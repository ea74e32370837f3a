/**
 * The base of the per-transaction mappers: keeps the segments of the current instance of each loop in slots (so
 * field tables can address them by path), resets a loop's slots and its descendants' when a new instance starts,
 * and gives mappers a way to fail with a positioned, rule-named error.
 */
import type { QuarantineError } from '../../types.ts';
import { x12Error } from '../errors.ts';
import { Slots, type BoundTable, type MapCtx } from '../mapping.ts';
import { trimLeft, trimRight, type Seg } from '../segment.ts';
import type { TableSink } from '../../load/sink.ts';
import type { SetOutput } from '../set-output.ts';
import type { CompiledLoop, CompiledSeg, CompiledSpec } from '../spec/compile.ts';
import { bytesValidDate } from '../validate-element.ts';

export interface SegmentPosition {
  ord: number;
  offset: number;
}

export interface SetMapper {
  loopStart(loop: CompiledLoop, ord: number): void;
  /** `e` is the reader's view, valid during the call (keep a copy with `Seg#clone`). */
  segment(loop: CompiledLoop, e: Seg, ord: number, seg: CompiledSeg): void;
  loopEnd(loop: CompiledLoop, ord: number): void;
  end(ord: number): void;
  /** After `end`: nothing of the set is read any more. */
  release(): void;
}

export abstract class MapperBase<X extends MapCtx> implements SetMapper {
  readonly S: Slots;

  constructor(
    protected readonly out: SetOutput,
    protected readonly x: X,
    protected readonly pos: SegmentPosition,
    protected readonly kind: string,
    cs: CompiledSpec,
  ) {
    this.S = Slots.acquire(cs, x.comp);
  }

  /** Byte offset of the segment that started the current instance of each loop (for positioned errors). */
  protected readonly loopOffset: Record<string, number> = {};

  loopStart(loop: CompiledLoop, ord: number): void {
    this.S.loopStart(loop);
    this.x.ord[loop.id] = ord;
    this.loopOffset[loop.id] = this.pos.offset;
    this.onLoopStart(loop.id, ord);
  }

  segment(loop: CompiledLoop, e: Seg, ord: number, seg: CompiledSeg): void {
    this.S.store(loop, seg, e);
    const tag = e.tag;
    if (tag === 'DTP') this.checkDtp(e);
    this.onSegment(loop.id, tag, e, ord);
  }

  loopEnd(loop: CompiledLoop, ord: number): void {
    this.onLoopEnd(loop.id, ord);
  }

  abstract end(ord: number): void;

  /** After `end`: the slots go back to the pool for the next set. */
  release(): void {
    this.S.release();
  }
  protected onLoopStart(_loopId: string, _ord: number): void {}
  protected abstract onSegment(loopId: string, tag: string, e: Seg, ord: number): void;
  protected onLoopEnd(_loopId: string, _ord: number): void {}

  /** Write a row of `t` from the current slots. */
  protected emit<Y extends X>(t: BoundTable<Y>): void {
    this.out.write(t as unknown as BoundTable<X>, this.S, this.x);
  }

  /** A positioned error: at the current segment, or at segment `ord` starting at byte `offset`. */
  protected fail(code: string, message: string, ord = this.pos.ord, offset = this.pos.offset): QuarantineError {
    return x12Error(code, message, { segOrdinal: ord, byteOffset: offset, kind: this.kind });
  }

  /** DTP03 must match its DTP02 format: D8 = CCYYMMDD, RD8 = CCYYMMDD-CCYYMMDD (IK4-8). */
  private checkDtp(e: Seg): void {
    const fmt = e.code(2);
    if (fmt !== 'D8' && fmt !== 'RD8') return;
    let ok = false;
    if (e.n > 3) {
      const b = e.buf;
      const s = trimLeft(b, e.pos[3]!, e.pos[4]! - 1, e.high);
      const t = trimRight(b, s, e.pos[4]! - 1, e.high);
      ok = fmt === 'D8' ? bytesValidDate(b, s, t) : t - s === 17 && b[s + 8] === 45 && bytesValidDate(b, s, s + 8) && bytesValidDate(b, s + 9, t);
    }
    if (!ok) throw this.fail('IK4-8', `DTP03 (Date Time Period, element 3) is not a valid ${fmt} date${fmt === 'RD8' ? ' range' : ''}`);
  }
}

const DTP_BOUNDS = new Int32Array(2);

/** Write `dateRange(e)[which]` straight into a row (the bytes of DTP03, or of one half of an RD8 range). */
export function putDateRange(e: Seg | undefined, which: 0 | 1, sink: TableSink): void {
  if (!e || e.n <= 3) return; // no DTP03: null (D8) or '' (RD8), NULL either way
  const b = e.buf;
  const s = trimLeft(b, e.pos[3]!, e.pos[4]! - 1, e.high);
  const t = trimRight(b, s, e.pos[4]! - 1, e.high);
  if (e.high || e.code(2) !== 'RD8') {
    if (e.high) {
      sink.cell(dateRange(e)[which]);
      return;
    }
    DTP_BOUNDS[0] = s;
    DTP_BOUNDS[1] = t;
  } else if (which === 0) {
    DTP_BOUNDS[0] = s;
    DTP_BOUNDS[1] = Math.min(s + 8, t);
  } else {
    DTP_BOUNDS[0] = Math.min(s + 9, t);
    DTP_BOUNDS[1] = t;
  }
  sink.bytes(b, DTP_BOUNDS[0]!, DTP_BOUNDS[1]!);
}

/** DTP03 (D8 or RD8) → [from, to]. */
export function dateRange(e: Seg | undefined): [string | null, string | null] {
  if (!e) return [null, null];
  const v = e.code(3);
  if (e.code(2) === 'RD8') return [v.slice(0, 8), v.slice(9)];
  return v ? [v, v] : [null, null];
}
