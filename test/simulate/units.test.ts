// Unit tests of the simulator's building blocks: 8-minute rule, NPI check digits, the PRNG, money formatting.

import { describe, expect, it } from 'vitest';
import { useAuthorization } from '../../src/simulate/authorizations.ts';
import { allocateEightMinuteUnits, unitsForCodeMinutes, unitsForTotalMinutes } from '../../src/simulate/coding.ts';
import { addMonths, d8, isHoliday, iso, parseIsoDate, weekday } from '../../src/simulate/dates.ts';
import { isValidNpi, memberId, mrn, npi } from '../../src/simulate/ids.ts';
import { fmtCents } from '../../src/simulate/money.ts';
import { kxThreshold, PAYER_BY_ID } from '../../src/simulate/payers.ts';
import type { PayerDef } from '../../src/simulate/payers.ts';
import type { Auth, Patient } from '../../src/simulate/types.ts';
import { Rng } from '../../src/simulate/rng.ts';

describe('Medicare 8-minute rule (domain-reference §7.1)', () => {
  it('maps total timed minutes to units', () => {
    const table: Array<[number, number]> = [[7, 0], [8, 1], [22, 1], [23, 2], [37, 2], [38, 3], [52, 3], [53, 4], [67, 4], [68, 5], [82, 5], [83, 6], [97, 6], [98, 7], [112, 7]];
    for (const [m, u] of table) expect(unitsForTotalMinutes(m), `${m} min`).toBe(u);
  });

  it('allocates full units first, then the largest remainders', () => {
    expect(allocateEightMinuteUnits([33, 7])).toEqual([2, 1]); // 40 min → 3 units
    expect(allocateEightMinuteUnits([7, 7])).toEqual([1, 0]); // 14 min → 1 unit, tie to the first code
    expect(allocateEightMinuteUnits([20, 20, 5])).toEqual([2, 1, 0]); // 45 min → 3 units, tie to the first code
    expect(allocateEightMinuteUnits([24, 10])).toEqual([1, 1]); // 34 min → 2 units: 1 full + the 10-minute remainder
  });

  it('differs from the per-code rule of eights', () => {
    expect([33, 7].map(unitsForCodeMinutes)).toEqual([2, 0]);
    expect([7, 7].map(unitsForCodeMinutes)).toEqual([0, 0]);
  });
});

describe('identifiers', () => {
  it('NPIs carry a valid Luhn check digit', () => {
    expect(npi(123456789)).toBe('1234567893'); // the CMS example
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    for (let i = 0; i < 50; i++) expect(isValidNpi(npi(150_000_000 + i * 1013))).toBe(true);
  });

  it('member ids and MRNs are unique and in the canary formats', () => {
    const m = new Set<string>();
    const r = new Set<string>();
    for (let i = 1; i <= 20_000; i++) {
      m.add(memberId(i, 12345));
      r.add(mrn(i, 678));
    }
    expect(m.size).toBe(20_000);
    expect(r.size).toBe(20_000);
    for (const x of m) expect(x).toMatch(/^ZCM\d{9}$/);
    for (const x of r) expect(x).toMatch(/^MRN\d{7}$/);
  });
});

describe('helpers', () => {
  it('the PRNG is deterministic per seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xa);
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const v = r.range(3, 5);
      expect(v >= 3 && v <= 5).toBe(true);
    }
  });

  it('formats integer cents and refuses floats', () => {
    expect(fmtCents(12345)).toBe('123.45');
    expect(fmtCents(-5)).toBe('-0.05');
    expect(fmtCents(0)).toBe('0.00');
    expect(() => fmtCents(1.5)).toThrow();
  });

  it('dates', () => {
    const d = parseIsoDate('2025-01-31');
    expect(iso(addMonths(d, 1))).toBe('2025-02-28');
    expect(d8(d)).toBe('20250131');
    expect(weekday(parseIsoDate('2025-01-06'))).toBe(1); // a Monday
    expect(() => parseIsoDate('2025-02-30')).toThrow();
    const holidays2025 = ['2025-01-01', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'];
    for (const h of holidays2025) expect(isHoliday(parseIsoDate(h)), h).toBe(true);
    expect(isHoliday(parseIsoDate('2025-05-19'))).toBe(false);
    expect(isHoliday(parseIsoDate('2026-05-25'))).toBe(true);
  });

  it('KX thresholds by year (later years reuse the last published value)', () => {
    expect(kxThreshold(2024)).toBe(233_000);
    expect(kxThreshold(2025)).toBe(241_000);
    expect(kxThreshold(2027)).toBe(241_000);
  });
});

describe('authorisation numbering (DESIGN.md §6.6)', () => {
  const payer = PAYER_BY_ID.get('bcbs') as PayerDef;
  const auth = (id: string, start: number, end: number, approved: number, status: Auth['status'] = 'approved'): Auth => ({
    id, payer, status, requestedOn: start, decidedOn: start + 2, startDay: start, endDay: end, approvedVisits: approved,
    requestedVisits: approved, previousId: null, used: 0,
  });
  const patient = (auths: Auth[]): Patient => ({ auths, visitsByPayer: new Map() }) as unknown as Patient;

  it('exempts the first visit, then uses the earliest-starting covering auth, then over_limit / expired / no_auth', () => {
    const p = patient([auth('B', 105, 200, 5), auth('A', 100, 130, 2), auth('D', 100, 300, 9, 'denied')]);
    const seq = [100, 101, 102, 103, 110, 111, 112, 113, 114, 201].map((d) => {
      const u = useAuthorization(p, payer, d);
      return `${u.status}${u.auth ? `:${u.auth.id}` : ''}`;
    });
    expect(seq).toEqual([
      'exempt', 'authorized:A', 'authorized:A', 'over_limit', // A is used up and B starts on day 105; denied D never counts
      'authorized:B', 'authorized:B', 'authorized:B', 'authorized:B', 'authorized:B', 'expired',
    ]);
    expect(useAuthorization(patient([auth('C', 100, 200, 1)]), payer, 150).status).toBe('exempt');
    const q = patient([auth('C', 100, 200, 1)]);
    expect([150, 151, 152].map((d) => useAuthorization(q, payer, d).status)).toEqual(['exempt', 'authorized', 'over_limit']);
  });
});
