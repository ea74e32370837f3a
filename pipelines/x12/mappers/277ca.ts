/**
 * 277CA mapper: one row per STC at claim level (2200D, keyed by TRN02 = the claim's CLM01, with REF*1K) and at line
 * level (2220D, with REF*FJ), plus the billing provider (2100C) and information source (2100A) ids. STC segments are
 * held until the REF / DTP segments that follow them in their loop have been read.
 */
import { X12_277_STATUSES } from '../../../src/db/raw-schema.ts';
import { bind, d, f, parsePath, read, type BoundTable, type MapCtx } from '../mapping.ts';
import type { SetOutput } from '../set-output.ts';
import { COMPILED } from '../specs/index.ts';
import { dateRange, MapperBase, type SegmentPosition } from './base.ts';

const CS = COMPILED.get('277')!;

interface X277 extends MapCtx {
  stc: string[];
  stcOrd: number;
  level: 'claim' | 'line';
}

const stc = (k: number) => (_S: unknown, x: X277) => (x.stc[1] ?? '').split(x.comp)[k - 1]?.trim() || null;
const stcEl = (n: number) => (_S: unknown, x: X277) => x.stc[n]?.trim() || null;
const REF_FJ = parsePath('REF[FJ]02');

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
    d('service_date_from', '2200D|2220D', 'DTP[472]03', 'DTP*472 of the line (line level), else of the claim; first date of an RD8 range', (S, x) => dateRange((x.level === 'line' ? S['2220D']?.['DTP[472]'] : undefined) ?? S['2200D']?.['DTP[472]'])[0]),
    d('service_date_to', '2200D|2220D', 'DTP[472]03', 'DTP*472 of the line (line level), else of the claim; last date of an RD8 range', (S, x) => dateRange((x.level === 'line' ? S['2220D']?.['DTP[472]'] : undefined) ?? S['2200D']?.['DTP[472]'])[1]),
    d('line_control_number', '2220D', 'REF[FJ]02', '2220D REF*FJ line item control number (line level only)', (S, x) => (x.level === 'line' ? read(S, '2220D', REF_FJ, x.comp) : null)),
  ],
  CS,
);

export const TABLES_277CA = [STATUS] as unknown as BoundTable<MapCtx>[];
export const SPEC_277CA_COMPILED = CS;

export class Mapper277CA extends MapperBase<X277> {
  private claimStc: { e: string[]; ord: number }[] = [];
  private lineStc: { e: string[]; ord: number }[] = [];

  constructor(out: SetOutput, pos: SegmentPosition, setIndex: number, comp: string) {
    super(out, { comp, setIndex, ord: {}, stc: [], stcOrd: 0, level: 'claim' }, pos, 'x12_277ca');
  }

  protected override onLoopStart(loopId: string): void {
    // The claim's own segments are complete once its first service line starts.
    if (loopId === '2220D') this.flush(this.claimStc, 'claim');
  }

  protected onSegment(loopId: string, tag: string, e: string[], ord: number): void {
    if (tag !== 'STC') return;
    if (loopId === '2200D') this.claimStc.push({ e, ord });
    else if (loopId === '2220D') this.lineStc.push({ e, ord });
  }

  protected override onLoopEnd(loopId: string): void {
    if (loopId === '2220D') this.flush(this.lineStc, 'line');
    else if (loopId === '2200D') this.flush(this.claimStc, 'claim');
  }

  private flush(list: { e: string[]; ord: number }[], level: 'claim' | 'line'): void {
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

