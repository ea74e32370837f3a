// Tests of the clinic simulator (src/simulate): determinism, X12 validity (envelopes, 835 balancing, 837 totals),
// the CSV contract of DESIGN.md §5, and the behaviours DESIGN.md §9 asks the data to show.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHI_CANARY_PATTERNS, PHI_CANARY_STRINGS } from '../../src/simulate/canaries.ts';
import { simulate } from '../../src/simulate/index.ts';
import type { SimulateSummary } from '../../src/simulate/index.ts';
import { balanceErrors, daysBetween, envelopeErrors, isDenialAdj, parse835, parse837 } from './x12-check.ts';
import type { Claim837, ClpRec, Remit835 } from './x12-check.ts';

/** DESIGN.md §5, copied here on purpose (required columns first-class: `*`). */
const CONTRACT: Record<string, string> = {
  clinics: '*clinic_id,*clinic_name,*billing_npi,tin,timezone',
  providers: '*provider_npi,*clinic_id,discipline,display_name',
  payers: '*payer_id,*payer_name,*financial_class,*x12_payer_id,*requires_auth,auth_exempt_visits,in_network,timely_filing_days',
  fee_schedule: '*payer_id,*cpt,modifier,*allowed_amount,*effective_from,effective_to',
  visits: '*visit_id,*clinic_id,*patient_id,*provider_npi,*visit_date,*visit_type,*status,payer_id,claim_id,documented_at,charge_entered_at,minutes',
  appointments: '*appointment_id,*patient_id,*scheduled_date,payer_id,status',
  authorizations: '*auth_id,*patient_id,*payer_id,*status,*requested_on,decided_on,start_date,end_date,approved_visits,requested_visits,previous_auth_id',
  payments: '*payment_id,*source,*amount,*received_on,*posted_on,method,payer_id,patient_id,claim_id,visit_id,trace_number',
  credentialing: '*provider_npi,*payer_id,*status,applied_on,effective_on,terminated_on',
  denial_actions: '*claim_id,*action,*action_on,amount,note',
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function hashes(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of walk(dir)) m.set(relative(dir, f), createHash('sha256').update(readFileSync(f)).digest('hex'));
  return m;
}

type Row = Record<string, string>;

const entityCache = new Map<string, Row[]>();

function readEntity(dir: string, entity: string): Row[] {
  const key = `${dir}|${entity}`;
  const hit = entityCache.get(key);
  if (hit) return hit;
  const rows: Row[] = [];
  for (const f of readdirSync(join(dir, 'ehr')).sort()) {
    if (f === `${entity}.csv` || (f.startsWith(`${entity}_`) && f.endsWith('.csv'))) {
      rows.push(...(parse(readFileSync(join(dir, 'ehr', f)), { columns: true }) as Row[]));
    }
  }
  entityCache.set(key, rows);
  return rows;
}

const base = mkdtempSync(join(tmpdir(), 'revcycle-sim-'));
const dirA = join(base, 'a');
let summary: SimulateSummary;
let remits: Remit835[] = [];
let claims837: Claim837[] = [];
let lastDay = '';
const payersCsv: Row[] = [];
const x12ByPayerId = new Map<string, string>();

beforeAll(async () => {
  summary = await simulate({ out: dirA });
  for (const f of walk(join(dirA, 'x12', '835'))) remits.push(...parse835(f, readFileSync(f, 'latin1')));
  for (const f of walk(join(dirA, 'x12', '837p'))) claims837.push(...parse837(f, readFileSync(f, 'latin1')));
  remits = remits.sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file));
  payersCsv.push(...readEntity(dirA, 'payers'));
  for (const p of payersCsv) x12ByPayerId.set(p.x12_payer_id as string, p.payer_id as string);
  lastDay = claims837.reduce((m, c) => (c.bht04 > m ? c.bht04 : m), '');
}, 60_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** First adjudication record per claim (DESIGN §6.1), keyed by payee NPI + CLP01. */
function firstAdjudications(): Map<string, { rec: ClpRec; remit: Remit835 }> {
  const first = new Map<string, { rec: ClpRec; remit: Remit835 }>();
  for (const r of remits) {
    for (const c of r.clps) {
      if (!['1', '2', '3', '4', '19', '20', '21'].includes(c.status)) continue;
      const key = `${r.payeeNpi}|${c.clp01}`;
      if (!first.has(key)) first.set(key, { rec: c, remit: r });
    }
  }
  return first;
}

function denialAdjs(c: ClpRec) {
  return [...c.claimCas, ...c.svcs.flatMap((s) => s.cas)].filter(isDenialAdj);
}

describe('determinism', { timeout: 60_000 }, () => {
  it('same options give byte-identical files; another seed gives different ones', async () => {
    const b = join(base, 'b');
    const c = join(base, 'c');
    const d = join(base, 'd');
    const sb = await simulate({ out: b });
    expect(sb).toEqual({ ...summary, outDir: b });
    const ha = hashes(dirA);
    const hb = hashes(b);
    expect([...hb.keys()]).toEqual([...ha.keys()]);
    for (const [k, v] of ha) expect(hb.get(k), k).toBe(v);
    await simulate({ out: c, months: 2, seed: 7 });
    await simulate({ out: d, months: 2, seed: 8 });
    const hc = hashes(c);
    const hd = hashes(d);
    // Reference tables (clinics, payers, fee schedules, …) and 999s do not depend on the seed; everything else does.
    const seeded = [...hc.keys()].filter((k) => /^(x12\/(837p|835|277ca)|ehr\/(visits|payments|authorizations|appointments))/.test(k));
    expect(seeded.length).toBeGreaterThan(20);
    expect(seeded.filter((k) => hd.get(k) === hc.get(k))).toEqual([]);
  }, 60_000);

  it('reports what it wrote', () => {
    const files = walk(dirA);
    expect(summary.files).toBe(files.length);
    expect(summary.bytes).toBe(files.reduce((t, f) => t + statSync(f).size, 0));
    expect(summary.claims).toBeGreaterThan(5000);
    expect(summary.claimLines).toBeGreaterThan(summary.claims * 2);
    for (const k of ['x12_837p', 'x12_835', 'x12_277ca', 'x12_999', 'csv_visits', 'csv_payments']) expect(summary.byKind[k]?.files).toBeGreaterThan(0);
  });
});

describe('X12 validity', { timeout: 60_000 }, () => {
  it('every file has correct envelopes and counts, LF after each terminator', () => {
    for (const f of walk(join(dirA, 'x12'))) {
      const text = readFileSync(f, 'latin1');
      expect(envelopeErrors(text), f).toEqual([]);
      expect(text.includes('\r'), f).toBe(false);
      expect(/~(?!\n)/.test(text), f).toBe(false);
    }
  });

  it('GS08 and GS01 match the transaction', () => {
    const expectGs = { '837p': 'GS*HC*', '835': 'GS*HP*', '277ca': 'GS*HN*', '999': 'GS*FA*' } as const;
    const version = { '837p': '005010X222A1', '835': '005010X221A1', '277ca': '005010X214', '999': '005010X231A1' } as const;
    for (const kind of Object.keys(expectGs) as (keyof typeof expectGs)[]) {
      for (const f of walk(join(dirA, 'x12', kind))) {
        const gs = readFileSync(f, 'latin1').split('~\n')[1] as string;
        expect(gs.startsWith(expectGs[kind]), f).toBe(true);
        expect(gs.endsWith(`*X*${version[kind]}`), f).toBe(true);
      }
    }
  });

  it('every 835 balances exactly (B-S, B-C, B-T, B-I, B-P)', () => {
    expect(remits.length).toBeGreaterThan(100);
    const errors = remits.flatMap(balanceErrors);
    expect(errors.slice(0, 10)).toEqual([]);
  });

  it('TRN02 is unique per payer and each ST pays one clinic', () => {
    const seen = new Set<string>();
    for (const r of remits) {
      const k = `${r.payerX12}|${r.trace}`;
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
      expect(r.payeeNpi).toMatch(/^\d{10}$/);
    }
  });

  it('837P: CLM02 = Σ SV102, CLM01 ≤ 17 characters, REF*F8 on frequency 7/8, GP on every line', () => {
    expect(claims837.length).toBeGreaterThan(5000);
    const bad: string[] = [];
    for (const c of claims837) {
      if (c.lines.reduce((t, l) => t + l.charge, 0) !== c.clm02) bad.push(`${c.clm01}: CLM02 != Σ SV102`);
      if (c.clm01.length > 17) bad.push(`${c.clm01}: too long`);
      if (c.freq !== '1' && !c.refF8) bad.push(`${c.clm01}: frequency ${c.freq} without REF*F8`);
      for (const l of c.lines) {
        if (!/^HC:(9716[1-4]|9711[026]|97140|97530|G0283):GP(:(KX|59))*$/.test(l.proc)) bad.push(`${c.clm01}: ${l.proc}`);
        if (!(Number(l.units) > 0)) bad.push(`${c.clm01}: units ${l.units}`);
        if (!/^20\d{6}$/.test(l.date)) bad.push(`${c.clm01}: date ${l.date}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(claims837.some((c) => c.freq === '7')).toBe(true);
    expect(claims837.some((c) => c.freq === '8')).toBe(true);
    expect(claims837.some((c) => c.lines.some((l) => l.proc.includes(':KX')))).toBe(true);
    expect(claims837.some((c) => c.lines.some((l) => l.proc.includes(':59')))).toBe(true);
  });

  it('277CA rejections (A7/A3) are resubmitted later as a new original with the same CLM01', () => {
    const rejected: string[] = [];
    for (const f of walk(join(dirA, 'x12', '277ca'))) {
      const segs = readFileSync(f, 'latin1').split('~\n');
      for (let i = 0; i < segs.length; i++) {
        if (/^STC\*A[37]:/.test(segs[i] as string)) rejected.push((segs[i - 1] as string).split('*')[2] as string);
      }
    }
    expect(rejected.length).toBeGreaterThan(20);
    const originals = new Map<string, number>();
    for (const c of claims837) if (c.freq === '1') originals.set(`${c.billingNpi}|${c.clm01}`, (originals.get(`${c.billingNpi}|${c.clm01}`) ?? 0) + 1);
    const resent = rejected.filter((id) => [...originals].some(([k, n]) => k.endsWith(`|${id}`) && n >= 2));
    expect(resent.length / rejected.length).toBeGreaterThan(0.8);
  });
});

describe('EHR CSV exports follow DESIGN.md §5', { timeout: 60_000 }, () => {
  it('every entity is present with exactly the contract columns and required values', () => {
    const files = readdirSync(join(dirA, 'ehr'));
    for (const [entity, spec] of Object.entries(CONTRACT)) {
      const mine = files.filter((f) => f === `${entity}.csv` || f.startsWith(`${entity}_`));
      expect(mine.length, entity).toBeGreaterThan(0);
      const cols = spec.split(',');
      for (const f of mine) {
        const text = readFileSync(join(dirA, 'ehr', f), 'utf8');
        expect(text.split('\n')[0], f).toBe(cols.map((c) => c.replace('*', '')).join(','));
        const rows = parse(text, { columns: true }) as Row[];
        const missing: string[] = [];
        for (const c of cols.filter((x) => x.startsWith('*')).map((x) => x.slice(1))) {
          for (const r of rows) if (!r[c]) missing.push(`${f} ${c}`);
        }
        expect(missing.slice(0, 5)).toEqual([]);
      }
    }
  });

  it('ERA payments match an 835 by trace number and amount; posting lag is mostly 0–1 days', () => {
    const byTrace = new Map(remits.map((r) => [r.trace, r]));
    const era = readEntity(dirA, 'payments').filter((p) => p.method === 'era');
    expect(era.length).toBeGreaterThan(100);
    let fast = 0;
    for (const p of era) {
      const r = byTrace.get(p.trace_number as string);
      expect(r, p.trace_number).toBeDefined();
      expect(Math.round(Number(p.amount) * 100)).toBe(r?.bpr02);
      expect((p.received_on as string).replace(/-/g, '')).toBe(r?.date);
      if (daysBetween((p.received_on as string).replace(/-/g, ''), (p.posted_on as string).replace(/-/g, '')) <= 1) fast++;
    }
    expect(fast / era.length).toBeGreaterThan(0.7);
    expect(fast / era.length).toBeLessThan(1);
  });

  it('cash-pay visits are paid by patient payments linked by visit_id', () => {
    const visits = readEntity(dirA, 'visits');
    const cash = visits.filter((v) => v.status === 'completed' && v.payer_id === '');
    expect(cash.length).toBeGreaterThan(200);
    const paid = new Set(readEntity(dirA, 'payments').filter((p) => p.source === 'patient' && p.visit_id).map((p) => p.visit_id));
    expect(cash.filter((v) => paid.has(v.visit_id)).length).toBe(cash.length);
  });
});

describe('behaviours of DESIGN.md §9', { timeout: 60_000 }, () => {
  it('systematic payer: aetna denies > 10% in the last 8 weeks, ≥ 5 denials, mostly credentialing', () => {
    const first = firstAdjudications();
    const stats = new Map<string, { n: number; denied: number; cred: number }>();
    for (const { rec, remit } of first.values()) {
      if (daysBetween(remit.date, lastDay) > 56) continue;
      const payer = x12ByPayerId.get(remit.payerX12) as string;
      const s = stats.get(payer) ?? { n: 0, denied: 0, cred: 0 };
      s.n++;
      const adjs = denialAdjs(rec);
      if (rec.status === '4' || adjs.length > 0) {
        s.denied++;
        const top = adjs.sort((a, b) => b.amount - a.amount)[0];
        if (top && ['185', 'B7'].includes(top.reason)) s.cred++;
      }
      stats.set(payer, s);
    }
    const aetna = stats.get('aetna') as { n: number; denied: number; cred: number };
    expect(aetna.denied / aetna.n).toBeGreaterThan(0.1);
    expect(aetna.denied).toBeGreaterThanOrEqual(5);
    expect(aetna.cred / aetna.denied).toBeGreaterThan(0.5);
    for (const p of ['medicare', 'bcbs', 'cigna']) {
      const s = stats.get(p) as { n: number; denied: number };
      expect(s.denied / s.n, p).toBeLessThan(0.1);
    }
    const cred = readEntity(dirA, 'credentialing').filter((r) => r.payer_id === 'aetna' && r.status === 'in_progress');
    expect(cred.length).toBeGreaterThan(0);
  });

  it('below-cost payer: medicaid pays (paid + patient responsibility) under $68 a visit', () => {
    let total = 0;
    let n = 0;
    for (const { rec, remit } of firstAdjudications().values()) {
      if (x12ByPayerId.get(remit.payerX12) !== 'medicaid' || rec.status !== '1') continue;
      total += rec.paid + rec.pr;
      n++;
    }
    expect(n).toBeGreaterThan(100);
    expect(total / n / 100).toBeLessThan(68);
    expect(total / n / 100).toBeGreaterThan(30);
  });

  it('one payer (uhc) underpays some lines relative to its fee schedule', () => {
    const fees = readEntity(dirA, 'fee_schedule').filter((f) => f.payer_id === 'uhc');
    const rate = new Map(fees.map((f) => [f.cpt, Math.round(Number(f.allowed_amount) * 100)]));
    let under = 0;
    for (const r of remits) {
      if (x12ByPayerId.get(r.payerX12) !== 'uhc') continue;
      for (const c of r.clps) {
        if (c.status !== '1') continue;
        for (const s of c.svcs) {
          const cpt = s.proc.split(':')[1] as string;
          const expected = (rate.get(cpt) as number) * Number(s.units);
          if (s.allowed !== null && s.paid > 0 && s.allowed < expected) under++;
        }
      }
    }
    expect(under).toBeGreaterThan(20);
  });

  it('weekly-batching clinic C02 misses the 1-day target; C01 submits within a day', () => {
    const clinics = readEntity(dirA, 'clinics');
    const npiOf = new Map(clinics.map((c) => [c.clinic_id, c.billing_npi]));
    const lagFor = (npi: string) => {
      const seen = new Set<string>();
      const lags: number[] = [];
      for (const c of [...claims837].sort((a, b) => a.bht04.localeCompare(b.bht04))) {
        if (c.billingNpi !== npi || c.freq !== '1' || seen.has(c.clm01)) continue;
        seen.add(c.clm01);
        const dos = c.lines.map((l) => l.date).sort()[0] as string;
        lags.push(daysBetween(dos, c.bht04));
      }
      return lags.sort((a, b) => a - b);
    };
    const weekly = lagFor(npiOf.get('C02') as string);
    const daily = lagFor(npiOf.get('C01') as string);
    const within1 = (l: number[]) => l.filter((x) => x <= 1).length / l.length;
    expect(weekly[Math.floor(weekly.length / 2)]).toBeGreaterThanOrEqual(3);
    expect(within1(weekly)).toBeLessThan(0.1);
    expect(within1(daily)).toBeGreaterThan(0.85);
  });

  it('auth leakage exists (over_limit, expired, no_auth) and some of it is confirmed by CO-197/198 denials', () => {
    const payers = new Map(payersCsv.map((p) => [p.payer_id, p]));
    const auths = readEntity(dirA, 'authorizations').filter((a) => a.status === 'approved');
    const byPatientPayer = new Map<string, { start: string; end: string; n: number; used: number }[]>();
    for (const a of auths) {
      const k = `${a.patient_id}|${a.payer_id}`;
      const list = byPatientPayer.get(k) ?? [];
      list.push({ start: a.start_date as string, end: a.end_date as string, n: Number(a.approved_visits), used: 0 });
      byPatientPayer.set(k, list);
    }
    const visits = readEntity(dirA, 'visits')
      .filter((v) => v.status === 'completed' && v.payer_id && payers.get(v.payer_id)?.requires_auth === 'true')
      .sort((a, b) => (a.visit_date as string).localeCompare(b.visit_date as string) || (a.visit_id as string).localeCompare(b.visit_id as string));
    const count = new Map<string, number>();
    const status = { exempt: 0, authorized: 0, over_limit: 0, expired: 0, no_auth: 0 };
    const leakedClaims = new Set<string>();
    for (const v of visits) {
      const k = `${v.patient_id}|${v.payer_id}`;
      const n = (count.get(k) ?? 0) + 1;
      count.set(k, n);
      if (n <= 1) {
        status.exempt++;
        continue;
      }
      const list = (byPatientPayer.get(k) ?? []).filter((a) => a.start <= (v.visit_date as string) && (v.visit_date as string) <= a.end);
      const avail = list.filter((a) => a.used < a.n).sort((a, b) => a.start.localeCompare(b.start))[0];
      let s: keyof typeof status;
      if (avail) {
        avail.used++;
        s = 'authorized';
      } else if (list.length) s = 'over_limit';
      else if ((byPatientPayer.get(k) ?? []).some((a) => a.end < (v.visit_date as string))) s = 'expired';
      else s = 'no_auth';
      status[s]++;
      if (s !== 'authorized' && v.claim_id) leakedClaims.add(v.claim_id as string);
    }
    expect(status.over_limit).toBeGreaterThan(5);
    expect(status.expired).toBeGreaterThan(5);
    expect(status.no_auth).toBeGreaterThan(5);
    const leakRate = (status.over_limit + status.expired + status.no_auth) / (visits.length - status.exempt);
    expect(leakRate).toBeGreaterThan(0.01);
    expect(leakRate).toBeLessThan(0.2);
    let confirmed = 0;
    for (const { rec } of firstAdjudications().values()) {
      if (leakedClaims.has(rec.clp01) && denialAdjs(rec).some((a) => a.reason === '197' || a.reason === '198')) confirmed++;
    }
    expect(confirmed).toBeGreaterThan(5);
    const all = readEntity(dirA, 'authorizations');
    expect(all.some((a) => a.previous_auth_id)).toBe(true);
    expect(all.some((a) => a.status === 'denied')).toBe(true);
    expect(all.some((a) => a.status === 'pending' && a.decided_on === '')).toBe(true);
    expect(all.some((a) => Number(a.requested_visits) > Number(a.approved_visits))).toBe(true);
  });

  it('remittance situations: reversals, corrections, split claims, PLB interest and takebacks, $0 to deductible, claim-level denials', () => {
    const all = remits.flatMap((r) => r.clps);
    expect(all.filter((c) => c.status === '22').length).toBeGreaterThan(5);
    expect(all.some((c) => c.status === '4' && c.claimCas.length > 0 && c.svcs.length === 0)).toBe(true);
    expect(all.some((c) => c.status === '1' && c.paid === 0 && c.svcs.every((s) => s.cas.every((a) => a.reason === '45' || (a.group === 'PR' && a.reason === '1'))))).toBe(true);
    expect(all.some((c) => c.status === '1' && denialAdjs(c).length > 0)).toBe(true);
    expect(remits.some((r) => r.plb.some((p) => p.code === 'L6'))).toBe(true);
    expect(remits.some((r) => r.plb.some((p) => p.code === 'WO' && p.amount > 0))).toBe(true);
    expect(remits.some((r) => r.bpr01 === 'H' && r.bpr02 === 0)).toBe(true);
    const split = remits.some((r) => {
      const ids = r.clps.filter((c) => c.status === '1').map((c) => c.clp01);
      return new Set(ids).size < ids.length;
    });
    expect(split).toBe(true);
    // A reversal negates an earlier record of the same claim exactly.
    const byKey = new Map<string, ClpRec[]>();
    for (const r of remits) for (const c of r.clps) byKey.set(`${r.payeeNpi}|${c.clp01}|${c.ccn}`, [...(byKey.get(`${r.payeeNpi}|${c.clp01}|${c.ccn}`) ?? []), c]);
    for (const recs of byKey.values()) {
      for (const rev of recs.filter((c) => c.status === '22')) {
        const orig = recs.find((c) => c.status !== '22');
        expect(orig).toBeDefined();
        expect(rev.charge + (orig as ClpRec).charge).toBe(0);
        expect(rev.paid + (orig as ClpRec).paid).toBe(0);
        expect(rev.pr + (orig as ClpRec).pr).toBe(0);
      }
    }
  });

  it('denials are worked: actions of every kind, mostly routed within 2 days, some overturned by a later paying 835', () => {
    const actions = readEntity(dirA, 'denial_actions');
    const kinds = new Set(actions.map((a) => a.action));
    for (const k of ['appeal', 'corrected_claim', 'patient_outreach', 'write_off', 'resubmit']) expect(kinds.has(k), k).toBe(true);
    expect(actions.filter((a) => a.action === 'write_off').every((a) => Number(a.amount) > 0)).toBe(true);
    const first = firstAdjudications();
    const overturned = new Set<string>();
    const deniedFirst = new Map<string, string>();
    for (const [k, { rec, remit }] of first) if (rec.status === '4' || denialAdjs(rec).length) deniedFirst.set(k.split('|')[1] as string, remit.date);
    for (const r of remits) {
      for (const c of r.clps) {
        const d = deniedFirst.get(c.clp01);
        if (d && r.date > d && c.status !== '22' && c.paid > 0) overturned.add(c.clp01);
      }
    }
    expect(overturned.size).toBeGreaterThan(20);
    const firstAction = new Map<string, string>();
    for (const a of [...actions].sort((x, y) => (x.action_on as string).localeCompare(y.action_on as string))) if (!firstAction.has(a.claim_id as string)) firstAction.set(a.claim_id as string, (a.action_on as string).replace(/-/g, ''));
    let worked = 0;
    let fast = 0;
    for (const [id, d] of deniedFirst) {
      const a = firstAction.get(id);
      if (!a) continue;
      worked++;
      if (daysBetween(d, a) <= 2) fast++;
    }
    expect(worked / deniedFirst.size).toBeGreaterThan(0.4);
    expect(worked / deniedFirst.size).toBeLessThan(0.95);
    expect(fast / worked).toBeGreaterThan(0.5);
    expect(fast / worked).toBeLessThan(0.95);
  });

  it('PT episodes: evaluations, re-evaluations, discharges, cancellations, no-shows, unbilled visits, future appointments', () => {
    const visits = readEntity(dirA, 'visits');
    const types = new Set(visits.map((v) => v.visit_type));
    for (const t of ['evaluation', 're_evaluation', 'treatment', 'discharge']) expect(types.has(t), t).toBe(true);
    const st = (s: string) => visits.filter((v) => v.status === s).length;
    expect(st('cancelled') / visits.length).toBeGreaterThan(0.03);
    expect(st('no_show') / visits.length).toBeGreaterThan(0.01);
    const unbilled = visits.filter((v) => v.status === 'completed' && v.payer_id && !v.claim_id);
    expect(unbilled.length).toBeGreaterThan(50);
    for (const holiday of ['2025-07-04', '2025-11-27', '2025-12-25']) expect(visits.some((v) => v.visit_date === holiday), holiday).toBe(false);
    const completed = visits.filter((v) => v.status === 'completed');
    expect(completed.every((v) => v.minutes !== '')).toBe(true);
    const treat = completed.filter((v) => v.visit_type === 'treatment');
    expect(treat.filter((v) => Number(v.minutes) >= 8).length / treat.length).toBeGreaterThan(0.95);
    const lastVisit = visits.reduce((m, v) => ((v.visit_date as string) > m ? (v.visit_date as string) : m), '');
    const appts = readEntity(dirA, 'appointments');
    expect(appts.filter((a) => a.status === 'scheduled' && (a.scheduled_date as string) > lastVisit).length).toBeGreaterThan(20);
    expect(appts.some((a) => a.status === 'cancelled')).toBe(true);
    const fees = readEntity(dirA, 'fee_schedule');
    expect(fees.some((f) => f.effective_to)).toBe(true);
  });

  it('PHI canaries are planted in the X12 and every identifier has the canary format', () => {
    const sample837 = walk(join(dirA, 'x12', '837p')).slice(0, 20).map((f) => readFileSync(f, 'latin1')).join('');
    for (const s of PHI_CANARY_STRINGS) expect(sample837.includes(s), s).toBe(true);
    const sample835 = walk(join(dirA, 'x12', '835')).slice(0, 40).map((f) => readFileSync(f, 'latin1')).join('');
    expect(sample835.includes('NM1*QC*1*CANARYPHI*')).toBe(true);
    const [member, mrn] = PHI_CANARY_PATTERNS as [RegExp, RegExp];
    const anchored = (re: RegExp) => new RegExp(`^${re.source.replace(/\\b/g, '')}$`);
    const memberRe = anchored(member);
    expect(claims837.filter((c) => !memberRe.test(c.memberId)).map((c) => c.clm01)).toEqual([]);
    expect(remits.flatMap((r) => r.clps).filter((c) => !memberRe.test(c.memberId)).map((c) => c.clp01)).toEqual([]);
    const canaryShare = claims837.filter((c) => c.names.includes('CANARYPHI')).length / claims837.length;
    expect(canaryShare).toBeGreaterThan(0.15);
    const mrnRe = anchored(mrn);
    for (const entity of ['visits', 'authorizations', 'appointments']) {
      expect(readEntity(dirA, entity).filter((v) => !mrnRe.test(v.patient_id as string)).length, entity).toBe(0);
    }
    expect(readEntity(dirA, 'payments').filter((p) => p.patient_id && !mrnRe.test(p.patient_id)).length).toBe(0);
  });
});

describe('EHR timestamps', { timeout: 60_000 }, () => {
  it('charges are entered after documentation and not before the visit; claims are submitted after charge entry', () => {
    const visits = readEntity(dirA, 'visits').filter((v) => v.status === 'completed');
    const bht = new Map<string, string>();
    for (const c of claims837) if (c.freq === '1' && !bht.has(c.clm01)) bht.set(c.clm01, c.bht04);
    const bad: string[] = [];
    for (const v of visits) {
      if (v.documented_at && (v.documented_at as string) < (v.visit_date as string)) bad.push(`${v.visit_id} documented before visit`);
      if (v.charge_entered_at && v.documented_at && (v.charge_entered_at as string) < (v.documented_at as string)) bad.push(`${v.visit_id} charged before documented`);
      const sub = v.claim_id ? bht.get(v.claim_id as string) : undefined;
      if (sub && v.charge_entered_at && (v.charge_entered_at as string).slice(0, 10).replace(/-/g, '') > sub) bad.push(`${v.visit_id} submitted before charge entry`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
