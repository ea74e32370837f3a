/**
 * The shape of a transaction spec (style-examples §7, §10): loops with a trigger segment (+ qualifier), usage and max
 * repeat; segments with usage and max use; the elements that are used, with type, length and the valid codes that
 * matter. Names follow the pyx12 maps (`azoner/pyx12 pyx12/map/*.xml`).
 */

/** R required, S situational. */
export type Usage = 'R' | 'S';

/** X12 data types: AN string, ID code, R decimal, N0 integer, DT date (CCYYMMDD), TM time. */
export type DataType = 'AN' | 'ID' | 'R' | 'N0' | 'DT' | 'TM';

export interface ElementSpec {
  /** e.g. "CLP04"; a component is "SVC01-2". */
  readonly id: string;
  readonly name: string;
  readonly type: DataType;
  readonly min: number;
  readonly max: number;
  readonly usage: Usage;
  /** Valid codes, listed only where they matter (validated: IK4-7). */
  readonly codes?: readonly string[];
  /** Components of a composite element (split on ISA16). */
  readonly components?: readonly ElementSpec[];
}

export interface SegmentSpec {
  readonly kind: 'segment';
  /** Segment id (tag), e.g. "CLP". */
  readonly id: string;
  readonly name: string;
  readonly usage: Usage;
  readonly maxUse: number;
  /** Element holding the qualifier that tells same-tag segments apart (NM101, REF01, HL03 …). */
  readonly qualifierElement?: number;
  /** Qualifier codes this entry stands for (a loop trigger is recognised by them). */
  readonly qualifiers?: readonly string[];
  readonly elements: readonly ElementSpec[];
}

export interface LoopSpec {
  readonly kind: 'loop';
  /** pyx12 loop id, e.g. "2100"; the transaction set itself is "ST". */
  readonly id: string;
  readonly name: string;
  readonly usage: Usage;
  readonly maxRepeat: number;
  /** The first entry is the trigger segment (absent for the ST root). */
  readonly body: readonly (SegmentSpec | LoopSpec)[];
}

export interface TransactionSpec {
  /** ST01 */
  readonly st01: string;
  /** GS01 functional identifier. */
  readonly gs01: string;
  /** GS08 / ST03 labels accepted, the first being the guide the spec follows. */
  readonly guides: readonly string[];
  /** Ledger kind. */
  readonly kind: 'x12_835' | 'x12_837p' | 'x12_277ca' | 'x12_999';
  readonly name: string;
  /** Everything between ST and SE. */
  readonly root: LoopSpec;
}
