/**
 * The X12 standard element counts (pipelines/x12/spec/standard.ts) behind "too many data elements" (IK4-3): every
 * segment of every supported transaction has a count, and no element of a spec lies past it (a count set too low
 * would quarantine good files).
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_ELEMENTS } from '../../pipelines/x12/spec/standard.ts';
import { COMPILED } from '../../pipelines/x12/specs/index.ts';

describe('X12 standard element counts', () => {
  for (const [st01, cs] of COMPILED) {
    it(`covers every segment of the ${st01} spec`, () => {
      const seen = new Map<string, number>();
      for (const loop of cs.loops.values())
        for (const seg of loop.segs.values()) {
          seen.set(seg.tag, Math.max(seen.get(seg.tag) ?? 0, ...seg.elements.map((e) => e.index)));
          expect(seg.maxElements, `${seg.tag} in ${st01} loop ${loop.id}`).toBe(STANDARD_ELEMENTS[seg.tag]);
        }
      expect([...cs.tags].filter((t) => !(t in STANDARD_ELEMENTS))).toEqual([]);
      for (const [tag, last] of seen) expect(last, `${tag}: an element of the ${st01} spec past the standard count`).toBeLessThanOrEqual(STANDARD_ELEMENTS[tag]!);
    });
  }
});
