/**
 * How many data elements each segment has in the X12 005010 standard, "Not Used" ones included (REF has REF01–REF04
 * although the guides use only two). A segment with a non-empty element past this count is a syntax error, 999 IK4
 * code 3 "too many data elements", whatever the guide. Checked against the pyx12 005010 maps, which agree except
 * for DMG (they stop at DMG09; the 005010 standard adds DMG10–11) and MEA (MEA10 there; 12 kept here): where in
 * doubt the larger count, so that a good file is never refused. test/x12/standard-elements.test.ts checks that every
 * segment of every spec is here and that no spec element lies past its count.
 */
import type { Seg } from '../segment.ts';

export const STANDARD_ELEMENTS: Readonly<Record<string, number>> = {
  // envelopes
  ISA: 16, IEA: 2, GS: 8, GE: 2, ST: 3, SE: 2, TA1: 5,
  // 999
  AK1: 3, AK2: 3, AK9: 9, CTX: 6, IK3: 4, IK4: 4, IK5: 6,
  // shared by several transactions
  AMT: 3, BHT: 6, DTP: 3, DTM: 6, HL: 4, LX: 1, NM1: 12, N3: 2, N4: 7, PER: 9, QTY: 4, REF: 4, TRN: 4, CUR: 21,
  // 277CA
  STC: 12,
  // 835
  BPR: 21, CAS: 19, CLP: 14, LQ: 2, MIA: 24, MOA: 9, N1: 6, PLB: 14, RDM: 5, SVC: 7, TS2: 19, TS3: 24,
  // 837P
  CLM: 20, CN1: 6, CR1: 10, CR2: 12, CR3: 5, CRC: 7, CTP: 11, DMG: 11, FRM: 5, HCP: 15, HI: 12, K3: 3, LIN: 31,
  MEA: 12, NTE: 2, OI: 6, PAT: 9, PRV: 6, PS1: 3, PWK: 9, SBR: 9, SV1: 21, SV5: 7, SVD: 6,
};

/**
 * The rule behind IK4-3 for one segment: null, or the message naming the first element past the `max` the standard
 * gives its tag that has a value (empty trailing elements, a stray separator, are tolerated).
 */
export function tooManyElements(seg: Seg, max: number): string | null {
  if (max <= 0) return null;
  for (let i = max + 1; i < seg.n; i++) {
    if (!seg.empty(i)) {
      return `too many data elements: ${seg.tag}${String(i).padStart(2, '0')} (element ${i}) has a value but ${seg.tag} has ${max} data elements in the X12 standard`;
    }
  }
  return null;
}
