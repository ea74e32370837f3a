/**
 * The base of the per-transaction mappers: keeps the segments of the current instance of each loop in slots (so
 * field tables can address them by path), resets a loop's slots and its descendants' when a new instance starts,
 * and gives mappers a way to fail with a positioned, rule-named error.
 */
import type { QuarantineError } from '../../types.ts';
import { x12Error } from '../errors.ts';
import { buildRow, type BoundTable, type MapCtx, type Slots } from '../mapping.ts';
import type { SetOutput } from '../set-output.ts';
import type { CompiledLoop, CompiledSeg } from '../spec/compile.ts';
import { isValidDate } from '../validate-element.ts';

export interface SegmentPosition {
  ord: number;
  offset: number;
}

export interface SetMapper {
  loopStart(loop: CompiledLoop, ord: number): void;
  segment(loopId: string, e: string[], ord: number, seg: CompiledSeg): void;
  loopEnd(loop: CompiledLoop, ord: number): void;
  end(ord: number): void;
}

export abstract class MapperBase<X extends MapCtx> implements SetMapper {
  readonly S: Slots = { ST: {} };
  private readonly keyCache = new Map<string, Map<string, string>>();

  constructor(
    protected readonly out: SetOutput,
    protected readonly x: X,
    protected readonly pos: SegmentPosition,
    protected readonly kind: string,
  ) {}

  loopStart(loop: CompiledLoop, ord: number): void {
    this.S[loop.id] = {};
    for (const id of loop.descendants) this.S[id] = undefined;
    this.x.ord[loop.id] = ord;
    this.onLoopStart(loop.id, ord);
  }

  segment(loopId: string, e: string[], ord: number, seg: CompiledSeg): void {
    const slots = this.S[loopId]!;
    const tag = seg.tag;
    if (slots[tag] === undefined) slots[tag] = e;
    if (seg.qualifierElement) {
      const q = (e[seg.qualifierElement] ?? '').trim();
      let byQ = this.keyCache.get(tag);
      if (!byQ) this.keyCache.set(tag, (byQ = new Map()));
      let key = byQ.get(q);
      if (key === undefined) byQ.set(q, (key = `${tag}[${q}]`));
      if (slots[key] === undefined) slots[key] = e;
    }
    if (tag === 'DTP') this.checkDtp(e, seg);
    this.onSegment(loopId, tag, e, ord);
  }

  loopEnd(loop: CompiledLoop, ord: number): void {
    this.onLoopEnd(loop.id, ord);
  }

  abstract end(ord: number): void;
  protected onLoopStart(_loopId: string, _ord: number): void {}
  protected abstract onSegment(loopId: string, tag: string, e: string[], ord: number): void;
  protected onLoopEnd(_loopId: string, _ord: number): void {}

  protected emit<Y extends X>(t: BoundTable<Y>): void {
    this.out.emit(t.def, buildRow(t as unknown as BoundTable<X>, this.S, this.x));
  }

  protected fail(code: string, message: string, ord = this.pos.ord): QuarantineError {
    return x12Error(code, message, { segOrdinal: ord, byteOffset: this.pos.offset, kind: this.kind });
  }

  /** DTP03 must match its DTP02 format: D8 = CCYYMMDD, RD8 = CCYYMMDD-CCYYMMDD (IK4-8). */
  private checkDtp(e: string[], _seg: CompiledSeg): void {
    const fmt = (e[2] ?? '').trim();
    const v = (e[3] ?? '').trim();
    const ok = fmt === 'D8' ? isValidDate(v) : fmt === 'RD8' ? v.length === 17 && v[8] === '-' && isValidDate(v.slice(0, 8)) && isValidDate(v.slice(9)) : true;
    if (!ok) throw this.fail('IK4-8', `DTP03 (Date Time Period, element 3) is not a valid ${fmt} date${fmt === 'RD8' ? ' range' : ''}`);
  }
}

/** DTP03 (D8 or RD8) → [from, to]. */
export function dateRange(e: string[] | undefined): [string | null, string | null] {
  if (!e) return [null, null];
  const v = (e[3] ?? '').trim();
  if ((e[2] ?? '').trim() === 'RD8') return [v.slice(0, 8), v.slice(9)];
  return v ? [v, v] : [null, null];
}
