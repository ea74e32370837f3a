/**
 * Large synthetic X12 files for the ingest benchmark, shaped like what a PT clinic group sends and receives:
 *
 * - 835: one ST per payment (EFT), 20–150 claims each, 1–4 service lines per claim (97110, 97140, 97112, 97530,
 *   97161–97163, G0283 with GP / 59 / KX modifiers), line CAS*CO contractual and CAS*PR deductible / coinsurance /
 *   copay, some denials (CAS*CO*197, CLP02 = 4), REF*6R line control numbers, AMT*B6 allowed amounts, LQ*HE remarks,
 *   NM1*QC / NM1*IL / NM1*82, DTM*232/233/050, some PLB (WO recoupments). Every set balances (service, claim,
 *   transaction) so no finding is written.
 * - 837P: one ST per submission batch (20–120 claims), a billing provider (2000A) per set, subscribers (2000B) with
 *   1–3 claims, about one in eight for a dependent (2000C), 1–4 lines (LX / SV1 / DTP*472 / REF*6R), REF*G1 prior
 *   authorisations, referring (2310A) and rendering (2310B) providers.
 *
 * Names and member ids are fake, drawn from small lists (no PHI canaries: the benchmark is not a PHI test). A seeded
 * PRNG makes the output a pure function of (kind, size). Segments end with `~` and a newline.
 */
import fs from 'node:fs';
import { prng } from '../helpers/prng.ts';

/** Bump when the generated content changes, so cached files in .bench/ are rebuilt. */
export const SYNTH_VERSION = 1;

const FIRST = ['ALEX', 'BROOKE', 'CARMEN', 'DANA', 'ELI', 'FAYE', 'GRANT', 'HANA', 'IVAN', 'JUNE', 'KAI', 'LENA', 'MILO', 'NORA', 'OTIS', 'PIA', 'QUINN', 'ROSA', 'SETH', 'TESS'];
const LAST = ['ABERNATHY', 'BRISTOW', 'CALLOWAY', 'DUNMORE', 'ELLSWORTH', 'FAIRCHILD', 'GARRISON', 'HOLLOWAY', 'IRVING', 'JANSEN', 'KESSLER', 'LOCKHART', 'MARLOWE', 'NORCROSS', 'OAKLEY', 'PEMBERTON', 'QUINLAN', 'RADCLIFFE', 'SUTHERLAND', 'THORNTON'];
const PAYERS = [
  { name: 'NORTHWIND HEALTH PLAN', id: 'NWH01', filing: 'CI' },
  { name: 'MEDICARE PART B', id: 'MCB01', filing: 'MB' },
  { name: 'BLUE VALLEY SHIELD', id: 'BVS01', filing: 'BL' },
  { name: 'HARBOR MUTUAL', id: 'HBM01', filing: 'CI' },
  { name: 'STATE WORKERS COMP', id: 'SWC01', filing: 'WC' },
];
const CLINICS = [
  { name: 'LAKESIDE PHYSICAL THERAPY', npi: '1234567893', tin: '123456789' },
  { name: 'HILLCREST PT AND REHAB', npi: '1518293745', tin: '987654321' },
  { name: 'BAYVIEW MOTION CLINIC', npi: '1629384756', tin: '456789123' },
];
const THERAPISTS = ['1987654321', '1876543219', '1765432198', '1654321987'];
/** CPT, charge per unit in cents, allowed share. */
const CODES: [string, number][] = [
  ['97110', 4500],
  ['97140', 4200],
  ['97112', 4600],
  ['97530', 4800],
  ['97116', 4100],
  ['G0283', 2500],
  ['97161', 11000],
  ['97162', 12000],
];
const REMARKS = ['N130', 'M15', 'N381', 'MA130'];

const money = (c: number): string => {
  const neg = c < 0;
  const a = Math.abs(c);
  const whole = Math.floor(a / 100);
  const frac = a % 100;
  return `${neg ? '-' : ''}${whole}${frac ? `.${String(frac).padStart(2, '0')}` : ''}`;
};

const date = (day: number): string => {
  const d = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
};

/** Streams segments to a file, counting segments per set and bytes. */
class Writer {
  bytes = 0;
  private parts: string[] = [];
  private pending = 0;
  setSegs = 0;
  constructor(private readonly fd: number) {}
  seg(s: string): void {
    const line = `${s}~\n`;
    this.parts.push(line);
    this.pending += line.length;
    this.bytes += line.length;
    this.setSegs++;
    if (this.pending > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length) fs.writeSync(this.fd, this.parts.join(''), null, 'latin1');
    this.parts = [];
    this.pending = 0;
  }
}

function isa(isa13: string, receiver: string): string {
  return `ISA*00*          *00*          *ZZ*${'REVCYCLEBENCH'.padEnd(15)}*ZZ*${receiver.padEnd(15)}*250301*1200*^*00501*${isa13}*0*P*:`;
}

interface Line {
  code: string;
  mods: string;
  units: number;
  charge: number;
}

function pickLines(r: () => number): Line[] {
  const n = 1 + Math.floor(r() * 4);
  const out: Line[] = [];
  for (let i = 0; i < n; i++) {
    const [code, unit] = i === 0 && r() < 0.15 ? CODES[6 + Math.floor(r() * 2)]! : CODES[Math.floor(r() * 6)]!;
    const units = code.startsWith('9716') ? 1 : 1 + Math.floor(r() * 3);
    const mods = code.startsWith('9716') ? ':GP' : r() < 0.2 ? ':GP:59' : r() < 0.1 ? ':GP:KX' : ':GP';
    out.push({ code, mods, units, charge: unit * units });
  }
  return out;
}

function person(r: () => number): { last: string; first: string; member: string } {
  const p = Math.floor(r() * 40_000);
  return { last: LAST[p % LAST.length]!, first: FIRST[Math.floor(p / LAST.length) % FIRST.length]!, member: `W${String(700000000 + p * 7919 % 99999999)}` };
}

/** Write a synthetic 835 of at least `targetBytes`. */
export function write835(file: string, targetBytes: number): { bytes: number; sets: number; claims: number } {
  const r = prng(835);
  const fd = fs.openSync(file, 'w');
  const w = new Writer(fd);
  w.seg(isa('000008350', 'LAKESIDEPT'));
  w.seg('GS*HP*PAYERSEND*LAKESIDEPT*20250305*1200*8350*X*005010X221A1');
  let sets = 0;
  let claims = 0;
  while (w.bytes < targetBytes) {
    sets++;
    const payer = PAYERS[Math.floor(r() * PAYERS.length)]!;
    const clinic = CLINICS[Math.floor(r() * CLINICS.length)]!;
    const payDay = 60 + Math.floor(r() * 300);
    const st02 = String(sets).padStart(6, '0');
    // Claims first (balancing needs Σ CLP04 in BPR02): build the body, then the header.
    const body: string[] = [];
    let total = 0;
    const nClaims = 20 + Math.floor(r() * 131);
    for (let c = 0; c < nClaims; c++) {
      claims++;
      const pcn = `PCN${payDay}${String(claims).padStart(7, '0')}`;
      const pat = person(r);
      const denied = r() < 0.07;
      const svcDay = payDay - 14 - Math.floor(r() * 20);
      const lines = pickLines(r);
      let charge = 0;
      let paid = 0;
      let pr = 0;
      const lineSegs: string[] = [];
      lines.forEach((l, i) => {
        const allowed = denied ? 0 : Math.round((l.charge * (55 + Math.floor(r() * 30))) / 100);
        const co = l.charge - allowed;
        const prAmt = denied ? 0 : r() < 0.35 ? Math.min(allowed, 2000 + Math.floor(r() * 3) * 500) : 0;
        const linePaid = allowed - prAmt;
        charge += l.charge;
        paid += linePaid;
        pr += prAmt;
        lineSegs.push(`SVC*HC:${l.code}${l.mods}*${money(l.charge)}*${money(linePaid)}**${l.units}`);
        lineSegs.push(`DTM*472*${date(svcDay)}`);
        if (denied) lineSegs.push(`CAS*CO*197*${money(co)}`);
        else if (co) lineSegs.push(`CAS*CO*45*${money(co)}`);
        if (prAmt) lineSegs.push(`CAS*PR*${r() < 0.5 ? '3' : '2'}*${money(prAmt)}`);
        lineSegs.push(`REF*6R*${pcn}-${i + 1}`);
        if (!denied) lineSegs.push(`AMT*B6*${money(allowed)}`);
        if (denied) lineSegs.push('LQ*HE*N130');
        else if (r() < 0.05) lineSegs.push(`LQ*HE*${REMARKS[Math.floor(r() * REMARKS.length)]}`);
      });
      total += paid;
      body.push(`CLP*${pcn}*${denied ? '4' : '1'}*${money(charge)}*${money(paid)}*${pr ? money(pr) : ''}*12*${payer.id}${String(claims).padStart(9, '0')}*11*1`);
      body.push(`NM1*QC*1*${pat.last}*${pat.first}****MI*${pat.member}`);
      if (r() < 0.2) body.push(`NM1*IL*1*${pat.last}*${FIRST[Math.floor(r() * FIRST.length)]}****MI*${pat.member}`);
      body.push(`NM1*82*1*THERAPIST*PAT****XX*${THERAPISTS[Math.floor(r() * THERAPISTS.length)]}`);
      body.push(`DTM*232*${date(svcDay)}`);
      body.push(`DTM*233*${date(svcDay)}`);
      body.push(`DTM*050*${date(svcDay + 3)}`);
      if (!denied) body.push(`AMT*AU*${money(paid)}`);
      body.push(...lineSegs);
    }
    const plb: string[] = [];
    if (r() < 0.1 && total > 5000) {
      const recoup = 1000 + Math.floor(r() * 4000);
      plb.push(`PLB*${clinic.npi}*${date(364)}*WO:RECOUP${st02}*${money(recoup)}`);
      total -= recoup;
    }
    w.setSegs = 0;
    w.seg(`ST*835*${st02}*005010X221A1`);
    w.seg(`BPR*I*${money(total)}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*${date(payDay)}`);
    w.seg(`TRN*1*EFT${payer.id}${st02}*1512345678`);
    w.seg(`DTM*405*${date(payDay - 1)}`);
    w.seg(`N1*PR*${payer.name}*XV*${payer.id}`);
    w.seg('N3*1 PAYER WAY');
    w.seg('N4*HARTFORD*CT*06101');
    w.seg('PER*BL*EDI DESK*TE*8005551212');
    w.seg(`N1*PE*${clinic.name}*XX*${clinic.npi}`);
    w.seg(`REF*TJ*${clinic.tin}`);
    w.seg('LX*1');
    for (const s of body) w.seg(s);
    for (const s of plb) w.seg(s);
    w.seg(`SE*${w.setSegs + 1}*${st02}`);
  }
  w.seg(`GE*${sets}*8350`);
  w.seg('IEA*1*000008350');
  w.flush();
  fs.closeSync(fd);
  return { bytes: w.bytes, sets, claims };
}

/** Write a synthetic 837P of at least `targetBytes`. */
export function write837(file: string, targetBytes: number): { bytes: number; sets: number; claims: number } {
  const r = prng(837);
  const fd = fs.openSync(file, 'w');
  const w = new Writer(fd);
  w.seg(isa('000008370', 'CLEARINGHOUSE'));
  w.seg('GS*HC*LAKESIDEPT*CLEARINGHOUSE*20250301*1200*8370*X*005010X222A1');
  let sets = 0;
  let claims = 0;
  while (w.bytes < targetBytes) {
    sets++;
    const clinic = CLINICS[Math.floor(r() * CLINICS.length)]!;
    const day = Math.floor(r() * 360);
    const st02 = String(sets).padStart(6, '0');
    w.setSegs = 0;
    w.seg(`ST*837*${st02}*005010X222A1`);
    w.seg(`BHT*0019*00*B${st02}*${date(day)}*1730*CH`);
    w.seg(`NM1*41*2*${clinic.name}*****46*SUB${clinic.tin}`);
    w.seg('PER*IC*BILLING OFFICE*TE*5555550100');
    w.seg('NM1*40*2*CLEARINGHOUSE INC*****46*CLEAR01');
    w.seg('HL*1**20*1');
    w.seg('PRV*BI*PXC*225100000X');
    w.seg(`NM1*85*2*${clinic.name}*****XX*${clinic.npi}`);
    w.seg('N3*100 CLINIC ROAD');
    w.seg('N4*SPRINGFIELD*IL*62701');
    w.seg(`REF*EI*${clinic.tin}`);
    let hl = 1;
    const target = 20 + Math.floor(r() * 101);
    let inSet = 0;
    while (inSet < target) {
      const payer = PAYERS[Math.floor(r() * PAYERS.length)]!;
      const sub = person(r);
      const dependent = r() < 0.125;
      const subHl = ++hl;
      w.seg(`HL*${subHl}*1*22*${dependent ? 1 : 0}`);
      w.seg(`SBR*P*${dependent ? '' : '18'}*GRP${payer.id}******${payer.filing}`);
      w.seg(`NM1*IL*1*${sub.last}*${sub.first}****MI*${sub.member}`);
      w.seg('N3*12 ELM STREET');
      w.seg('N4*SPRINGFIELD*IL*62704');
      w.seg(`DMG*D8*19${50 + Math.floor(r() * 50)}0${1 + Math.floor(r() * 9)}15*${r() < 0.5 ? 'F' : 'M'}`);
      w.seg(`NM1*PR*2*${payer.name}*****PI*${payer.id}`);
      if (dependent) {
        const pat = person(r);
        w.seg(`HL*${++hl}*${subHl}*23*0`);
        w.seg('PAT*19');
        w.seg(`NM1*QC*1*${sub.last}*${pat.first}`);
        w.seg('N3*12 ELM STREET');
        w.seg('N4*SPRINGFIELD*IL*62704');
        w.seg(`DMG*D8*20${10 + Math.floor(r() * 10)}0${1 + Math.floor(r() * 9)}20*${r() < 0.5 ? 'F' : 'M'}`);
      }
      const nClaims = 1 + Math.floor(r() * 3);
      for (let c = 0; c < nClaims; c++) {
        claims++;
        inSet++;
        const pcn = `PCN${day}${String(claims).padStart(7, '0')}`;
        const lines = pickLines(r);
        const charge = lines.reduce((n, l) => n + l.charge, 0);
        const svcDay = Math.max(0, day - Math.floor(r() * 3));
        w.seg(`CLM*${pcn}*${money(charge)}***11:B:1*Y*A*Y*Y`);
        w.seg(`DTP*431*D8*${date(Math.max(0, svcDay - 30))}`);
        if (r() < 0.4) w.seg(`REF*G1*AUTH${String(claims % 100000).padStart(5, '0')}`);
        w.seg(`HI*ABK:M545${Math.floor(r() * 10)}*ABF:M6281`);
        if (r() < 0.3) w.seg('NM1*DN*1*REFERRER*RITA****XX*1555555555');
        w.seg(`NM1*82*1*THERAPIST*PAT****XX*${THERAPISTS[Math.floor(r() * THERAPISTS.length)]}`);
        w.seg('PRV*PE*PXC*225100000X');
        lines.forEach((l, i) => {
          w.seg(`LX*${i + 1}`);
          w.seg(`SV1*HC:${l.code}${l.mods}*${money(l.charge)}*UN*${l.units}***1`);
          w.seg(`DTP*472*D8*${date(svcDay)}`);
          w.seg(`REF*6R*${pcn}-${i + 1}`);
        });
      }
    }
    w.seg(`SE*${w.setSegs + 1}*${st02}`);
  }
  w.seg(`GE*${sets}*8370`);
  w.seg('IEA*1*000008370');
  w.flush();
  fs.closeSync(fd);
  return { bytes: w.bytes, sets, claims };
}
