/**
 * 277CA mapper: one row per STC at claim level (2200D, keyed by TRN02 = the claim's CLM01, with REF*1K) and at line
 * level (2220D, with REF*FJ), plus the billing provider (2100C) and information source (2100A) ids. STC segments are
 * held until the REF / DTP segments that follow them in their loop have been read.
 */
import { X12_277_STATUSES } from '../../../src/db/raw-schema.ts';
import { bind, d, f, ref, slot, type BoundTable, type MapCtx, type Slots } from '../mapping.ts';
import type { Seg } from '../segment.ts';
import type { SetOutput } from '../set-output.ts';
import { COMPILED } from '../specs/index.ts';
import { dateRange, MapperBase, type SegmentPosition } from './base.ts';

const CS = COMPILED.get('277')!;

interface X277 extends MapCtx {
  stc: Seg;
  stcOrd: number;
  level: 'claim' | 'line';
}

const stc = (k: number) => (S: Slots, x: X277) => x.stc.compStr(1, k, S.compByte);
const stcEl = (n: number) => (_S: Slots, x: X277) => x.stc.str(n);
const REF_FJ = ref('2220D', 'REF[FJ]02');
const DTP_472_LINE = slot('2220D', 'DTP[472]');
const DTP_472_CLAIM = slot('2200D', 'DTP[472]');

const STATUS = bind<X277>(
  X12_277_STATUSES,
  [
    d('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d('seg_ordinal', '2200D|2220D', 'STC', 'segment ordinal of the STC segment', (_S, x) => x.stcOrd),
    d('level', '2200D|2220D', 'STC', "'claim' for a 2200D STC, 'line' for a 2220D STC", (_S, x) => x.level),
    f('clm01', '2200D', 'TRN02'),
    f('payer_claim_control_number', '2200D', 'REF[1K]02'),
    f('billing_npi', '2100C', 'NM1[85]09'),
    f('information_source_id', '2100A', 'NM109'),
    d('status_category', '2200D|2220D', 'STC01-1', 'STC01-1 Health Care Claim Status Category Code of this STC', stc(1)),
    d('status_code', '2200D|2220D', 'STC01-2', 'STC01-2 Health Care Claim Status Code of this STC', stc(2)),
    d('entity_code', '2200D|2220D', 'STC01-3', 'STC01-3 Entity Identifier Code of this STC', stc(3)),
    d('status_date', '2200D|2220D', 'STC02', 'STC02 Status Information Effective Date of this STC', stcEl(2)),
    d('action_code', '2200D|2220D', 'STC03', 'STC03 Action Code of this STC', stcEl(3)),
    d('total_charge', '2200D|2220D', 'STC04', 'STC04 Total Claim Charge Amount of this STC', stcEl(4)),
    d('service_date_from', '2200D|2220D', 'DTP[472]03', 'DTP*472 of the line (line level), else of the claim; first date of an RD8 range', (S, x) => dateRange((x.level === 'line' ? S.get(DTP_472_LINE) : undefined) ?? S.get(DTP_472_CLAIM))[0]),
    d('service_date_to', '2200D|2220D', 'DTP[472]03', 'DTP*472 of the line (line level), else of the claim; last date of an RD8 range', (S, x) => dateRange((x.level === 'line' ? S.get(DTP_472_LINE) : undefined) ?? S.get(DTP_472_CLAIM))[1]),
    d('line_control_number', '2220D', 'REF[FJ]02', '2220D REF*FJ line item control number (line level only)', (S, x) => (x.level === 'line' ? S.read(REF_FJ) : null)),
  ],
  CS,
);

export const TABLES_277CA = [STATUS] as unknown as BoundTable<MapCtx>[];
export const SPEC_277CA_COMPILED = CS;

export class Mapper277CA extends MapperBase<X277> {
  private claimStc: { e: Seg; ord: number }[] = [];
  private lineStc: { e: Seg; ord: number }[] = [];

  constructor(out: SetOutput, pos: SegmentPosition, setIndex: number, comp: string) {
    super(out, { comp, setIndex, ord: {}, stc: undefined as unknown as Seg, stcOrd: 0, level: 'claim' }, pos, 'x12_277ca', CS);
  }

  protected override onLoopStart(loopId: string): void {
    // The claim's own segments are complete once its first service line starts.
    if (loopId === '2220D') this.flush(this.claimStc, 'claim');
  }

  protected onSegment(loopId: string, tag: string, e: Seg, ord: number): void {
    if (tag !== 'STC') return;
    // Held until the loop's REF / DTP segments are read: keep a copy of the reader's view.
    if (loopId === '2200D') this.claimStc.push({ e: e.clone(), ord });
    else if (loopId === '2220D') this.lineStc.push({ e: e.clone(), ord });
  }

  protected override onLoopEnd(loopId: string): void {
    if (loopId === '2220D') this.flush(this.lineStc, 'line');
    else if (loopId === '2200D') this.flush(this.claimStc, 'claim');
  }

  private flush(list: { e: Seg; ord: number }[], level: 'claim' | 'line'): void {
    for (const s of list) {
      this.x.stc = s.e;
      this.x.stcOrd = s.ord;
      this.x.level = level;
      this.emit(STATUS);
    }
    list.length = 0;
  }

  end(): void {}
}

