/**
 * 837P mapper: one header row per set (BHT, submitter, receiver), one row per claim (2300 CLM with the billing
 * provider 2010AA, subscriber 2000B / 2010BA, payer 2010BB and claim-level providers 2310A/B) and one per service line
 * (2400 LX/SV1 with DTP*472, REF*6R/G1 and the 2420A rendering provider). Warnings: CLM02 ≠ Σ SV102, a service
 * line whose units are not greater than zero, a replacement (7) or void (8) without REF*F8, and a set without BHT04
 * (the submission date falls back to GS04).
 */
import { X12_837_CLAIMS, X12_837_HEADERS, X12_837_LINES } from '../../../src/db/raw-schema.ts';
import type { Pseudonymizer } from '../../../src/pseudonym.ts';
import type { LoadContext } from '../../types.ts';
import { bind, d, f, lineage, putMemberKey, ref, slot, type BoundTable, type MapCtx, type Slots } from '../mapping.ts';
import { centsAt, formatCents } from '../money.ts';
import type { Seg } from '../segment.ts';
import type { SetOutput } from '../set-output.ts';
import { COMPILED } from '../specs/index.ts';
import { dateRange, MapperBase, putDateRange, type SegmentPosition } from './base.ts';

const CS = COMPILED.get('837')!;

interface X837 extends MapCtx {
  pseudonymizer: Pseudonymizer;
  lineCount: number;
}

const HEADER = bind<X837>(
  X12_837_HEADERS,
  [
    ...lineage<X837>('ST', 'BHT', 'BHT'),
    f('bht02', 'ST', 'BHT02'),
    f('bht03', 'ST', 'BHT03'),
    f('bht04', 'ST', 'BHT04'),
    f('bht05', 'ST', 'BHT05'),
    f('bht06', 'ST', 'BHT06'),
    f('submitter_id', '1000A', 'NM1[41]09'),
    f('receiver_id', '1000B', 'NM1[40]09'),
  ],
  CS,
);

const PAYER_ID = ref('2010BB', 'NM1[PR]09');
const MEMBER_ID = ref('2010BA', 'NM1[IL]09');
const MEMBER_IDS = [MEMBER_ID];
// A dependent (2000C) shares the subscriber's member id: their name and birth date tell them apart in the key.
const PATIENT_LAST = ref('2010CA', 'NM1[QC]03');
const PATIENT_FIRST = ref('2010CA', 'NM1[QC]04');
const PATIENT_DOB = ref('2010CA', 'DMG02');

/** The id hashed into member_key: the subscriber's member id, with a dependent patient's name and birth date. */
function memberIdOf(S: Slots): string | null {
  const member = S.read(MEMBER_ID);
  if (!member) return null;
  const last = S.read(PATIENT_LAST);
  if (last === null || last === undefined) return member;
  return `${member}|${last.toUpperCase()}|${(S.read(PATIENT_FIRST) ?? '').toUpperCase()}|${S.read(PATIENT_DOB) ?? ''}`;
}
const REFERRING_DN = ref('2310A', 'NM1[DN]09');
const REFERRING_P3 = ref('2310A', 'NM1[P3]09');
const CLM = slot('2300', 'CLM');
const REF_F8 = slot('2300', 'REF[F8]');
const DTP_472 = slot('2400', 'DTP[472]');

const CLAIM = bind<X837>(
  X12_837_CLAIMS,
  [
    ...lineage<X837>('2300', 'CLM'),
    f('billing_npi', '2010AA', 'NM1[85]09'),
    f('billing_tin', '2010AA', 'REF[EI]02'),
    f('payer_responsibility', '2000B', 'SBR01'),
    f('claim_filing_indicator', '2000B', 'SBR09'),
    f('payer_x12_id', '2010BB', 'NM1[PR]09'),
    f('payer_name', '2010BB', 'NM1[PR]03'),
    d('member_key', '2010BA|2010BB|2010CA', 'NM1[IL]09, NM1[PR]09, NM1[QC]03, NM1[QC]04, DMG02', 'keyed hash of the payer id (2010BB NM109) + subscriber member id (2010BA NM109), and for a dependent patient (2010CA) their name and birth date; none of them is ever stored', (S, x) => {
      const member = memberIdOf(S);
      return member ? x.pseudonymizer.memberKey(S.read(PAYER_ID) ?? '', member) : null;
    }, (S, x, sink) => {
      if (!S.has(MEMBER_ID)) return;
      if (S.has(PATIENT_LAST)) sink.cell(x.pseudonymizer.memberKey(S.read(PAYER_ID) ?? '', memberIdOf(S)!));
      else putMemberKey(S, sink, x.pseudonymizer, S.read(PAYER_ID) ?? '', MEMBER_IDS);
    }),
    f('clm01', '2300', 'CLM01'),
    f('clm02', '2300', 'CLM02'),
    f('place_of_service', '2300', 'CLM05-1'),
    f('frequency_code', '2300', 'CLM05-3'),
    f('delay_reason_code', '2300', 'CLM20'),
    f('payer_claim_control_number', '2300', 'REF[F8]02'),
    f('prior_auth_number', '2300', 'REF[G1]02'),
    f('referral_number', '2300', 'REF[9F]02'),
    f('rendering_npi', '2310B', 'NM1[82]09'),
    d('referring_npi', '2310A', 'NM1[DN]09, else NM1[P3]09', 'referring (DN) or primary care (P3) provider NPI', (S) => S.read(REFERRING_DN) ?? S.read(REFERRING_P3)),
    d('line_count', '2400', 'LX', 'number of 2400 service lines', (_S, x) => x.lineCount),
  ],
  CS,
);

const LINE = bind<X837>(
  X12_837_LINES,
  [
    ...lineage<X837>('2400', 'SV1', 'SV1'),
    d('claim_seg_ordinal', '2300', 'CLM', 'segment ordinal of the claim\'s CLM', (_S, x) => x.ord['2300'] ?? null),
    f('line_number', '2400', 'LX01'),
    f('procedure_qualifier', '2400', 'SV101-1'),
    f('procedure_code', '2400', 'SV101-2'),
    f('modifier_1', '2400', 'SV101-3'),
    f('modifier_2', '2400', 'SV101-4'),
    f('modifier_3', '2400', 'SV101-5'),
    f('modifier_4', '2400', 'SV101-6'),
    f('charge', '2400', 'SV102'),
    f('unit_basis', '2400', 'SV103'),
    f('units', '2400', 'SV104'),
    f('place_of_service', '2400', 'SV105'),
    d('service_date_from', '2400', 'DTP[472]03', 'DTP*472 date (D8), or the first date of an RD8 range', (S) => dateRange(S.get(DTP_472))[0], (S, _x, sink) => putDateRange(S.get(DTP_472), 0, sink)),
    d('service_date_to', '2400', 'DTP[472]03', 'DTP*472 date (D8), or the last date of an RD8 range', (S) => dateRange(S.get(DTP_472))[1], (S, _x, sink) => putDateRange(S.get(DTP_472), 1, sink)),
    f('line_control_number', '2400', 'REF[6R]02'),
    f('prior_auth_number', '2400', 'REF[G1]02'),
    f('rendering_npi', '2420A', 'NM1[82]09'),
  ],
  CS,
);

export const TABLES_837P = [HEADER, CLAIM, LINE] as unknown as BoundTable<MapCtx>[];
export const SPEC_837P_COMPILED = CS;

export class Mapper837P extends MapperBase<X837> {
  private headerDone = false;
  private lineCharges = 0;

  constructor(
    out: SetOutput,
    pos: SegmentPosition,
    private readonly ctx: LoadContext,
    setIndex: number,
    comp: string,
  ) {
    super(out, { comp, setIndex, ord: {}, pseudonymizer: ctx.pseudonymizer, lineCount: 0 }, pos, 'x12_837p', CS);
  }

  protected override onLoopStart(loopId: string): void {
    if (loopId === '2000A' && !this.headerDone) {
      this.headerDone = true;
      this.emit(HEADER);
    } else if (loopId === '2300') {
      this.x.lineCount = 0;
      this.lineCharges = 0;
    } else if (loopId === '2400') {
      this.x.lineCount++;
    }
  }

  protected onSegment(_loopId: string, tag: string, e: Seg, ord: number): void {
    if (tag === 'BHT') {
      this.x.ord.BHT = ord;
      if (e.code(4) === '') this.warn('bht04_missing', `BHT#${ord}`, `BHT segment ${ord}: BHT04 (transaction set creation date) is missing; the claims' submission date falls back to GS04`, ord);
    } else if (tag === 'SV1') {
      this.x.ord.SV1 = ord;
      this.lineCharges += centsAt(e, 2);
      // Unit counts must be greater than zero (domain-reference §2): the line loads, with a warning.
      const units = e.code(4);
      if (units !== '' && !(Number(units) > 0)) {
        const clm01 = this.S.get(CLM)?.code(1) ?? '';
        this.warn('service_line_units', `${clm01}#${ord}`, `claim ${clm01}, service line ${this.x.lineCount} (SV1 segment ${ord}): SV104 units ${units}; unit counts must be greater than zero`, ord);
      }
    }
  }

  protected override onLoopEnd(loopId: string): void {
    if (loopId === '2400') {
      this.emit(LINE);
    } else if (loopId === '2300') {
      const clm = this.S.get(CLM)!;
      const clm01 = clm.code(1);
      const at = this.x.ord['2300']!;
      const charge = centsAt(clm, 2);
      if (charge !== this.lineCharges) {
        this.warn('claim_charge_total', clm01, `CLM02 = ${formatCents(charge)} but the service lines (SV102) sum to ${formatCents(this.lineCharges)}, diff ${formatCents(charge - this.lineCharges)} (claim ${clm01})`, at);
      }
      const freq = clm.compStr(5, 3, this.S.compByte);
      if ((freq === '7' || freq === '8') && !this.S.get(REF_F8)) {
        this.warn('replacement_without_f8', clm01, `claim ${clm01} has frequency ${freq} (${freq === '7' ? 'replacement' : 'void'}) but no REF*F8 payer claim control number of the claim it ${freq === '7' ? 'replaces' : 'voids'}`, at);
      }
      this.emit(CLAIM);
    }
  }

  end(): void {
    if (!this.headerDone) {
      this.headerDone = true;
      this.emit(HEADER);
    }
  }

  private warn(check: string, key: string, message: string, segOrdinal: number): void {
    this.ctx.finding({ check_name: check, severity: 'warn', entity: 'claim', key, message, set_index: this.x.setIndex, seg_ordinal: segOrdinal });
  }
}
