/**
 * 999 mapper: one row per acknowledged set (AK2 … IK5, with the AK1 group and the AK9 group response), or one row for
 * the whole group when the 999 has no AK2 loop, and one row per IK3 segment error and IK4 element error. IK404 (a copy
 * of the bad value, possibly PHI) is never read.
 */
import { X12_999_ERRORS, X12_999_SET_RESPONSES } from '../../../src/db/raw-schema.ts';
import type { Cell } from '../../load/sink.ts';
import { bind, buildRow, d, f, lineage, ref, slot, type BoundTable, type MapCtx, type Slots } from '../mapping.ts';
import type { SetOutput } from '../set-output.ts';
import { COMPILED } from '../specs/index.ts';
import { MapperBase, type SegmentPosition } from './base.ts';

const CS = COMPILED.get('999')!;

interface X999 extends MapCtx {
  kind: 'segment' | 'element';
}

const IK5 = ['IK502', 'IK503', 'IK504', 'IK505', 'IK506'].map((p) => ref('2000', p));
const AK9 = slot('ST', 'AK9');

const SET_RESPONSE = bind<X999>(
  X12_999_SET_RESPONSES,
  [
    ...lineage<X999>('2000', 'AK2'),
    f('group_functional_id', 'ST', 'AK101'),
    f('group_control_number', 'ST', 'AK102'),
    f('group_version', 'ST', 'AK103'),
    f('set_id', '2000', 'AK201'),
    f('set_control_number', '2000', 'AK202'),
    f('set_guide', '2000', 'AK203'),
    f('status', '2000', 'IK501'),
    d('error_codes', '2000', 'IK502, IK503, IK504, IK505, IK506', 'IK502…IK506 comma-separated', (S) => IK5.map((p) => S.read(p)).filter(Boolean).join(',') || null),
    f('group_status', 'ST', 'AK901'),
  ],
  CS,
);

const IK401 = ref('2110', 'IK401');
const seg3 = (path: string) => {
  const p = ref('2100', path);
  return (S: Slots) => S.read(p);
};
const el4 = (path: string) => {
  const p = ref('2110', path);
  return (S: Slots, x: X999) => (x.kind === 'element' ? S.read(p) : null);
};

const ERROR = bind<X999>(
  X12_999_ERRORS,
  [
    d('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d('seg_ordinal', '2100|2110', 'IK3 / IK4', 'segment ordinal of the IK3 (segment error) or IK4 (element error)', (_S, x) => (x.kind === 'element' ? x.ord['2110'] : x.ord['2100']) ?? null),
    f('set_control_number', '2000', 'AK202'),
    d('kind', '2100|2110', 'IK3 / IK4', "'segment' for an IK3 row, 'element' for an IK4 row", (_S, x) => x.kind),
    d('segment_id', '2100', 'IK301', 'IK301 Segment ID Code (of the IK3 an IK4 belongs to)', seg3('IK301')),
    d('segment_position', '2100', 'IK302', 'IK302 Segment Position in Transaction Set', seg3('IK302')),
    d('loop_id', '2100', 'IK303', 'IK303 Loop Identifier Code', seg3('IK303')),
    d('segment_error_code', '2100', 'IK304', 'IK304 Implementation Segment Syntax Error Code', seg3('IK304')),
    d('element_position', '2110', 'IK401', 'IK401 position (element[:component[:repetition]]), element rows only', (S, x) => {
      const v = x.kind === 'element' ? S.read(IK401) : null;
      return v ? v.split(x.comp).filter(Boolean).join(':') : null;
    }),
    d('element_reference', '2110', 'IK402', 'IK402 Data Element Reference Number, element rows only', el4('IK402')),
    d('element_error_code', '2110', 'IK403', 'IK403 Implementation Data Element Syntax Error Code, element rows only', el4('IK403')),
  ],
  CS,
);

export const TABLES_999 = [SET_RESPONSE, ERROR] as unknown as BoundTable<MapCtx>[];
export const SPEC_999_COMPILED = CS;

const GROUP_STATUS = X12_999_SET_RESPONSES.columns.findIndex((c) => c.name === 'group_status');

export class Mapper999 extends MapperBase<X999> {
  /** Set responses wait for AK9 (the group status comes last). */
  private pending: Cell[][] = [];

  constructor(out: SetOutput, pos: SegmentPosition, setIndex: number, comp: string) {
    super(out, { comp, setIndex, ord: {}, kind: 'segment' }, pos, 'x12_999', CS);
  }

  protected onSegment(_loopId: string, tag: string): void {
    if (tag === 'IK3') {
      this.x.kind = 'segment';
      this.emit(ERROR);
    } else if (tag === 'IK4') {
      this.x.kind = 'element';
      this.emit(ERROR);
    }
  }

  protected override onLoopEnd(loopId: string): void {
    if (loopId === '2000') this.pending.push(buildRow(SET_RESPONSE, this.S, this.x));
  }

  end(): void {
    const ak901 = this.S.get(AK9)?.str(1) ?? null;
    // A group answered as a whole, with no AK2 loop (a group rejected at its envelope, AK901 R with AK905…): one row
    // for the group, its set columns empty, so the verdict reaches every set of the acknowledged group.
    if (this.pending.length === 0 && ak901 !== null) this.pending.push(buildRow(SET_RESPONSE, this.S, this.x));
    for (const row of this.pending) {
      row[GROUP_STATUS] = ak901;
      this.out.emit(SET_RESPONSE.def, row);
    }
    this.pending = [];
  }
}
