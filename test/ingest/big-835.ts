/**
 * A large, valid, balanced 835 for the crash test: one interchange, one functional group, many transaction sets (one
 * payment each: its own TRN02, BPR02 = Σ CLP04 − Σ PLB), each with `claimsPerSet` claims of 1–4 service lines. Paid,
 * partly paid and denied claims, CO/PR adjustments, AMT*B6, REF*6R, and a PLB WO takeback in every other set.
 * Deterministic for a seed; written streaming (memory bounded by one set). Patient data uses the PHI canaries.
 */
import fs from 'node:fs';
import { isa, DEFAULT_DELIMS, GUIDE_835 } from '../x12/builder.ts';
import { prng } from '../helpers/prng.ts';

export interface Big835 {
  bytes: number;
  sets: number;
  claims: number;
  lines: number;
  /** Σ CLP04, Σ PLB04, Σ BPR02 in cents. */
  clp04Cents: number;
  plbCents: number;
  bprCents: number;
}

const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const CODES = ['97110', '97112', '97116', '97140', '97530', 'G0283'];

export function writeBig835(file: string, opts: { bytes: number; seed?: number; claimsPerSet?: number; isa13?: string; payerId?: string }): Big835 {
  const rnd = prng(opts.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const claimsPerSet = opts.claimsPerSet ?? 1000;
  const payerId = opts.payerId ?? 'BIGPAYER01';
  const isa13 = (opts.isa13 ?? '900000001').padStart(9, '0');
  const t = DEFAULT_DELIMS.terminator + DEFAULT_DELIMS.newline;
  const fd = fs.openSync(file, 'w');
  const out: Big835 = { bytes: 0, sets: 0, claims: 0, lines: 0, clp04Cents: 0, plbCents: 0, bprCents: 0 };
  const write = (segs: string[]) => {
    const text = segs.join(t) + t;
    fs.writeSync(fd, text, null, 'latin1');
    out.bytes += Buffer.byteLength(text, 'latin1');
  };
  try {
    write([isa(isa13, DEFAULT_DELIMS), `GS*HP*${payerId}*RECEIVER*20250301*1200*1*X*${GUIDE_835}`]);
    while (out.bytes < opts.bytes) {
      const s = ++out.sets;
      const st02 = String(s).padStart(4, '0');
      const body: string[] = ['LX*1'];
      let setPaid = 0;
      for (let k = 0; k < claimsPerSet; k++) {
        const n = ++out.claims;
        const denied = rnd() < 0.06;
        const lines: string[] = [];
        let charge = 0;
        let paid = 0;
        let patient = 0;
        const nLines = int(1, 4);
        for (let l = 1; l <= nLines; l++) {
          out.lines++;
          const units = int(1, 3);
          const c = units * int(4000, 9000);
          const code = CODES[int(0, CODES.length - 1)]!;
          lines.push(`SVC*HC:${code}:GP*${money(c)}*`, `DTM*472*202502${String(int(1, 28)).padStart(2, '0')}`);
          if (denied) {
            lines[lines.length - 2] += `0.00**${units}`;
            lines.push(`CAS*CO*197*${money(c)}`, `REF*6R*B${n}-${l}`);
            charge += c;
            continue;
          }
          const allowed = Math.round(c * (0.45 + rnd() * 0.2));
          const pr = rnd() < 0.4 ? Math.round(allowed * 0.2) : 0;
          const p = allowed - pr;
          lines[lines.length - 2] += `${money(p)}**${units}`;
          lines.push(`CAS*CO*45*${money(c - allowed)}`);
          if (pr) lines.push(`CAS*PR*2*${money(pr)}`);
          lines.push(`REF*6R*B${n}-${l}`, `AMT*B6*${money(allowed)}`);
          charge += c;
          paid += p;
          patient += pr;
        }
        body.push(
          `CLP*BIG${n}*${denied ? 4 : 1}*${money(charge)}*${money(paid)}*${money(patient)}*12*PCC${n}*11*1`,
          `NM1*QC*1*CANARYPHI*JANE****MI*ZCM${String(100000000 + (n % 900000000)).padStart(9, '0')}`,
          ...lines,
        );
        setPaid += paid;
      }
      let plb = 0;
      if (s % 2 === 0) {
        plb = int(500, 5000);
        body.push(`PLB*1234567893*20251231*WO:OVP${s}*${money(plb)}`);
      }
      const bpr = setPaid - plb;
      out.clp04Cents += setPaid;
      out.plbCents += plb;
      out.bprCents += bpr;
      const head = [
        `ST*835*${st02}*${GUIDE_835}`,
        `BPR*I*${money(bpr)}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20250305`,
        `TRN*1*BIG${String(s).padStart(6, '0')}*1512345678`,
        'DTM*405*20250304',
        `N1*PR*BIG PAYER*XV*${payerId}`,
        'N3*1 PAYER WAY',
        'N4*HARTFORD*CT*06101',
        'PER*BL*EDI DESK*TE*8005551212',
        'N1*PE*RIVERSIDE PHYSICAL THERAPY*XX*1234567893',
        'REF*TJ*123456789',
      ];
      write([...head, ...body, `SE*${head.length + body.length + 1}*${st02}`]);
    }
    write([`GE*${out.sets}*1`, `IEA*1*${isa13}`]);
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
