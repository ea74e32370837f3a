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
import { bind, d, f, lineage, parsePath, read, type Field, type MapCtx, type Slots } from '../mapping.ts';
import { cents, formatCents } from '../money.ts';
import type { SetOutput } from '../set-output.ts';
import type { CompiledSpec } from '../spec/compile.ts';
import { COMPILED } from '../specs/index.ts';
import { MapperBase, type SegmentPosition } from './base.ts';

const CS: CompiledSpec = COMPILED.get('835')!;

interface X835 extends MapCtx {
  payerKey: string;
  claimCount: number;
  pseudonymizer: Pseudonymizer;
  /** The CAS segment and triplet being expanded, or the PLB pair. */
  cas: string[];
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

const N1_PR_04 = parsePath('N104');
const REF_2U = parsePath('REF[2U]02');
const TRN03 = parsePath('TRN03');
const NM1_IL = parsePath('NM1[IL]09');
const NM1_QC = parsePath('NM1[QC]09');

function payerKey(S: Slots, comp: string): string {
  return read(S, '1000A', REF_2U, comp) ?? read(S, '1000A', N1_PR_04, comp) ?? read(S, 'ST', TRN03, comp) ?? '';
}

const payeeId = (qualifier: string, ref: string) => {
  const N103 = parsePath('N103');
  const N104 = parsePath('N104');
  const R = parsePath(ref);
  return (S: Slots, x: MapCtx) => (read(S, '1000B', N103, x.comp) === qualifier ? read(S, '1000B', N104, x.comp) : null) ?? read(S, '1000B', R, x.comp);
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
      const id = read(S, '2100', NM1_IL, x.comp) ?? read(S, '2100', NM1_QC, x.comp);
      return id ? x.pseudonymizer.memberKey(x.payerKey, id) : null;
    }),
    f('rendering_npi', '2100', 'NM1[82]09'),
    f('statement_from', '2100', 'DTM[232]02'),
    f('statement_to', '2100', 'DTM[233]02'),
    f('payer_received_on', '2100', 'DTM[050]02'),
    f('interest_amount', '2100', 'AMT[I]02'),
    f('coverage_amount', '2100', 'AMT[AU]02'),
  ],
  CS,
);

const SVC06 = parsePath('SVC06');
const DTM472 = parsePath('DTM[472]02');
const DTM150 = parsePath('DTM[150]02');
const DTM151 = parsePath('DTM[151]02');

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
      const v = read(S, '2110', SVC06, x.comp);
      return v ? v.split(x.comp).join(':') : null;
    }),
    f('original_units', '2110', 'SVC07'),
    d('service_date_from', '2110', 'DTM[472]02, else DTM[150]02', 'service date, or service period start', (S, x) => read(S, '2110', DTM472, x.comp) ?? read(S, '2110', DTM150, x.comp)),
    d('service_date_to', '2110', 'DTM[472]02, else DTM[151]02', 'service date, or service period end', (S, x) => read(S, '2110', DTM472, x.comp) ?? read(S, '2110', DTM151, x.comp)),
    f('line_control_number', '2110', 'REF[6R]02'),
    f('allowed_amount', '2110', 'AMT[B6]02'),
    d('remark_codes', '2110', 'LQ[HE]02', 'every LQ*HE remark code of the line, comma-separated', (_S, x) => (x.remarks.length ? x.remarks.join(',') : null)),
  ],
  CS,
);

const tripletIds = CAS_TRIPLETS.map((t) => t.ids);
const ADJ = bind<X835>(
  X12_835_ADJUSTMENTS,
  [
    d('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d('seg_ordinal', '2100|2110', 'CAS', 'segment ordinal of the CAS segment', (_S, x) => x.ord.CAS ?? null),
    d('triplet', '2100|2110', 'CAS', 'triplet position 1..6', (_S, x) => x.triplet + 1),
    d('level', '2100|2110', 'CAS', "'claim' for a 2100 CAS, 'line' for a 2110 CAS", (_S, x) => x.level),
    d('claim_seg_ordinal', '2100', 'CLP', 'segment ordinal of the CLP', (_S, x) => x.ord['2100'] ?? null),
    d('line_seg_ordinal', '2110', 'SVC', 'segment ordinal of the SVC (line level only)', (_S, x) => (x.level === 'line' ? (x.ord['2110'] ?? null) : null)),
    d('group_code', '2100|2110', 'CAS01', 'CAS01 Claim Adjustment Group Code', (_S, x) => x.cas[1]!.trim()),
    d('reason_code', '2100|2110', tripletIds.map((t) => t.split('/')[0]).join(' / '), 'Adjustment Reason Code of the triplet', (_S, x) => x.cas[CAS_TRIPLETS[x.triplet]!.reason]!.trim()),
    d('amount', '2100|2110', tripletIds.map((t) => t.split('/')[1]).join(' / '), 'Adjustment Amount of the triplet', (_S, x) => x.cas[CAS_TRIPLETS[x.triplet]!.amount]!.trim()),
    d('quantity', '2100|2110', tripletIds.map((t) => t.split('/')[2]).join(' / '), 'Adjustment Quantity of the triplet', (_S, x) => x.cas[CAS_TRIPLETS[x.triplet]!.quantity]?.trim() || null),
  ],
  CS,
);

const plbId = (x: X835, k: number) => (x.cas[PLB_PAIRS[x.triplet]!.id] ?? '').split(x.comp)[k]?.trim() || null;
const PLB = bind<X835>(
  X12_835_PROVIDER_ADJUSTMENTS,
  [
    d('set_index', '-', '(set position)', 'position of the ST set in the file, 0-based', (_S, x) => x.setIndex),
    d('seg_ordinal', 'ST', 'PLB', 'segment ordinal of the PLB segment', (_S, x) => x.ord.PLB ?? null),
    d('pair', 'ST', 'PLB', 'pair position 1..6', (_S, x) => x.triplet + 1),
    d('provider_id', 'ST', 'PLB01', 'PLB01 Provider Identifier', (_S, x) => x.cas[1]!.trim()),
    d('fiscal_period_date', 'ST', 'PLB02', 'PLB02 Fiscal Period Date', (_S, x) => x.cas[2]!.trim()),
    d('reason_code', 'ST', 'PLB03-1 / PLB05-1 / PLB07-1 / PLB09-1 / PLB11-1 / PLB13-1', 'Adjustment Reason Code of the pair', (_S, x) => plbId(x, 0)),
    d('reference_id', 'ST', 'PLB03-2 / PLB05-2 / PLB07-2 / PLB09-2 / PLB11-2 / PLB13-2', 'Provider Adjustment Identifier (reference) of the pair', (_S, x) => plbId(x, 1)),
    d('amount', 'ST', 'PLB04 / PLB06 / PLB08 / PLB10 / PLB12 / PLB14', 'Provider Adjustment Amount of the pair', (_S, x) => x.cas[PLB_PAIRS[x.triplet]!.amount]!.trim()),
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
  private sumPlb = 0;
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
    super(out, { comp, setIndex, ord: {}, payerKey: '', claimCount: 0, pseudonymizer: ctx.pseudonymizer, cas: [], triplet: 0, level: 'claim', remarks: [] }, pos, 'x12_835');
  }

  protected override onLoopStart(loopId: string): void {
    if (loopId === '2100') {
      this.x.claimCount++;
      this.claimCas = 0;
      this.claimLineCas = 0;
      this.claimPr = 0;
    } else if (loopId === '2110') {
      this.lineCas = 0;
      this.x.remarks = [];
    }
  }

  protected onSegment(loopId: string, tag: string, e: string[], ord: number): void {
    switch (tag) {
      case 'BPR':
        this.x.ord.BPR = ord;
        return;
      case 'CAS':
        this.cas(loopId, e, ord);
        return;
      case 'LQ':
        if ((e[1] ?? '').trim() === 'HE' && e[2]) this.x.remarks.push(e[2].trim());
        return;
      case 'AMT':
        if (loopId === '2100' && (e[1] ?? '').trim() === 'I') this.sumInterest += cents(e[2]);
        return;
      case 'PLB':
        this.decide();
        this.plb(e, ord);
        return;
    }
  }

  private cas(loopId: string, e: string[], ord: number): void {
    const x = this.x;
    x.ord.CAS = ord;
    x.cas = e;
    x.level = loopId === '2110' ? 'line' : 'claim';
    const pr = (e[1] ?? '').trim() === 'PR';
    for (let t = 0; t < CAS_TRIPLETS.length; t++) {
      const spec = CAS_TRIPLETS[t]!;
      const reason = e[spec.reason];
      if (reason === undefined || reason.trim() === '') {
        if ((e[spec.amount] ?? '').trim() !== '') throw this.fail('IK4-2', `CAS triplet ${t + 1} has an amount but no reason code (${spec.ids})`);
        continue;
      }
      if ((e[spec.amount] ?? '').trim() === '') throw this.fail('IK4-2', `CAS triplet ${t + 1} has a reason code but no amount (${spec.ids})`);
      const c = cents(e[spec.amount]);
      if (x.level === 'line') this.lineCas += c;
      else this.claimCas += c;
      if (pr) this.claimPr += c;
      x.triplet = t;
      this.emit(ADJ);
    }
  }

  private plb(e: string[], ord: number): void {
    const x = this.x;
    x.ord.PLB = ord;
    x.cas = e;
    for (let k = 0; k < PLB_PAIRS.length; k++) {
      const p = PLB_PAIRS[k]!;
      const idv = e[p.id];
      if (idv === undefined || idv.trim() === '') continue;
      if ((e[p.amount] ?? '').trim() === '') throw this.fail('IK4-2', `PLB pair ${k + 1} has an adjustment identifier but no amount`);
      const c = cents(e[p.amount]);
      this.sumPlb += c;
      if (idv.split(x.comp)[0]!.trim() === 'L6') this.sumL6 += c;
      x.triplet = k;
      this.emit(PLB);
    }
  }

  /** Header complete: is this a re-sent payment? (Called before anything of the set is emitted.) */
  private decide(): void {
    if (this.decided) return;
    this.decided = true;
    const S = this.S;
    this.x.payerKey = payerKey(S, this.x.comp);
    this.trn02 = (S.ST?.TRN?.[2] ?? '').trim();
    const amount = (S.ST?.BPR?.[2] ?? '').trim();
    this.onKey(`${this.x.payerKey}|${this.trn02}`);
    const verdict = this.ctx.remittance({
      payerKey: this.x.payerKey,
      traceNumber: this.trn02,
      paymentAmount: amount,
      setIndex: this.x.setIndex,
      segOrdinal: this.x.ord.BPR ?? 0,
    });
    if (verdict === 'skip') this.out.skip = true;
  }

  protected override onLoopEnd(loopId: string, ord: number): void {
    const S = this.S;
    if (loopId === '1000B') {
      this.decide();
    } else if (loopId === '2110') {
      const svc = S['2110']!.SVC!;
      const charge = cents(svc[2]);
      const paid = cents(svc[3]);
      this.claimLineCas += this.lineCas;
      if (charge - this.lineCas !== paid) {
        const clp01 = (S['2100']!.CLP![1] ?? '').trim();
        this.balance('balance_service_line', 'error', 'line', `${clp01}#${this.x.ord['2110']}`, `B-S failed: SVC02 − CAS = ${formatCents(charge - this.lineCas)} but SVC03 = ${formatCents(paid)}, diff ${formatCents(charge - this.lineCas - paid)} (claim ${clp01}, SVC at segment ${this.x.ord['2110']})`, 'BALANCE-B-S', this.x.ord['2110']!);
      }
      this.emit(LINE);
    } else if (loopId === '2100') {
      const clp = S['2100']!.CLP!;
      const clp01 = (clp[1] ?? '').trim();
      const charge = cents(clp[3]);
      const paid = cents(clp[4]);
      this.sumClp04 += paid;
      const net = charge - this.claimCas - this.claimLineCas;
      const at = this.x.ord['2100']!;
      if (net !== paid) {
        this.balance('balance_claim', 'error', 'claim', clp01, `B-C failed: CLP03 − CAS = ${formatCents(net)} but CLP04 = ${formatCents(paid)}, diff ${formatCents(net - paid)} (claim ${clp01})`, 'BALANCE-B-C', at);
      }
      if ((clp[2] ?? '').trim() !== '22') {
        const pr = cents(clp[5]);
        if (pr !== this.claimPr) {
          this.balance('patient_responsibility', 'warn', 'claim', clp01, `B-P: CLP05 = ${formatCents(pr)} but the PR adjustments sum to ${formatCents(this.claimPr)} (claim ${clp01})`, 'BALANCE-B-P', at);
        }
      }
      this.emit(CLAIM);
    }
    void ord;
  }

  end(ord: number): void {
    this.decide();
    const bpr = this.S.ST!.BPR!;
    const amount = cents(bpr[2]);
    const key = this.trn02;
    const at = this.x.ord.BPR ?? 1;
    if ((bpr[1] ?? '').trim() === 'H' && amount !== 0) {
      this.balance('bpr_notification_amount', 'error', 'remittance', key, `B-T′ failed: BPR01 = H (notification only) but BPR02 = ${formatCents(amount)}, not 0`, 'BALANCE-B-T', at);
    }
    if (this.sumClp04 - this.sumPlb !== amount) {
      this.balance('balance_transaction', 'error', 'remittance', key, `B-T failed: Σ CLP04 − Σ PLB = ${formatCents(this.sumClp04 - this.sumPlb)} but BPR02 = ${formatCents(amount)}, diff ${formatCents(this.sumClp04 - this.sumPlb - amount)}`, 'BALANCE-B-T', at);
    }
    // Payers write L6 interest as a negative PLB amount (it increases the payment) or, less often, positive: compare magnitudes.
    if (this.sumInterest !== 0 && Math.abs(this.sumL6) !== Math.abs(this.sumInterest)) {
      this.balance('plb_interest', 'warn', 'remittance', key, `B-I: Σ PLB L6 = ${formatCents(this.sumL6)} but Σ AMT*I = ${formatCents(this.sumInterest)}`, 'BALANCE-B-I', at);
    }
    this.emit(REMIT);
    void ord;
  }

  private balance(check: string, severity: Severity, entity: string, key: string, message: string, code: string, segOrdinal: number): void {
    if (severity === 'error' && this.ctx.config.strictBalancing) throw this.fail(code, `${message} (strictBalancing)`, segOrdinal);
    if (this.out.skip) return;
    this.ctx.finding({ check_name: check, severity, entity, key, message, set_index: this.x.setIndex, seg_ordinal: segOrdinal });
  }
}

export type { Field };
