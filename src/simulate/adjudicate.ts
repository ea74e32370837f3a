// Payer adjudication: decide whether (and why) a claim is denied, then price it into an 835 CLP loop that balances:
// allowed per the fee schedule, CO-45 for charge − allowed, patient responsibility as PR-1 deductible, PR-3 copay and
// PR-2 coinsurance, denials as CO/OA adjustments with the CARC of their category (domain-reference §5.3).

import { year } from './dates.ts';
import { procComposite } from './x12-format.ts';
import { UNDERPAY_FACTOR } from './payers.ts';
import type { FeeSchedule } from './payers.ts';
import type { Rng } from './rng.ts';
import type { Cas, Claim, DenialCategory, RemitClaim, RemitLine } from './types.ts';

export interface Decision {
  category: DenialCategory | null;
  group: 'CO' | 'OA';
  carc: string;
  /** none = paid; claim_cas = whole claim denied with a claim-level CAS (no SVC loops); all_lines / lines = line CAS. */
  scope: 'none' | 'claim_cas' | 'all_lines' | 'lines';
  lines: number[];
}

const PAID: Decision = { category: null, group: 'CO', carc: '', scope: 'none', lines: [] };

function deny(category: DenialCategory, carc: string, scope: Decision['scope'], lines: number[] = [], group: 'CO' | 'OA' = 'CO'): Decision {
  return { category, group, carc, scope, lines };
}

/** First-adjudication decision. Causal rules first (credentialing, auth leakage, timely filing, missing KX / 59), then the payer's random denial mix. */
export function decide(c: Claim, rng: Rng): Decision {
  const payer = c.payer;
  if (c.duplicateOf) return deny('duplicate', '18', 'all_lines', [], 'OA');
  if (c.firstSubmitDay - c.dos > payer.timelyFilingDays) return deny('timely_filing', '29', 'all_lines');
  if (c.provider.pendingCredentialWith === payer.id) return deny('credentialing', '185', 'all_lines');
  if (c.authStatus === 'over_limit' || c.authStatus === 'expired' || c.authStatus === 'no_auth') {
    const p = payer.authDenial[c.authStatus];
    if (rng.chance(p)) return deny('authorization', c.authStatus === 'over_limit' ? '198' : '197', 'all_lines');
  }
  const d = payer.denials;
  const u = rng.next();
  let acc = 0;
  if (u < (acc += d.eligibility)) return deny('eligibility', rng.chance(0.6) ? '27' : '31', 'claim_cas');
  if (u < (acc += d.coding)) {
    if (rng.chance(0.5)) return deny('coding', '16', 'all_lines');
    return deny('coding', '4', 'lines', [rng.int(c.lines.length)]);
  }
  if (u < (acc += d.documentation)) return deny('documentation', '252', 'all_lines');
  if (u < (acc += d.medical_necessity)) {
    if (rng.chance(0.6) || c.lines.length === 1) return deny('medical_necessity', '50', 'all_lines');
    return deny('medical_necessity', '50', 'lines', [c.lines.length - 1]);
  }
  if (u < (acc += d.benefit_limit)) return deny('benefit_limit', '119', 'all_lines');
  if (u < (acc += d.duplicate)) return deny('duplicate', '18', 'all_lines', [], 'OA');
  // Medicare above the therapy threshold without KX: CO-119 on those lines.
  const noKx: number[] = [];
  c.lines.forEach((l, i) => {
    if (l.missingKx) noKx.push(i);
  });
  if (noKx.length && rng.chance(0.9)) return deny('benefit_limit', '119', noKx.length === c.lines.length ? 'all_lines' : 'lines', noKx);
  // NCCI pair without modifier 59: CO-97 on the line.
  const no59: number[] = [];
  c.lines.forEach((l, i) => {
    if (l.missing59) no59.push(i);
  });
  if (no59.length && rng.chance(payer.bundlingDenial)) return deny('bundling', '97', 'lines', no59);
  return PAID;
}

export interface PriceOptions {
  decision: Decision;
  fees: FeeSchedule;
  /** Price with the payer's old (not yet updated) rates. */
  stale: boolean;
  /** Price one line at UNDERPAY_FACTOR of the fee schedule. */
  underpay: boolean;
  /** Overpay one line (recovered later by a PLB WO takeback). */
  overpay: boolean;
  ccn: string;
  freq: string;
  receivedDay: number | null;
}

export interface Priced {
  remit: RemitClaim;
  dedUsedC: number;
  overpaidC: number;
  deniedC: number;
}

function add(list: Cas[], group: Cas['group'], reason: string, amountC: number): void {
  if (amountC !== 0) list.push({ group, reason, amountC });
}

export function price(c: Claim, o: PriceOptions, rng: Rng): Priced {
  const p = c.patient;
  const dec = o.decision;
  const y = year(c.dos);
  if (p.dedYear !== y) {
    p.dedYear = y;
    p.dedRemainingC = c.payer.deductibleP > 0 && rng.chance(0.5) ? c.payer.deductibleCents[1] : 0;
  }
  const n = c.lines.length;
  const denied = new Array<boolean>(n).fill(dec.scope === 'all_lines' || dec.scope === 'claim_cas');
  if (dec.scope === 'lines') for (const i of dec.lines) denied[i] = true;
  const allowed = new Array<number>(n).fill(0);
  let underLine = -1;
  if (o.underpay) {
    let best = -1;
    c.lines.forEach((l, i) => {
      if (!denied[i] && (best < 0 || l.units > (c.lines[best]?.units ?? 0))) best = i;
    });
    underLine = best;
  }
  c.lines.forEach((l, i) => {
    if (denied[i]) return;
    const rate = o.stale ? o.fees.oldRate(l.cpt) : o.fees.rate(l.cpt, c.dos);
    let a = Math.min(l.chargeC, rate * l.units);
    if (i === underLine) a = Math.round(a * UNDERPAY_FACTOR);
    allowed[i] = a;
  });
  const rem = allowed.slice();
  const pr1 = new Array<number>(n).fill(0);
  const pr2 = new Array<number>(n).fill(0);
  const pr3 = new Array<number>(n).fill(0);
  const greedy = (amount: number, into: number[]): number => {
    let left = amount;
    for (let i = 0; i < n && left > 0; i++) {
      const t = Math.min(left, rem[i] as number);
      into[i] = (into[i] as number) + t;
      rem[i] = (rem[i] as number) - t;
      left -= t;
    }
    return amount - left;
  };
  const dedUsedC = greedy(p.dedRemainingC, pr1);
  p.dedRemainingC -= dedUsedC;
  greedy(p.copayC, pr3);
  if (p.coinsPct > 0) for (let i = 0; i < n; i++) pr2[i] = Math.round((rem[i] as number) * p.coinsPct);

  const lines: RemitLine[] = [];
  let overpaidC = 0;
  let deniedC = 0;
  let overLine = -1;
  if (o.overpay) {
    let best = -1;
    let bestCo = 0;
    c.lines.forEach((l, i) => {
      const co = l.chargeC - (allowed[i] as number);
      if (!denied[i] && co > bestCo) {
        best = i;
        bestCo = co;
      }
    });
    if (bestCo > 1000) {
      overLine = best;
      overpaidC = Math.min(bestCo - 100, rng.range(1500, 4000));
    }
  }
  let chargeC = 0;
  let paidC = 0;
  let prC = 0;
  c.lines.forEach((l, i) => {
    chargeC += l.chargeC;
    const cas: Cas[] = [];
    const proc = procComposite(l.cpt, l.mods);
    if (denied[i]) {
      deniedC += l.chargeC;
      if (dec.scope !== 'claim_cas') {
        add(cas, dec.group, dec.carc, l.chargeC);
        lines.push({ proc, chargeC: l.chargeC, paidC: 0, units: l.units, dos: c.dos, cas, lcn: l.lcn, allowedC: 0 });
      }
      return;
    }
    const over = i === overLine ? overpaidC : 0;
    const a = (allowed[i] as number) + over;
    const pr = (pr1[i] as number) + (pr2[i] as number) + (pr3[i] as number);
    add(cas, 'CO', '45', l.chargeC - a);
    add(cas, 'PR', '1', pr1[i] as number);
    add(cas, 'PR', '2', pr2[i] as number);
    add(cas, 'PR', '3', pr3[i] as number);
    const paid = a - pr;
    paidC += paid;
    prC += pr;
    lines.push({ proc, chargeC: l.chargeC, paidC: paid, units: l.units, dos: c.dos, cas, lcn: l.lcn, allowedC: a });
  });
  const claimCas: Cas[] = [];
  if (dec.scope === 'claim_cas') add(claimCas, dec.group, dec.carc, chargeC);
  const allDenied = dec.scope === 'claim_cas' || dec.scope === 'all_lines';
  const remit: RemitClaim = {
    clp01: c.id,
    status: allDenied ? '4' : '1',
    chargeC,
    paidC,
    prC,
    ccn: o.ccn,
    freq: o.freq,
    claimCas,
    lines,
    patient: p,
    receivedDay: o.receivedDay,
    interestC: 0,
    filing: c.payer.filing,
  };
  return { remit, dedUsedC, overpaidC, deniedC };
}

/** CLP02 = 22: every amount of the original negated, same CLP01 and CLP07 (domain-reference §2 B-R). */
export function reverse(r: RemitClaim): RemitClaim {
  const neg = (l: readonly Cas[]): Cas[] => l.map((x) => ({ ...x, amountC: -x.amountC }));
  return {
    ...r,
    status: '22',
    chargeC: -r.chargeC,
    paidC: -r.paidC,
    prC: -r.prC,
    claimCas: neg(r.claimCas),
    lines: r.lines.map((l) => ({ ...l, chargeC: -l.chargeC, paidC: -l.paidC, allowedC: -l.allowedC, cas: neg(l.cas) })),
    receivedDay: null,
    interestC: 0,
  };
}

/** Split one paid CLP into two (same CLP01, two payer claim numbers), each balancing on its own. */
export function splitRemit(r: RemitClaim, ccn2: string): [RemitClaim, RemitClaim] {
  const k = Math.ceil(r.lines.length / 2);
  const part = (lines: RemitLine[], ccn: string, interestC: number): RemitClaim => {
    let chargeC = 0;
    let paidC = 0;
    let prC = 0;
    for (const l of lines) {
      chargeC += l.chargeC;
      paidC += l.paidC;
      for (const x of l.cas) if (x.group === 'PR') prC += x.amountC;
    }
    return { ...r, lines, ccn, chargeC, paidC, prC, interestC, claimCas: [] };
  };
  return [part(r.lines.slice(0, k), r.ccn, r.interestC), part(r.lines.slice(k), ccn2, 0)];
}
