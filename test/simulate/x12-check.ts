// A small, independent X12 reader and checker for the simulator's tests. It deliberately shares no code with
// src/simulate: segments are split on `~`, elements on `*`, and money is parsed into integer cents.

export type Seg = string[];

export function segments(text: string): Seg[] {
  return text
    .split('~')
    .map((s) => s.replace(/^[\r\n]+/, ''))
    .filter((s) => s.length > 0)
    .map((s) => s.split('*'));
}

/** "123.45" / "-0.05" / "12" → integer cents. */
export function cents(s: string | undefined): number {
  if (s === undefined || s === '') return 0;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not a money amount: "${s}"`);
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

/** Envelope problems of one file (empty = fine). */
export function envelopeErrors(text: string): string[] {
  const errors: string[] = [];
  if (!text.startsWith('ISA')) errors.push('file does not start with ISA');
  const isaEnd = text.indexOf('~');
  if (isaEnd !== 105) errors.push(`ISA is ${isaEnd + 1} characters, expected 106`);
  const segs = segments(text);
  let isa: Seg | null = null;
  let gs: Seg | null = null;
  let st: Seg | null = null;
  let groups = 0;
  let sets = 0;
  let segCount = 0;
  for (const s of segs) {
    const tag = s[0];
    if (st) segCount++;
    switch (tag) {
      case 'ISA':
        isa = s;
        groups = 0;
        break;
      case 'GS':
        gs = s;
        sets = 0;
        groups++;
        break;
      case 'ST':
        st = s;
        segCount = 1;
        sets++;
        break;
      case 'SE':
        if (!st) errors.push('SE without ST');
        else {
          if (Number(s[1]) !== segCount) errors.push(`SE01 ${s[1]} but ${segCount} segments in set ${st[2]}`);
          if (s[2] !== st[2]) errors.push(`SE02 ${s[2]} != ST02 ${st[2]}`);
        }
        st = null;
        break;
      case 'GE':
        if (!gs) errors.push('GE without GS');
        else {
          if (Number(s[1]) !== sets) errors.push(`GE01 ${s[1]} but ${sets} sets`);
          if (s[2] !== gs[6]) errors.push(`GE02 ${s[2]} != GS06 ${gs[6]}`);
        }
        gs = null;
        break;
      case 'IEA':
        if (!isa) errors.push('IEA without ISA');
        else {
          if (Number(s[1]) !== groups) errors.push(`IEA01 ${s[1]} but ${groups} groups`);
          if (s[2] !== isa[13]) errors.push(`IEA02 ${s[2]} != ISA13 ${isa[13]}`);
        }
        isa = null;
        break;
    }
  }
  if (isa || gs || st) errors.push('unclosed envelope');
  return errors;
}

export interface CasAdj {
  group: string;
  reason: string;
  amount: number;
}

export interface SvcRec {
  proc: string;
  charge: number;
  paid: number;
  units: string;
  cas: CasAdj[];
  lcn: string;
  allowed: number | null;
}

export interface ClpRec {
  clp01: string;
  status: string;
  charge: number;
  paid: number;
  pr: number;
  ccn: string;
  freq: string;
  claimCas: CasAdj[];
  svcs: SvcRec[];
  interest: number;
  memberId: string;
  patientLast: string;
}

export interface Remit835 {
  file: string;
  payerX12: string;
  payeeNpi: string;
  bpr01: string;
  bpr02: number;
  date: string;
  trace: string;
  clps: ClpRec[];
  plb: { code: string; amount: number }[];
}

function casOf(s: Seg): CasAdj[] {
  const out: CasAdj[] = [];
  for (let i = 2; i + 1 < s.length; i += 3) {
    if (!s[i]) continue;
    out.push({ group: s[1] as string, reason: s[i] as string, amount: cents(s[i + 1]) });
  }
  return out;
}

/** Parse every ST of an 835 file. */
export function parse835(file: string, text: string): Remit835[] {
  const out: Remit835[] = [];
  let cur: Remit835 | null = null;
  let clp: ClpRec | null = null;
  let svc: SvcRec | null = null;
  let payerX12 = '';
  for (const s of segments(text)) {
    const tag = s[0];
    if (tag === 'GS') payerX12 = s[2] as string;
    else if (tag === 'ST') {
      cur = { file, payerX12, payeeNpi: '', bpr01: '', bpr02: 0, date: '', trace: '', clps: [], plb: [] };
      clp = null;
      svc = null;
    } else if (!cur) continue;
    else if (tag === 'BPR') {
      cur.bpr01 = s[1] as string;
      cur.bpr02 = cents(s[2]);
      cur.date = s[16] as string;
    } else if (tag === 'TRN') cur.trace = s[2] as string;
    else if (tag === 'N1' && s[1] === 'PE') cur.payeeNpi = s[4] as string;
    else if (tag === 'CLP') {
      clp = {
        clp01: s[1] as string, status: s[2] as string, charge: cents(s[3]), paid: cents(s[4]), pr: cents(s[5]),
        ccn: s[7] as string, freq: s[9] ?? '', claimCas: [], svcs: [], interest: 0, memberId: '', patientLast: '',
      };
      svc = null;
      cur.clps.push(clp);
    } else if (tag === 'CAS') {
      if (svc) svc.cas.push(...casOf(s));
      else if (clp) clp.claimCas.push(...casOf(s));
    } else if (tag === 'NM1' && s[1] === 'QC' && clp) {
      clp.memberId = s[9] ?? '';
      clp.patientLast = s[3] ?? '';
    } else if (tag === 'AMT' && s[1] === 'I' && clp) clp.interest += cents(s[2]);
    else if (tag === 'SVC' && clp) {
      svc = { proc: s[1] as string, charge: cents(s[2]), paid: cents(s[3]), units: s[5] ?? '', cas: [], lcn: '', allowed: null };
      clp.svcs.push(svc);
    } else if (tag === 'REF' && s[1] === '6R' && svc) svc.lcn = s[2] as string;
    else if (tag === 'AMT' && s[1] === 'B6' && svc) svc.allowed = cents(s[2]);
    else if (tag === 'PLB') {
      for (let i = 3; i + 1 < s.length; i += 2) cur.plb.push({ code: (s[i] as string).split(':')[0] as string, amount: cents(s[i + 1]) });
    } else if (tag === 'SE') {
      out.push(cur);
      cur = null;
      clp = null;
      svc = null;
    }
  }
  return out;
}

/** Balancing violations of one 835 set (domain-reference §2), integer cents. */
export function balanceErrors(r: Remit835): string[] {
  const e: string[] = [];
  const where = `${r.file} TRN ${r.trace}`;
  let sumPaid = 0;
  let sumInterest = 0;
  for (const c of r.clps) {
    sumPaid += c.paid;
    sumInterest += c.interest;
    let lineCas = 0;
    let pr = 0;
    for (const a of c.claimCas) if (a.group === 'PR') pr += a.amount;
    for (const s of c.svcs) {
      const cas = s.cas.reduce((t, a) => t + a.amount, 0);
      if (s.charge - cas !== s.paid) e.push(`B-S ${where} ${c.clp01} ${s.proc}: ${s.charge} - ${cas} != ${s.paid}`);
      lineCas += cas;
      for (const a of s.cas) if (a.group === 'PR') pr += a.amount;
    }
    const claimCas = c.claimCas.reduce((t, a) => t + a.amount, 0);
    if (c.charge - claimCas - lineCas !== c.paid) e.push(`B-C ${where} ${c.clp01}: ${c.charge} - ${claimCas} - ${lineCas} != ${c.paid}`);
    if (c.pr !== pr) e.push(`B-P ${where} ${c.clp01}: CLP05 ${c.pr} != PR ${pr}`);
  }
  const plb = r.plb.reduce((t, p) => t + p.amount, 0);
  if (sumPaid - plb !== r.bpr02) e.push(`B-T ${where}: ${sumPaid} - ${plb} != BPR02 ${r.bpr02}`);
  if (r.bpr02 < 0) e.push(`B-T' ${where}: negative BPR02`);
  if (r.bpr01 === 'H' && r.bpr02 !== 0) e.push(`B-T' ${where}: BPR01 H with BPR02 ${r.bpr02}`);
  const l6 = r.plb.filter((p) => p.code === 'L6').reduce((t, p) => t + p.amount, 0);
  // Interest increases the payment, so PLB L6 carries the negative of Σ AMT*I.
  if (sumInterest !== 0 && -l6 !== sumInterest) e.push(`B-I ${where}: -L6 ${-l6} != AMT*I ${sumInterest}`);
  if (sumInterest === 0 && l6 !== 0) e.push(`B-I ${where}: L6 without AMT*I`);
  return e;
}

export interface Claim837 {
  file: string;
  bht04: string;
  billingNpi: string;
  payerX12: string;
  clm01: string;
  clm02: number;
  freq: string;
  refF8: string | null;
  refG1: string | null;
  lines: { proc: string; charge: number; units: string; date: string; lcn: string }[];
  names: string[];
  memberId: string;
}

export function parse837(file: string, text: string): Claim837[] {
  const out: Claim837[] = [];
  let bht04 = '';
  let billingNpi = '';
  let payerX12 = '';
  let memberId = '';
  let names: string[] = [];
  let clm: Claim837 | null = null;
  for (const s of segments(text)) {
    const tag = s[0];
    if (tag === 'BHT') bht04 = s[4] as string;
    else if (tag === 'NM1' && s[1] === '85') billingNpi = s[9] as string;
    else if (tag === 'HL' && s[3] === '22') {
      names = [];
      clm = null;
    } else if (tag === 'NM1' && s[1] === 'IL') {
      memberId = s[9] as string;
      names.push(s[3] as string);
    } else if (tag === 'NM1' && s[1] === 'QC') names.push(s[3] as string);
    else if (tag === 'NM1' && s[1] === 'PR') payerX12 = s[9] as string;
    else if (tag === 'CLM') {
      clm = {
        file, bht04, billingNpi, payerX12, clm01: s[1] as string, clm02: cents(s[2]),
        freq: ((s[5] as string).split(':')[2]) as string, refF8: null, refG1: null, lines: [], names: [...names], memberId,
      };
      out.push(clm);
    } else if (tag === 'REF' && s[1] === 'F8' && clm) clm.refF8 = s[2] as string;
    else if (tag === 'REF' && s[1] === 'G1' && clm) clm.refG1 = s[2] as string;
    else if (tag === 'SV1' && clm) clm.lines.push({ proc: s[1] as string, charge: cents(s[2]), units: s[4] as string, date: '', lcn: '' });
    else if (tag === 'DTP' && s[1] === '472' && clm) {
      const l = clm.lines[clm.lines.length - 1];
      if (l) l.date = s[3] as string;
    } else if (tag === 'REF' && s[1] === '6R' && clm) {
      const l = clm.lines[clm.lines.length - 1];
      if (l) l.lcn = s[2] as string;
    }
  }
  return out;
}

/** Days between two CCYYMMDD dates. */
export function daysBetween(a: string, b: string): number {
  const t = (x: string) => Date.UTC(Number(x.slice(0, 4)), Number(x.slice(4, 6)) - 1, Number(x.slice(6, 8)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** Denial adjustments: every CO/OA/PI adjustment except contractual CARCs (45, 253, 59, 24, 131, 104) and 23. */
export function isDenialAdj(a: CasAdj): boolean {
  if (a.group === 'PR') return false;
  return !['45', '253', '59', '24', '131', '104', '23'].includes(a.reason);
}
