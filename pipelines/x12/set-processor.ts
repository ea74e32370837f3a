/**
 * One transaction set (ST … SE): places each segment in its loop (walker), validates its elements against the spec
 * and hands it to the transaction's mapper. Errors become positioned quarantine errors (segment ordinal from ST = 1,
 * byte offset of the segment).
 */
import { firstControl, lineWrapping, x12Error } from './errors.ts';
import type { SegmentPosition, SetMapper } from './mappers/base.ts';
import type { Seg } from './segment.ts';
import type { CompiledLoop, CompiledSpec } from './spec/compile.ts';
import { tooManyElements } from './spec/standard.ts';
import { segmentValidator } from './validate-element.ts';
import { LoopWalker, WalkFailure, type LoopListener } from './walker.ts';

export class SetProcessor implements LoopListener {
  private readonly walker: LoopWalker;
  mapper!: SetMapper;

  constructor(
    readonly cs: CompiledSpec,
    readonly pos: SegmentPosition,
    /** Component separator (ISA16) as a byte. */
    private readonly comp: number,
  ) {
    this.walker = new LoopWalker(cs, this, 1);
  }

  private at() {
    return { segOrdinal: this.pos.ord, byteOffset: this.pos.offset, kind: this.cs.spec.kind };
  }

  segment(e: Seg, controlChars: boolean): void {
    const tag = e.tag;
    if (controlChars) {
      const found = firstControl(e.strings());
      const i = found?.element ?? 0;
      const where = i <= 0 ? 'its segment id' : `${tag}${String(i).padStart(2, '0')} (element ${i})`;
      throw lineWrapping(where, this.at(), found?.char);
    }
    let seg;
    try {
      seg = this.walker.place(tag, e, this.pos.ord);
    } catch (err) {
      if (err instanceof WalkFailure) throw x12Error(err.code, err.message, this.at());
      throw err;
    }
    if (e.n - 1 > seg.maxElements) {
      const extra = tooManyElements(e, seg.maxElements);
      if (extra) throw x12Error('IK4-3', `${extra}, in ${tag} (loop ${this.walker.current.id})`, this.at());
    }
    const bad = segmentValidator(seg)(e.buf, e.pos, e.n, e.high, this.comp);
    if (bad) throw x12Error(bad.code, `${bad.message} in ${tag} (loop ${this.walker.current.id})`, this.at());
    this.mapper.segment(this.walker.current, e, this.pos.ord, seg);
  }

  loopStart(loop: CompiledLoop, ord: number): void {
    this.mapper.loopStart(loop, ord);
  }

  loopEnd(loop: CompiledLoop, ord: number): void {
    this.mapper.loopEnd(loop, ord);
  }

  /** At SE: close every loop (required segments / loops checked), then finish the mapper. */
  finish(): void {
    try {
      this.walker.finish(this.pos.ord);
    } catch (err) {
      if (err instanceof WalkFailure) throw x12Error(err.code, err.message, this.at());
      throw err;
    }
    this.mapper.end(this.pos.ord);
    this.mapper.release();
  }
}
