/**
 * The generic loop walker: assigns each segment of a transaction set to its loop from the compiled spec, and detects
 * structural errors in the 999 IK3 vocabulary — 1 unrecognized segment id, 2 unexpected segment, 3 required segment
 * (or loop) missing, 4 loop over max repeat, 5 segment over max use, 7 segment out of sequence; HL hierarchy errors
 * are reported as 8 (segment has data element errors).
 *
 * A segment is tried against the current loop, then each enclosing loop: a non-trigger segment of that loop at or
 * after the last position used, or the trigger of one of its child loops (closing the loops above it). Loop starts
 * and ends are reported to a listener so mappers can build one row per loop instance.
 */
import type { Seg } from './segment.ts';
import type { CompiledLoop, CompiledSeg, CompiledSpec } from './spec/compile.ts';

export interface WalkError {
  code: string;
  message: string;
}

export interface LoopListener {
  loopStart(loop: CompiledLoop, ord: number): void;
  loopEnd(loop: CompiledLoop, ord: number): void;
}

interface Frame {
  loop: CompiledLoop;
  lastPos: number;
  counts: Int32Array;
  /** Repeats of each child loop (by body position) inside this instance. */
  ord: number;
  /** HL01 of an HL-triggered loop. */
  hl: string | null;
}

export class WalkFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class LoopWalker {
  private readonly stack: Frame[] = [];
  /** One frame per loop, reused: a loop is on the stack at most once at a time (loops never nest in themselves). */
  private readonly frames: (Frame | undefined)[] = [];
  private lastHl = 0;
  /** Loop of the segment last placed. */
  current: CompiledLoop;

  constructor(
    private readonly cs: CompiledSpec,
    private readonly listener: LoopListener,
    startOrd: number,
  ) {
    this.stack.push(this.frame(cs.root, startOrd, null));
    this.current = cs.root;
  }

  private frame(loop: CompiledLoop, ord: number, hl: string | null): Frame {
    let f = this.frames[loop.index];
    if (f === undefined) {
      f = { loop, lastPos: 0, counts: new Int32Array(loop.bodySize), ord, hl };
      this.frames[loop.index] = f;
      return f;
    }
    f.lastPos = 0;
    f.counts.fill(0);
    f.ord = ord;
    f.hl = hl;
    return f;
  }

  /** Place a segment; returns its compiled spec. Throws WalkFailure on a structural error. */
  place(tag: string, e: Seg, ord: number): CompiledSeg {
    const stack = this.stack;
    const top = stack.length - 1;
    let outOfOrder: CompiledSeg | null = null;
    // Qualifier of the segment as a `codeKey`, read once per element index the triggers look at.
    let keyEl = -1;
    let key = 0;
    for (let d = top; d >= 0; d--) {
      const f = stack[d]!;
      const L = f.loop;
      const s = L.segs.get(tag);
      if (s !== undefined) {
        if (s.pos >= f.lastPos) {
          this.closeAbove(d, ord);
          const n = ++f.counts[s.pos]!;
          if (n > s.maxUse) throw new WalkFailure('IK3-5', `segment ${tag} exceeds its maximum use (${s.maxUse}) in loop ${L.id} (${L.name})`);
          f.lastPos = s.pos;
          this.current = L;
          return s;
        }
        if (d === top) outOfOrder = s;
      }
      const trig = L.triggers.get(tag);
      if (trig !== undefined) {
        for (let ti = 0; ti < trig.length; ti++) {
          const t = trig[ti]!;
          if (t.codes !== null) {
            const keys = t.keys;
            if (keys !== null) {
              if (t.element !== keyEl) {
                keyEl = t.element;
                key = e.key(keyEl);
              }
              let hit = false;
              for (let i = 0; i < keys.length; i++) if (keys[i] === key) hit = true;
              if (!hit) continue;
            } else if (!t.codes.has(e.code(t.element))) continue;
          }
          if (t.pos < f.lastPos) {
            throw new WalkFailure('IK3-7', `segment ${tag} (start of loop ${t.loop.id}, ${t.loop.name}) is out of sequence in loop ${L.id}`);
          }
          this.closeAbove(d, ord);
          const n = ++f.counts[t.pos]!;
          if (n > t.loop.maxRepeat) {
            throw new WalkFailure('IK3-4', `loop ${t.loop.id} (${t.loop.name}) exceeds its maximum repeat (${t.loop.maxRepeat}) in loop ${L.id}`);
          }
          f.lastPos = t.pos;
          const hl = tag === 'HL' ? this.checkHl(e, f) : null;
          stack.push(this.frame(t.loop, ord, hl));
          this.listener.loopStart(t.loop, ord);
          this.current = t.loop;
          return t.loop.trigger!;
        }
      }
    }
    if (outOfOrder) throw new WalkFailure('IK3-7', `segment ${tag} is out of sequence in loop ${stack[top]!.loop.id} (${stack[top]!.loop.name})`);
    if (!this.cs.tags.has(tag)) {
      throw new WalkFailure('IK3-1', `unrecognized segment ID ${/^[A-Z0-9]{2,3}$/.test(tag) ? tag : '(malformed)'}: not a segment of ${this.cs.spec.name}`);
    }
    const found = this.findTriggerAnywhere(tag);
    const trig = found?.trigger;
    const parents = found?.parents.filter((l) => l.id !== 'ST') ?? [];
    const q = trig && trig.element > 0
      ? ` (qualifier ${tag}${String(trig.element).padStart(2, '0')} not expected here)`
      : trig && parents.length
        ? ` (${tag} starts loop ${trig.loop.id}, ${trig.loop.name}, which belongs inside loop ${parents.map((l) => `${l.id}, ${l.name}`).join(', or loop ')})`
        : '';
    throw new WalkFailure('IK3-2', `unexpected segment ${tag} in loop ${stack[top]!.loop.id} (${stack[top]!.loop.name})${q}`);
  }

  /** The first loop that `tag` starts anywhere in the spec, with every loop such a loop belongs inside. */
  private findTriggerAnywhere(tag: string) {
    let trigger;
    const parents = [];
    for (const l of this.cs.loops.values()) {
      const t = l.triggers.get(tag);
      if (!t?.length) continue;
      trigger ??= t[0]!;
      if (t[0]!.loop.id === trigger.loop.id) parents.push(l);
    }
    parents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return trigger ? { trigger, parents } : undefined;
  }

  private checkHl(e: Seg, parent: Frame): string {
    const id = e.code(1);
    const parentId = e.code(2);
    const n = Number(id);
    if (!/^\d+$/.test(id) || n !== this.lastHl + 1) {
      throw new WalkFailure('IK3-8', `HL01 hierarchical id number does not increment by 1 from the previous HL`);
    }
    this.lastHl = n;
    const expected = parent.hl ?? '';
    if (parentId !== expected) {
      throw new WalkFailure('IK3-8', `HL02 parent id does not name the enclosing HL loop ${parent.loop.id}`);
    }
    return id;
  }

  private closeAbove(d: number, ord: number): void {
    while (this.stack.length - 1 > d) this.close(this.stack.pop()!, ord);
  }

  private close(f: Frame, ord: number): void {
    const L = f.loop;
    for (const s of L.requiredSegs) {
      if (f.counts[s.pos] === 0) throw new WalkFailure('IK3-3', `required segment ${s.tag} (${s.name}) is missing in loop ${L.id} (${L.name}) that starts at segment ${f.ord}`);
    }
    for (const r of L.requiredLoops) {
      if (f.counts[r.pos] === 0) {
        const t = r.loop.trigger!;
        const codes = r.loop.triggerCodes.length ? `*${r.loop.triggerCodes.join('/')}` : '';
        throw new WalkFailure('IK3-3', `required loop ${r.loop.id} (${r.loop.name}, ${t.tag}${codes}) is missing in loop ${L.id}${L.id === 'ST' ? '' : ` that starts at segment ${f.ord}`}`);
      }
    }
    if (L !== this.cs.root) this.listener.loopEnd(L, ord);
  }

  /** At SE: close every loop, the root last (its required segments and loops checked). */
  finish(ord: number): void {
    this.closeAbove(0, ord);
    this.close(this.stack[0]!, ord);
  }
}
