/**
 * A small, independent X12 writer for the scenario fixtures: 837P and 835 5010 transaction sets from plain objects.
 * Deliberately separate from the simulator's writer, so scenario expectations do not depend on simulator code.
 * Amounts are given in dollars with at most 2 decimals.
 */

export interface ScLine {
  cpt: string;
  units: number;
  charge: number;
  date: string; // YYYY-MM-DD
  lcn: string; // REF*6R
  mods?: string[];
}

export interface ScClaim {
  id: string;
  payerX12: string;
  memberId: string;
  patientLast: string;
  patientFirst: string;
  renderingNpi: string;
  freq?: '1' | '7' | '8';
  f8?: string;
  auth?: string;
  lines: ScLine[];
}

export interface ScCas {
  group: string;
  carc: string;
  amount: number;
  qty?: number;
}

export interface ScSvc {
  cpt: string;
  units: number;
  charge: number;
  paid: number;
  date: string;
  lcn: string;
  cas?: ScCas[];
  allowed?: number;
}

export interface ScClp {
  claim: string;
  status: string;
  charge: number;
  paid: number;
  pr: number;
  ccn: string;
  memberId: string;
  patientLast: string;
  cas?: ScCas[]; // claim level
  svc?: ScSvc[];
  interest?: number;
}

export interface ScPayment {
  trace: string;
  paymentDate: string; // BPR16
  payeeNpi: string;
  payeeName: string;
  clps: ScClp[];
  plb?: Array<{ code: string; ref?: string; amount: number }>;
  method?: 'ACH' | 'CHK';
}

const d8 = (d: string) => d.replaceAll('-', '');
const d6 = (d: string) => d8(d).slice(2);
const money = (n: number) => {
  const s = (Math.round(n * 100) / 100).toFixed(2);
  return s.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
};
const pad = (s: string, n: number) => (s + ' '.repeat(n)).slice(0, n);

function envelope(gs01: string, version: string, sender: string, date: string, ctrl: number, sets: string[][]): string {
  const isa = `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${pad(sender, 15)}*ZZ*${pad('REVCYCLETEST', 15)}*${d6(date)}*1200*^*00501*${String(ctrl).padStart(9, '0')}*0*P*:`;
  const segs = [isa, `GS*${gs01}*${sender}*REVCYCLETEST*${d8(date)}*1200*${ctrl}*X*${version}`];
  sets.forEach((set, i) => {
    const st = String(i + 1).padStart(4, '0');
    const body = [`ST*${set[0]}*${st}*${version}`, ...set.slice(1)];
    body.push(`SE*${body.length + 1}*${st}`);
    segs.push(...body);
  });
  segs.push(`GE*${sets.length}*${ctrl}`, `IEA*1*${String(ctrl).padStart(9, '0')}`);
  return segs.join('~\n') + '~\n';
}

export function write837(opts: {
  submitted: string;
  ctrl: number;
  billingNpi: string;
  clinicName: string;
  tin: string;
  claims: ScClaim[];
  payerNames: Record<string, string>;
}): string {
  const s: string[] = ['837'];
  s.push(`BHT*0019*00*B${opts.ctrl}*${d8(opts.submitted)}*1200*CH`);
  s.push(`NM1*41*2*${opts.clinicName}*****46*RIVSUB`, 'PER*IC*BILLING*TE*6175550100', 'NM1*40*2*CLEARINGHOUSE*****46*CH01');
  s.push('HL*1**20*1', 'PRV*BI*PXC*225100000X', `NM1*85*2*${opts.clinicName}*****XX*${opts.billingNpi}`);
  s.push('N3*1 RIVER ROAD', 'N4*BOSTON*MA*02108', `REF*EI*${opts.tin}`);
  let hl = 1;
  for (const c of opts.claims) {
    hl++;
    s.push(`HL*${hl}*1*22*0`, `SBR*P*18*******CI`);
    s.push(`NM1*IL*1*${c.patientLast}*${c.patientFirst}****MI*${c.memberId}`, 'N3*12 CANARYLANE', 'N4*CANARYVILLE*MA*02110', 'DMG*D8*19600101*F');
    s.push(`NM1*PR*2*${opts.payerNames[c.payerX12] ?? 'PAYER'}*****PI*${c.payerX12}`);
    const total = c.lines.reduce((a, l) => a + l.charge, 0);
    s.push(`CLM*${c.id}*${money(total)}***11:B:${c.freq ?? '1'}*Y*A*Y*Y`);
    if (c.f8) s.push(`REF*F8*${c.f8}`);
    if (c.auth) s.push(`REF*G1*${c.auth}`);
    s.push('HI*ABK:M5450', `NM1*82*1*THERAPIST*PAT****XX*${c.renderingNpi}`);
    c.lines.forEach((l, i) => {
      const proc = ['HC', l.cpt, ...(l.mods ?? ['GP'])].join(':');
      s.push(`LX*${i + 1}`, `SV1*${proc}*${money(l.charge)}*UN*${l.units}***1`, `DTP*472*D8*${d8(l.date)}`, `REF*6R*${l.lcn}`);
    });
  }
  return envelope('HC', '005010X222A1', 'RIVSUB', opts.submitted, opts.ctrl, [s]);
}

export function write835(opts: {
  payerX12: string;
  payerName: string;
  received: string; // GS04
  ctrl: number;
  payments: ScPayment[];
}): string {
  const sets = opts.payments.map((p) => {
    const s: string[] = ['835'];
    const total = p.clps.reduce((a, c) => a + c.paid, 0) - (p.plb ?? []).reduce((a, x) => a + x.amount, 0);
    const method = total === 0 ? 'NON' : p.method ?? 'ACH';
    s.push(`BPR*${total === 0 ? 'H' : 'I'}*${money(total)}*C*${method}${method === 'ACH' ? '*CCP*01*011000015*DA*123456*1999999999**01*011000028*DA*654321' : '***********'}*${d8(p.paymentDate)}`);
    s.push(`TRN*1*${p.trace}*1999999999`, `DTM*405*${d8(p.paymentDate)}`);
    s.push(`N1*PR*${opts.payerName}`, 'N3*PO BOX 1', 'N4*HARTFORD*CT*06101', `REF*2U*${opts.payerX12}`);
    s.push(`N1*PE*${p.payeeName}*XX*${p.payeeNpi}`);
    if (p.clps.length) s.push('LX*1');
    for (const c of p.clps) {
      s.push(`CLP*${c.claim}*${c.status}*${money(c.charge)}*${money(c.paid)}*${money(c.pr)}*CI*${c.ccn}*11*1`);
      casSegs(c.cas, s);
      s.push(`NM1*QC*1*${c.patientLast}*PAT****MI*${c.memberId}`);
      if (c.interest) s.push(`AMT*I*${money(c.interest)}`);
      for (const v of c.svc ?? []) {
        s.push(`SVC*HC:${v.cpt}:GP*${money(v.charge)}*${money(v.paid)}**${v.units}`, `DTM*472*${d8(v.date)}`);
        casSegs(v.cas, s);
        s.push(`REF*6R*${v.lcn}`);
        if (v.allowed !== undefined) s.push(`AMT*B6*${money(v.allowed)}`);
      }
    }
    if (p.plb?.length) s.push(`PLB*${p.payeeNpi}*20251231*${p.plb.map((x) => `${x.code}${x.ref ? `:${x.ref}` : ''}*${money(x.amount)}`).join('*')}`);
    return s;
  });
  return envelope('HP', '005010X221A1', opts.payerX12, opts.received, opts.ctrl, sets);
}

function casSegs(cas: ScCas[] | undefined, out: string[]): void {
  if (!cas?.length) return;
  const byGroup = new Map<string, ScCas[]>();
  for (const c of cas) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
  for (const [g, list] of byGroup) {
    out.push(`CAS*${g}*${list.map((c) => `${c.carc}*${money(c.amount)}${c.qty !== undefined ? `*${c.qty}` : '*'}`).join('*').replace(/\*$/, '')}`);
  }
}

/** CSV text from rows (header from the first row's keys; values quoted when needed). */
export function csv(rows: Array<Record<string, unknown>>, header?: string[]): string {
  const cols = header ?? Object.keys(rows[0] ?? {});
  const esc = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n') + '\n';
}
