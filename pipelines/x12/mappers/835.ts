/**
 * 835 mapper: remittance header (BPR/TRN/DTM*405, payer 1000A, payee 1000B), claim payments (2100 CLP), service
 * payments (2110 SVC), every CAS triplet with its quantity at claim and line level, and every PLB pair; 835 balancing
 * on load (domain-reference §2) in integer cents. Before anything of a set is emitted, `ctx.remittance()` decides
 * whether it is a re-sent payment ('skip': validate, emit nothing).
 */
import {
  X12_835_ADJUSTMENTS,
  X12_835_CLAIMS,
  X12_835_LINES,
  X12_835_PROVIDER_ADJUSTMENTS,
  X12_835_REMITTANCES,
} from '../../../src/db/raw-schema.ts';
import type { Pseudonymizer } from '../../../src/pseudonym.ts';
import type { LoadContext, Severity } from '../../types.ts';
import type { TableSink } from '../../load/sink.ts';
import { bind, d, f, lineage, putMemberKey, ref, slot, type ElementRef, type Field, type MapCtx, type Slots } from '../mapping.ts';
import { centsAt, formatCents } from '../money.ts';
import type { Seg } from '../segment.ts';
import type { SetOutput } from '../set-output.ts';
import type { CompiledSpec } from '../spec/compile.ts';
import { COMPILED } from '../specs/index.ts';
import { MapperBase, type SegmentPosition } from './base.ts';

const CS: CompiledSpec = COMPILED.get('835')!;

interface X835 extends MapCtx {
  payerKey: string;
  claimCount: number;
  pseudonymizer: Pseudonymizer;
  /** The CAS segment and triplet being expanded, or the PLB pair (the reader's view, during the emit only). */
  cas: Seg;
  triplet: number;
  level: 'claim' | 'line';
  remarks: string[];
}

/** CAS triplets from the spec: element numbers of reason / amount / quantity, triplet 1..6. */
export const CAS_TRIPLETS = (() => {
  const seg = CS.loops.get('2110')!.segs.get('CAS')!;
  const els = seg.elements.filter((e) => e.index > 1);
  const out: { reason: number; amount: number; quantity: number; ids: string }[] = [];
  for (let i = 0; i < els.length; i += 3) {
    const [r, a, q] = [els[i]!, els[i + 1]!, els[i + 2]!];
    if (r.spec.name !== 'Adjustment Reason Code' || a.spec.name !== 'Adjustment Amount' || q.spec.name !== 'Adjustment Quantity') {
      throw new Error('835 spec: CAS elements are not reason/amount/quantity triplets');
    }
    out.push({ reason: r.index, amount: a.index, quantity: q.index, ids: `${r.spec.id}/${a.spec.id}/${q.spec.id}` });
  }
  return out;
})();

/** PLB pairs from the spec: composite adjustment identifier (reason:reference) and amount, pair 1..6. */
export const PLB_PAIRS = (() => {
  const seg = CS.root.segs.get('PLB')!;
  const out: { id: number; amount: number }[] = [];
  for (const e of seg.elements) if (e.components) out.push({ id: e.index, amount: e.index + 1 });
  return out;
})();

const N1_PR_04 = ref('1000A', 'N104');
const REF_2U = ref('1000A', 'REF[2U]02');
const TRN03 = ref('ST', 'TRN03');
const NM1_IL = ref('2100', 'NM1[IL]09');
const NM1_QC = ref('2100', 'NM1[QC]09');
const MEMBER_IDS = [NM1_IL, NM1_QC];
const BPR = slot('ST', 'BPR');
const TRN = slot('ST', 'TRN');
const CLP = slot('2100', 'CLP');
const SVC = slot('2110', 'SVC');

const PAYEE_ID = ref('1000B', 'N104');

function payerKey(S: Slots): string {
  return S.read(REF_2U) ?? S.read(N1_PR_04) ?? S.read(TRN03) ?? '';
}

const payeeId = (qualifier: string, path: string) => {
  const N103 = ref('1000B', 'N103');
  const N104 = ref('1000B', 'N104');
  const R = ref('1000B', path);
  return (S: Slots) => (S.read(N103) === qualifier ? S.read(N104) : null) ?? S.read(R);
};

const REMIT = bind<X835>(
  X12_835_REMITTANCES,
  [
    ...lineage<X835>('ST', 'BPR', 'BPR'),
    f('handling_code', 'ST', 'BPR01'),
    f('payment_amount', 'ST', 'BPR02'),
    f('credit_debit', 'ST', 'BPR03'),
    f('payment_method', 'ST', 'BPR04'),
    f('payment_date', 'ST', 'BPR16'),
    f('trace_type', 'ST', 'TRN01'),
    f('trace_number', 'ST', 'TRN02'),
    f('originator_id', 'ST', 'TRN03'),
    f('production_date', 'ST', 'DTM[405]02'),
    f('payer_name', '1000A', 'N102'),
    f('payer_id_qualifier', '1000A', 'N103'),
    f('payer_id', '1000A', 'N104'),
    f('payer_ref_2u', '1000A', 'REF[2U]02'),
    d('payer_key', '1000A|ST', 'REF[2U]02, else N104, else TRN03', 'REF*2U, else N1*PR N104, else TRN03', (_S, x) => x.payerKey),
    f('payee_name', '1000B', 'N102'),
    f('payee_id_qualifier', '1000B', 'N103'),
    f('payee_id', '1000B', 'N104'),
    d('payee_npi', '1000B', 'N104 when N103 = XX, else REF[HPI]02', 'payee NPI', payeeId('XX', 'REF[HPI]02')),
    d('payee_tin', '1000B', 'N104 when N103 = FI, else REF[TJ]02', 'payee TIN', payeeId('FI', 'REF[TJ]02')),
    d('claim_count', '2100', 'CLP', 'number of CLP loops in the set', (_S, x) => x.claimCount),
  ],
  CS,
);

const CLAIM = bind<X835>(
  X12_835_CLAIMS,
  [
    ...lineage<X835>('2100', 'CLP'),
    f('clp01', '2100', 'CLP01'),
    f('clp02', '2100', 'CLP02'),
    f('clp03', '2100', 'CLP03'),
    f('clp04', '2100', 'CLP04'),
    f('clp05', '2100', 'CLP05'),
    f('clp06', '2100', 'CLP06'),
    f('clp07', '2100', 'CLP07'),
    f('clp08', '2100', 'CLP08'),
    f('clp09', '2100', 'CLP09'),
    d('member_key', '2100', 'NM1[IL]09, else NM1[QC]09', 'keyed hash of payer_key + member id (insured, else patient); the id itself is never stored', (S, x) => {
      const id = S.read(NM1_IL) ?? S.read(NM1_QC);
      return id ? x.pseudonymizer.memberKey(x.payerKey, id) : null;
    }, (S, x, sink) => putMemberKey(S, sink, x.pseudonymizer, x.payerKey, MEMBER_IDS)),
    f('rendering_npi', '2100', 'NM1[82]09'),
    f('statement_from', '2100', 'DTM[232]02'),
    f('statement_to', '2100', 'DTM[233]02'),
    f('payer_received_on', '2100', 'DTM[050]02'),
    f('interest_amount', '2100', 'AMT[I]02'),
    f('coverage_amount', '2100', 'AMT[AU]02'),
  ],
  CS,
);

const SVC06 = ref('2110', 'SVC06');
const DTM472 = ref('2110', 'DTM[472]02');
const DTM150 = ref('2110', 'DTM[150]02');
const DTM151 = ref('2110', 'DTM[151]02');

/** Write the first of two element refs that is present (the value `S.read(a) ?? S.read(b)`). */
const putEither = (a: ElementRef, b: ElementRef) => (S: Slots, _x: unknown, sink: TableSink) => {
  const r = S.has(a) ? a : b;
  sink.element(S.get(r.slot), r.element, r.component, S.compByte);
};

const LINE = bind<X835>(
  X12_835_LINES,
  [
    ...lineage<X835>('2110', 'SVC'),
    d('claim_seg_ordinal', '2100', 'CLP', 'segment ordinal of the claim\'s CLP', (_S, x) => x.ord['2100'] ?? null),
    f('procedure_qualifier', '2110', 'SVC01-1'),
    f('procedure_code', '2110', 'SVC01-2'),
    f('modifier_1', '2110', 'SVC01-3'),
    f('modifier_2', '2110', 'SVC01-4'),
    f('modifier_3', '2110', 'SVC01-5'),
    f('modifier_4', '2110', 'SVC01-6'),
    f('charge', '2110', 'SVC02'),
    f('paid', '2110', 'SVC03'),
    f('revenue_code', '2110', 'SVC04'),
    f('units_paid', '2110', 'SVC05'),
    d('original_procedure', '2110', 'SVC06', 'submitted procedure, components joined by ":"', (S, x) => {
      const v = S.read(SVC06);
      return v ? v.split(x.comp).join(':') : null;
    }),
    f('original_units', '2110', 'SVC07'),
    d('service_date_from', '2110', 'DTM[472]02, else DTM[150]02', 'service date, or service period start', (S) => S.read(DTM472) ?? S.read(DTM150), putEither(DTM472, DTM150)),
    d('service_date_to', '2110', 'DTM[472]02, else DTM[151]02', 'service date, or service period end', (S) => S.read(DTM472) ?? S.read(DTM151), putEither(DTM472, DTM151)),
    f('line_control_number', '2110', 'REF[6R]02'),
    f('allowed_amount', '2110', 'AMT[B6]02'),
    d('remark_codes', '2110', 'LQ[HE]02', 'every LQ*HE remark code of the line, comma-separated', (_S, x) => (x.remarks.length ? x.remarks.join(',') : null)),
  ],
  CS,
);

const tripletIds = CAS_TRIPLETS.map((t) => t.ids);
/** Write element `el(triplet)` of the CAS (or PLB) segment being expanded, trimmed (blank → NULL). */
const casEl = (el: (triplet: number) => number) => (S: Slots, x: X835, sink: TableSink) =>
  sink.element(x.cas, el(x.triplet), 0, S.compByte);
const ADJ = bind<X835>(
  X12_835_ADJUSTMENTS,
  [
    d('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d('seg_ordinal', '2100|2110', 'CAS', 'segment ordinal of the CAS segment', (_S, x) => x.ord.CAS ?? null),
    d('triplet', '2100|2110', 'CAS', 'triplet position 1..6', (_S, x) => x.triplet + 1),
    d('level', '2100|2110', 'CAS', "'claim' for a 2100 CAS, 'line' for a 2110 CAS", (_S, x) => x.level),
    d('claim_seg_ordinal', '2100', 'CLP', 'segment ordinal of the CLP', (_S, x) => x.ord['2100'] ?? null),
    d('line_seg_ordinal', '2110', 'SVC', 'segment ordinal of the SVC (line level only)', (_S, x) => (x.level === 'line' ? (x.ord['2110'] ?? null) : null)),
    d('group_code', '2100|2110', 'CAS01', 'CAS01 Claim Adjustment Group Code', (_S, x) => x.cas.code(1), casEl(() => 1)),
    d('reason_code', '2100|2110', tripletIds.map((t) => t.split('/')[0]).join(' / '), 'Adjustment Reason Code of the triplet', (_S, x) => x.cas.code(CAS_TRIPLETS[x.triplet]!.reason), casEl((t) => CAS_TRIPLETS[t]!.reason)),
    d('amount', '2100|2110', tripletIds.map((t) => t.split('/')[1]).join(' / '), 'Adjustment Amount of the triplet', (_S, x) => x.cas.code(CAS_TRIPLETS[x.triplet]!.amount), casEl((t) => CAS_TRIPLETS[t]!.amount)),
    d('quantity', '2100|2110', tripletIds.map((t) => t.split('/')[2]).join(' / '), 'Adjustment Quantity of the triplet', (_S, x) => x.cas.str(CAS_TRIPLETS[x.triplet]!.quantity), casEl((t) => CAS_TRIPLETS[t]!.quantity)),
  ],
  CS,
);

const plbId = (S: Slots, x: X835, k: number) => x.cas.compStr(PLB_PAIRS[x.triplet]!.id, k + 1, S.compByte);
const PLB = bind<X835>(
  X12_835_PROVIDER_ADJUSTMENTS,
  [
    d('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d('seg_ordinal', 'ST', 'PLB', 'segment ordinal of the PLB segment', (_S, x) => x.ord.PLB ?? null),
    d('pair', 'ST', 'PLB', 'pair position 1..6', (_S, x) => x.triplet + 1),
    d('provider_id', 'ST', 'PLB01', 'PLB01 Provider Identifier', (_S, x) => x.cas.code(1)),
    d('fiscal_period_date', 'ST', 'PLB02', 'PLB02 Fiscal Period Date', (_S, x) => x.cas.code(2)),
    d('reason_code', 'ST', 'PLB03-1 / PLB05-1 / PLB07-1 / PLB09-1 / PLB11-1 / PLB13-1', 'Adjustment Reason Code of the pair', (S, x) => plbId(S, x, 0)),
    d('reference_id', 'ST', 'PLB03-2 / PLB05-2 / PLB07-2 / PLB09-2 / PLB11-2 / PLB13-2', 'Provider Adjustment Identifier (reference) of the pair', (S, x) => plbId(S, x, 1)),
    d('amount', 'ST', 'PLB04 / PLB06 / PLB08 / PLB10 / PLB12 / PLB14', 'Provider Adjustment Amount of the pair', (_S, x) => x.cas.code(PLB_PAIRS[x.triplet]!.amount)),
  ],
  CS,
);

export const TABLES_835 = [REMIT, CLAIM, LINE, ADJ, PLB] as unknown as import('../mapping.ts').BoundTable<MapCtx>[];
export const SPEC_835_COMPILED = CS;

export class Mapper835 extends MapperBase<X835> {
  private decided = false;
  private trn02 = '';
  // balancing state, integer cents
  private sumClp04 = 0;
  private bprOffset = 0;
  private sumPlb = 0;
  private sawPlb = false;
  private sumL6 = 0;
  private sumInterest = 0;
  private claimCas = 0;
  private claimLineCas = 0;
  private claimPr = 0;
  private lineCas = 0;

  constructor(
    out: SetOutput,
    pos: SegmentPosition,
    private readonly ctx: LoadContext,
    setIndex: number,
    comp: string,
    private readonly onKey: (key: string) => void,
  ) {
    super(out, { comp, setIndex, ord: {}, payerKey: '', claimCount: 0, pseudonymizer: ctx.pseudonymizer, cas: undefined as unknown as Seg, triplet: 0, level: 'claim', remarks: [] }, pos, 'x12_835', CS);
  }

  protected override onLoopStart(loopId: string): void {
    if (loopId === '2100') {
      this.x.claimCount++;
      this.claimCas = 0;
      this.claimLineCas = 0;
      this.claimPr = 0;
    } else if (loopId === '2110') {
      this.lineCas = 0;
      this.x.remarks.length = 0;
    }
  }

  protected onSegment(loopId: string, tag: string, e: Seg, ord: number): void {
    switch (tag) {
      case 'BPR':
        this.x.ord.BPR = ord;
        this.bprOffset = this.pos.offset;
        return;
      case 'CAS':
        this.cas(loopId, e, ord);
        return;
      case 'LQ':
        if (e.code(1) === 'HE' && !e.empty(2)) this.x.remarks.push(e.code(2));
        return;
      case 'AMT':
        if (loopId === '2100' && e.code(1) === 'I') this.sumInterest += centsAt(e, 2);
        return;
      case 'PLB':
        this.decide();
        this.plb(e, ord);
        return;
    }
  }

  private cas(loopId: string, e: Seg, ord: number): void {
    const x = this.x;
    x.ord.CAS = ord;
    x.cas = e;
    x.level = loopId === '2110' ? 'line' : 'claim';
    const pr = e.code(1) === 'PR';
    for (let t = 0; t < CAS_TRIPLETS.length; t++) {
      const spec = CAS_TRIPLETS[t]!;
      if (e.blank(spec.reason)) {
        if (!e.blank(spec.amount)) throw this.fail('IK4-2', `CAS triplet ${t + 1} has an amount but no reason code (${spec.ids})`);
        continue;
      }
      if (e.blank(spec.amount)) throw this.fail('IK4-2', `CAS triplet ${t + 1} has a reason code but no amount (${spec.ids})`);
      const c = centsAt(e, spec.amount);
      if (x.level === 'line') this.lineCas += c;
      else this.claimCas += c;
      if (pr) this.claimPr += c;
      x.triplet = t;
      this.emit(ADJ);
    }
  }

  private plb(e: Seg, ord: number): void {
    const x = this.x;
    x.ord.PLB = ord;
    x.cas = e;
    this.sawPlb = true;
    for (let k = 0; k < PLB_PAIRS.length; k++) {
      const p = PLB_PAIRS[k]!;
      if (e.blank(p.id)) continue;
      if (e.blank(p.amount)) throw this.fail('IK4-2', `PLB pair ${k + 1} has an adjustment identifier but no amount`);
      const c = centsAt(e, p.amount);
      this.sumPlb += c;
      if (e.compStr(p.id, 1, this.S.compByte) === 'L6') this.sumL6 += c;
      x.triplet = k;
      this.emit(PLB);
    }
  }

  /** Header complete: is this a re-sent payment? (Called before anything of the set is emitted.) */
  private decide(): void {
    if (this.decided) return;
    this.decided = true;
    const S = this.S;
    this.x.payerKey = payerKey(S);
    this.trn02 = S.get(TRN)?.code(2) ?? '';
    const amount = S.get(BPR)?.code(2) ?? '';
    this.onKey(`${this.x.payerKey}|${this.trn02}`);
    const verdict = this.ctx.remittance({
      payerKey: this.x.payerKey,
      originator: S.read(TRN03) ?? '',
      payerId: S.read(N1_PR_04) ?? '',
      payee: S.read(PAYEE_ID) ?? '',
      traceNumber: this.trn02,
      paymentAmount: amount,
      setIndex: this.x.setIndex,
      segOrdinal: this.x.ord.BPR ?? 0,
      byteOffset: this.bprOffset,
    });
    if (verdict === 'skip') this.out.skip = true;
  }

  protected override onLoopEnd(loopId: string, ord: number): void {
    const S = this.S;
    if (loopId === '1000B') {
      this.decide();
    } else if (loopId === '2110') {
      const svc = S.get(SVC)!;
      const charge = centsAt(svc, 2);
      const paid = centsAt(svc, 3);
      this.claimLineCas += this.lineCas;
      if (charge - this.lineCas !== paid) {
        const clp01 = S.get(CLP)!.code(1);
        this.balance('balance_service_line', 'error', 'line', `${clp01}#${this.x.ord['2110']}`, `B-S failed: SVC02 − CAS = ${formatCents(charge - this.lineCas)} but SVC03 = ${formatCents(paid)}, diff ${formatCents(charge - this.lineCas - paid)} (claim ${clp01}, SVC at segment ${this.x.ord['2110']})`, 'BALANCE-B-S', this.x.ord['2110']!, this.loopOffset['2110']!);
      }
      this.emit(LINE);
    } else if (loopId === '2100') {
      const clp = S.get(CLP)!;
      const clp01 = clp.code(1);
      const charge = centsAt(clp, 3);
      const paid = centsAt(clp, 4);
      this.sumClp04 += paid;
      const net = charge - this.claimCas - this.claimLineCas;
      const at = this.x.ord['2100']!;
      if (net !== paid) {
        this.balance('balance_claim', 'error', 'claim', clp01, `B-C failed: CLP03 − CAS = ${formatCents(net)} but CLP04 = ${formatCents(paid)}, diff ${formatCents(net - paid)} (claim ${clp01})`, 'BALANCE-B-C', at, this.loopOffset['2100']!);
      }
      if (clp.code(2) !== '22') {
        const pr = centsAt(clp, 5);
        if (pr !== this.claimPr) {
          this.balance('patient_responsibility', 'warn', 'claim', clp01, `B-P: CLP05 = ${formatCents(pr)} but the PR adjustments sum to ${formatCents(this.claimPr)} (claim ${clp01})`, 'BALANCE-B-P', at, this.loopOffset['2100']!);
        }
      }
      this.emit(CLAIM);
    }
    void ord;
  }

  end(ord: number): void {
    this.decide();
    const bpr = this.S.get(BPR)!;
    // BPR03 D: the total is a debit to the payee (a net takeback), so the claims net to −BPR02.
    const amount = bpr.code(3) === 'D' ? -centsAt(bpr, 2) : centsAt(bpr, 2);
    const key = this.trn02;
    const at = this.x.ord.BPR ?? 1;
    // B-T′: BPR02 is never negative (a net takeback is paid as 0 and carried forward with PLB FB, or sent as a debit, BPR03 D).
    if (centsAt(bpr, 2) < 0) {
      this.balance('bpr_negative', 'error', 'remittance', key, `B-T′ failed: BPR02 = ${formatCents(centsAt(bpr, 2))} is negative; a negative net is carried forward with PLB FB`, 'BALANCE-B-T', at, this.bprOffset);
    }
    if (bpr.code(1) === 'H' && amount !== 0) {
      this.balance('bpr_notification_amount', 'error', 'remittance', key, `B-T′ failed: BPR01 = H (notification only) but BPR02 = ${formatCents(amount)}, not 0`, 'BALANCE-B-T', at, this.bprOffset);
    }
    // BPR01 D (payment only): the remittance detail may be absent (X12 RFI #1870), so a set with no CLP and no PLB has
    // nothing to balance; when the payer does send the detail, it balances like any other.
    const paymentOnly = bpr.code(1) === 'D' && this.x.claimCount === 0 && !this.sawPlb;
    if (!paymentOnly && this.sumClp04 - this.sumPlb !== amount) {
      this.balance('balance_transaction', 'error', 'remittance', key, `B-T failed: Σ CLP04 − Σ PLB = ${formatCents(this.sumClp04 - this.sumPlb)} but BPR02 = ${formatCents(amount)}, diff ${formatCents(this.sumClp04 - this.sumPlb - amount)}`, 'BALANCE-B-T', at, this.bprOffset);
    }
    // Payers write L6 interest as a negative PLB amount (it increases the payment) or, less often, positive: compare magnitudes.
    if (this.sumInterest !== 0 && Math.abs(this.sumL6) !== Math.abs(this.sumInterest)) {
      this.balance('plb_interest', 'warn', 'remittance', key, `B-I: Σ PLB L6 = ${formatCents(this.sumL6)} but Σ AMT*I = ${formatCents(this.sumInterest)}`, 'BALANCE-B-I', at, this.bprOffset);
    }
    this.emit(REMIT);
    void ord;
  }

  private balance(check: string, severity: Severity, entity: string, key: string, message: string, code: string, segOrdinal: number, byteOffset: number): void {
    // A re-sent payment loads nothing, so it has nothing to refuse: it stays a duplicate under strictBalancing too.
    if (this.out.skip) return;
    if (severity === 'error' && this.ctx.config.strictBalancing) throw this.fail(code, `${message} (strictBalancing)`, segOrdinal, byteOffset);
    this.ctx.finding({ check_name: check, severity, entity, key, message, set_index: this.x.setIndex, seg_ordinal: segOrdinal });
  }
}

export type { Field };
