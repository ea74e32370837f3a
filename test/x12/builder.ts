/**
 * A small X12 fixture builder: write segments with `*` and `:` and let it add the envelopes and compute the counts
 * and control numbers (SE01/SE02, GE01/GE02, IEA01/IEA02), then render with any delimiters and line breaks.
 * Everything here is synthetic; patient data uses PHI canaries (CANARYPHI, ZCM… member ids) that tests look for.
 */

export interface Delims {
  element: string;
  component: string;
  repetition: string;
  terminator: string;
  /** Written after every terminator: '', '\n', '\r\n'. */
  newline: string;
}

export const DEFAULT_DELIMS: Delims = { element: '*', component: ':', repetition: '^', terminator: '~', newline: '\n' };

export interface SetDef {
  st01: string;
  st02?: string;
  guide?: string;
  /** Segments between ST and SE, written with `*` and `:`. */
  body: string[];
  /** Override SE01 (to build a wrong count). */
  se01?: number;
  se02?: string;
}

export interface GroupDef {
  gs01: string;
  gs08: string;
  gs06?: string;
  gs04?: string;
  sets: SetDef[];
  ge01?: number;
  ge02?: string;
}

export interface InterchangeDef {
  isa13?: string;
  isa12?: string;
  groups: GroupDef[];
  iea01?: number;
  iea02?: string;
  /** Drop trailers to build truncated files. */
  noIea?: boolean;
  noGe?: boolean;
  noSe?: boolean;
}

const pad = (v: string, n: number) => v.padEnd(n, ' ').slice(0, n);

export function isa(isa13: string, d: Delims, isa12 = '00501'): string {
  const e = d.element;
  return [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    'ZZ',
    pad('SUBMITTER', 15),
    'ZZ',
    pad('RECEIVER', 15),
    '250301',
    '1200',
    isa12 >= '00501' ? d.repetition : 'U',
    isa12,
    isa13.padStart(9, '0'),
    '0',
    'T',
    d.component,
  ].join(e);
}

/** Re-delimit a segment written with `*` / `:` / `^`. */
function redelim(seg: string, d: Delims): string {
  if (d.element === '*' && d.component === ':' && d.repetition === '^') return seg;
  let out = '';
  for (const c of seg) out += c === '*' ? d.element : c === ':' ? d.component : c === '^' ? d.repetition : c;
  return out;
}

/** Segments of one interchange (ISA … IEA), unterminated, already re-delimited. */
export function interchangeSegments(ic: InterchangeDef, d: Delims = DEFAULT_DELIMS): string[] {
  const isa13 = (ic.isa13 ?? '1').padStart(9, '0');
  const out: string[] = [isa(isa13, d, ic.isa12)];
  ic.groups.forEach((g, gi) => {
    const gs06 = g.gs06 ?? String(gi + 1);
    out.push(redelim(`GS*${g.gs01}*SENDER*RECEIVER*${g.gs04 ?? '20250301'}*1200*${gs06}*X*${g.gs08}`, d));
    g.sets.forEach((s, si) => {
      const st02 = s.st02 ?? String(si + 1).padStart(4, '0');
      out.push(redelim(`ST*${s.st01}*${st02}${s.guide ? `*${s.guide}` : ''}`, d));
      for (const b of s.body) out.push(redelim(b, d));
      if (!ic.noSe) out.push(redelim(`SE*${s.se01 ?? s.body.length + 2}*${s.se02 ?? st02}`, d));
    });
    if (!ic.noGe) out.push(redelim(`GE*${g.ge01 ?? g.sets.length}*${g.ge02 ?? gs06}`, d));
  });
  if (!ic.noIea) out.push(redelim(`IEA*${ic.iea01 ?? ic.groups.length}*${ic.iea02 ?? isa13}`, d));
  return out;
}

/** Render one or more interchanges as file text. */
export function render(ics: InterchangeDef | InterchangeDef[], d: Partial<Delims> = {}): string {
  const delims = { ...DEFAULT_DELIMS, ...d };
  const list = Array.isArray(ics) ? ics : [ics];
  return list.map((ic) => interchangeSegments(ic, delims).map((s) => s + delims.terminator + delims.newline).join('')).join('');
}

export const GUIDE_835 = '005010X221A1';
export const GUIDE_837P = '005010X222A1';
export const GUIDE_277CA = '005010X214';
export const GUIDE_999 = '005010X231A1';

/** One 835 set in an interchange. */
export function file835(body: string[], opts: Partial<InterchangeDef> & { st02?: string } = {}): InterchangeDef {
  return { groups: [{ gs01: 'HP', gs08: GUIDE_835, sets: [{ st01: '835', st02: opts.st02, guide: GUIDE_835, body }] }], ...opts };
}

export function file837(body: string[], opts: Partial<InterchangeDef> & { st02?: string } = {}): InterchangeDef {
  return { groups: [{ gs01: 'HC', gs08: GUIDE_837P, sets: [{ st01: '837', st02: opts.st02, guide: GUIDE_837P, body }] }], ...opts };
}

// ---------------------------------------------------------------------------------------------------------------
// 835 pieces

export interface Remit835 {
  handling?: string;
  amount: string;
  method?: string;
  date?: string;
  trn02: string;
  payerId?: string;
  ref2u?: string;
  payeeNpi?: string;
  claims: string[][];
  plb?: string[];
}

export function remit835(r: Remit835): string[] {
  const out = [
    `BPR*${r.handling ?? 'I'}*${r.amount}*C*${r.method ?? 'ACH'}*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*${r.date ?? '20250305'}`,
    `TRN*1*${r.trn02}*1512345678`,
    'DTM*405*20250304',
    // payerId '' leaves N103/N104 out, as most 5010 payers do (the plan is then named in REF*2U)
    r.payerId === '' ? 'N1*PR*ACME HEALTH PLAN' : `N1*PR*ACME HEALTH PLAN*XV*${r.payerId ?? 'ACME01'}`,
    'N3*1 PAYER WAY',
    'N4*HARTFORD*CT*06101',
    ...(r.ref2u ? [`REF*2U*${r.ref2u}`] : []),
    'PER*BL*EDI DESK*TE*8005551212',
    `N1*PE*RIVERSIDE PHYSICAL THERAPY*XX*${r.payeeNpi ?? '1234567893'}`,
    'REF*TJ*123456789',
  ];
  if (r.claims.length) {
    out.push('LX*1');
    for (const c of r.claims) out.push(...c);
  }
  if (r.plb) out.push(...r.plb);
  return out;
}

/** A claim payment with the patient canary (NM1*QC) and one line per `lines` entry. */
export function claim835(
  clp: string,
  opts: { cas?: string[]; lines?: string[][]; memberId?: string; extra?: string[] } = {},
): string[] {
  return [
    `CLP*${clp}`,
    ...(opts.cas ?? []),
    `NM1*QC*1*CANARYPHI*JANE****MI*${opts.memberId ?? 'ZCM123456789'}`,
    'NM1*82*1*THERAPIST*TOM****XX*1987654321',
    ...(opts.extra ?? []),
    ...(opts.lines ?? []).flat(),
  ];
}

/** An SVC line: `svc` = "HC:97110:GP*100*80**4"; then DTM*472, CAS lines, REF*6R, AMT*B6. */
export function line835(svc: string, opts: { date?: string; cas?: string[]; ref6r?: string; allowed?: string; extra?: string[] } = {}): string[] {
  return [
    `SVC*${svc}`,
    `DTM*472*${opts.date ?? '20250210'}`,
    ...(opts.cas ?? []),
    ...(opts.ref6r ? [`REF*6R*${opts.ref6r}`] : []),
    ...(opts.allowed ? [`AMT*B6*${opts.allowed}`] : []),
    ...(opts.extra ?? []),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// 837P pieces

export interface Claim837 {
  clm01: string;
  charge: string;
  pos?: string;
  freq?: string;
  refs?: string[];
  lines: { sv1: string; date?: string; refs?: string[]; rendering?: string }[];
  rendering?: string;
  referring?: string;
}

export function claim837(c: Claim837): string[] {
  const out = [
    `CLM*${c.clm01}*${c.charge}***${c.pos ?? '11'}:B:${c.freq ?? '1'}*Y*A*Y*Y`,
    'DTP*454*D8*20250201',
    ...(c.refs ?? []),
    'HI*ABK:M5450',
  ];
  if (c.referring) out.push(`NM1*DN*1*REFERRER*RITA****XX*${c.referring}`);
  if (c.rendering) out.push(`NM1*82*1*THERAPIST*TOM****XX*${c.rendering}`, 'PRV*PE*PXC*225100000X');
  c.lines.forEach((l, i) => {
    out.push(`LX*${i + 1}`, `SV1*${l.sv1}`, `DTP*472*${l.date ?? 'D8*20250210'}`, ...(l.refs ?? []));
    if (l.rendering) out.push(`NM1*82*1*THERAPIST*TINA****XX*${l.rendering}`);
  });
  return out;
}

export interface Bill837 {
  billingNpi?: string;
  payerId?: string;
  memberId?: string;
  /** When set, the claims belong to a dependent patient (2000C) instead of the subscriber. */
  dependent?: boolean;
  sbr01?: string;
  claims: Claim837[];
  bht04?: string;
}

export function bill837(b: Bill837): string[] {
  const out = [
    `BHT*0019*00*BATCH0001*${b.bht04 ?? '20250211'}*1200*CH`,
    'NM1*41*2*RIVERSIDE PHYSICAL THERAPY*****46*SUBMIT01',
    'PER*IC*BILLING*TE*5555550100',
    'NM1*40*2*ACME CLEARINGHOUSE*****46*RECV01',
    'HL*1**20*1',
    `NM1*85*2*RIVERSIDE PHYSICAL THERAPY*****XX*${b.billingNpi ?? '1234567893'}`,
    'N3*100 CLINIC ROAD',
    'N4*SPRINGFIELD*IL*62701',
    'REF*EI*123456789',
    `HL*2*1*22*${b.dependent ? 1 : 0}`,
    `SBR*${b.sbr01 ?? 'P'}*${b.dependent ? '' : '18'}*GRP01******CI`,
    `NM1*IL*1*CANARYPHI*JOHN****MI*${b.memberId ?? 'ZCM123456789'}`,
    'N3*1 CANARY STREET',
    'N4*SPRINGFIELD*IL*62701',
    'DMG*D8*19700101*M',
    `NM1*PR*2*ACME HEALTH PLAN*****PI*${b.payerId ?? 'ACME01'}`,
  ];
  if (b.dependent) {
    out.push('HL*3*2*23*0', 'PAT*19', 'NM1*QC*1*CANARYPHI*JUNIOR', 'N3*1 CANARY STREET', 'N4*SPRINGFIELD*IL*62701', 'DMG*D8*20100101*M');
  }
  for (const c of b.claims) out.push(...claim837(c));
  return out;
}
