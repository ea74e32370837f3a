// Tests of the reviewed CARC → denial-category seed (models/seeds/carc_categories.csv; review note beside it in
// carc_categories.md). The seed is what every denial metric of DESIGN.md §6.1–6.3 hangs on, so this file checks its
// shape, its coverage of the official code list, the pitfalls of docs/domain-reference.md §5.3/§5.4, and the lookup
// rule the SQL models use (exact group + CARC, else '*' + CARC, else the group fallback).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = join(ROOT, 'models', 'seeds', 'carc_categories.csv');
const CATEGORIES_SEED = join(ROOT, 'models', 'seeds', 'adjustment_categories.csv');
const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
const CARC_2016 = join(SHARED, 'codes', 'carc_librehealth_2016.csv');
const HAVE_SHARED = existsSync(CARC_2016);
if (!HAVE_SHARED) {
  console.warn(`carc-seed.test: ${CARC_2016} not found (no ../shared beside the project); skipping the checks against the 2016 CARC list`);
}

/** DESIGN.md §6.1: the 13 denial categories, in tie-break order. */
const DENIAL = [
  'eligibility', 'authorization', 'credentialing', 'coding', 'bundling', 'documentation', 'medical_necessity',
  'non_covered', 'benefit_limit', 'timely_filing', 'duplicate', 'coordination_of_benefits', 'other_denial',
] as const;
/** DESIGN.md §6.1: the 5 non-denial categories. */
const NON_DENIAL = ['contractual', 'patient_responsibility', 'prior_payer', 'informational', 'reversal'] as const;
const ALL_CATEGORIES = new Set<string>([...DENIAL, ...NON_DENIAL]);
const DENIAL_SET = new Set<string>(DENIAL);

/** CAS01 group codes: the 5010 835 list plus CR (4010, COB) — domain-reference §5.1. */
const GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR'] as const;

/** DESIGN.md §6.1 fallback when neither an exact nor a '*' row exists. */
const GROUP_FALLBACK: Record<string, string> = {
  PR: 'patient_responsibility',
  CO: 'other_denial',
  OA: 'other_denial',
  PI: 'other_denial',
  CR: 'reversal',
};
/** A group outside the list (not HIPAA 5010; e.g. X12 006030 DE/MA/NC/RR) falls back like CO: a denial to review. */
const UNKNOWN_GROUP_FALLBACK = 'other_denial';

interface SeedRow {
  group_code: string;
  carc: string;
  category: string;
  is_denial: string;
  subcategory: string;
  note: string;
}

const HEADER = ['group_code', 'carc', 'category', 'is_denial', 'subcategory', 'note'];
const text = readFileSync(SEED, 'utf8');
const rows = parse(text, { columns: true, skip_empty_lines: true }) as SeedRow[];
const byKey = new Map(rows.map((r) => [`${r.group_code}|${r.carc}`, r]));

interface Resolution {
  category: string;
  isDenial: boolean;
  subcategory: string | null;
  source: 'exact' | 'carc' | 'group';
}

/**
 * The lookup the SQL models implement (models/intermediate/remits/int_remit_adjustments.sql): exact group + CARC,
 * else the '*' row of the CARC, else the group fallback. Inputs are already upper-cased and trimmed (staging does it).
 * A CR adjustment with a known CARC therefore takes that CARC's category (the reversal nets against what it undoes);
 * only an unknown CARC under CR becomes 'reversal' (see carc_categories.md, "CR").
 */
function resolve(group: string, carc: string): Resolution {
  const hit = byKey.get(`${group}|${carc}`) ?? byKey.get(`*|${carc}`);
  if (hit) {
    return {
      category: hit.category,
      isDenial: hit.is_denial === 'true',
      subcategory: hit.subcategory === '' ? null : hit.subcategory,
      source: hit.group_code === '*' ? 'carc' : 'exact',
    };
  }
  const category = GROUP_FALLBACK[group] ?? UNKNOWN_GROUP_FALLBACK;
  return { category, isDenial: DENIAL_SET.has(category), subcategory: null, source: 'group' };
}

function readCarc2016(): string[] {
  const list = parse(readFileSync(CARC_2016, 'utf8'), { columns: true, skip_empty_lines: true }) as {
    code: string;
    description: string;
  }[];
  return list.map((r) => r.code.trim());
}

describe('carc_categories seed: shape', () => {
  it('has the agreed header', () => {
    expect(text.split('\n')[0]).toBe(HEADER.join(','));
    expect(text.endsWith('\n')).toBe(true);
    expect(text.includes('\r')).toBe(false);
  });

  it('has well-formed values on every row', () => {
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) {
      const where = `${r.group_code}-${r.carc}`;
      expect(['*', ...GROUPS], where).toContain(r.group_code);
      expect(r.carc, where).toMatch(/^[A-Z]?[0-9]{1,3}$/);
      expect(ALL_CATEGORIES.has(r.category), `${where}: category ${r.category}`).toBe(true);
      expect(['true', 'false'], where).toContain(r.is_denial);
      expect(r.subcategory, where).toMatch(/^([a-z][a-z0-9_]*)?$/);
      expect(r.note.length, `${where}: a note is required`).toBeGreaterThan(0);
      expect(r.note, where).toBe(r.note.trim());
    }
  });

  it('has no duplicate (group_code, carc)', () => {
    const seen = new Set<string>();
    const dups: string[] = [];
    for (const r of rows) {
      const k = `${r.group_code}|${r.carc}`;
      if (seen.has(k)) dups.push(k);
      seen.add(k);
    }
    expect(dups).toEqual([]);
  });

  it('sets is_denial exactly for the 13 denial categories of DESIGN.md §6.1', () => {
    for (const r of rows) {
      expect(r.is_denial, `${r.group_code}-${r.carc} (${r.category})`).toBe(DENIAL_SET.has(r.category) ? 'true' : 'false');
    }
  });

  it('never decides a category by the group alone: every group override sits beside a * row (domain-reference §5.2)', () => {
    for (const r of rows.filter((x) => x.group_code !== '*')) {
      expect(byKey.has(`*|${r.carc}`), `${r.group_code}-${r.carc} has no * row`).toBe(true);
    }
  });

  it('agrees with the category seed (adjustment_categories.csv) on which categories are denials', () => {
    if (!existsSync(CATEGORIES_SEED)) {
      console.warn(`carc-seed.test: ${CATEGORIES_SEED} not found; skipping the cross-seed check`);
      return;
    }
    const cats = parse(readFileSync(CATEGORIES_SEED, 'utf8'), { columns: true, skip_empty_lines: true }) as {
      category: string;
      is_denial: string;
    }[];
    expect(new Set(cats.map((c) => c.category))).toEqual(ALL_CATEGORIES);
    for (const c of cats) expect(c.is_denial, c.category).toBe(DENIAL_SET.has(c.category) ? 'true' : 'false');
  });
});

describe('carc_categories seed: coverage of the official list', () => {
  it.skipIf(!HAVE_SHARED)('has a * row for every code of the 2016 CARC list (../shared/codes)', () => {
    const codes = [...new Set(readCarc2016())];
    expect(codes.length).toBe(285); // 287 entries; 38 and 201 appear twice
    const missing = codes.filter((c) => !byKey.has(`*|${c}`));
    expect(missing).toEqual([]);
  });

  it.skipIf(!HAVE_SHARED)('writes its notes in its own words (no 6-word run of an official description)', () => {
    const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    const shingles = new Set<string>();
    const list = parse(readFileSync(CARC_2016, 'utf8'), { columns: true }) as { description: string }[];
    for (const d of list) {
      const w = words(d.description);
      for (let i = 0; i + 6 <= w.length; i++) shingles.add(w.slice(i, i + 6).join(' '));
    }
    for (const r of rows) {
      const w = words(r.note);
      for (let i = 0; i + 6 <= w.length; i++) {
        expect(shingles.has(w.slice(i, i + 6).join(' ')), `${r.group_code}-${r.carc} note copies: ${w.slice(i, i + 6).join(' ')}`).toBe(false);
      }
    }
  });

  it('keeps deactivated codes (old remits still carry them) and marks them in the note', () => {
    for (const c of ['38', '162', '191', '214', '221', '244', '255', 'W1', 'W9', 'Y1', 'Y3']) {
      expect(byKey.get(`*|${c}`)?.note, c).toMatch(/deactivated/);
    }
  });

  it('adds the codes published after 2016 (279-305, P24-P29)', () => {
    for (let n = 279; n <= 305; n++) expect(byKey.has(`*|${n}`), String(n)).toBe(true);
    for (let n = 24; n <= 29; n++) expect(byKey.has(`*|P${n}`), `P${n}`).toBe(true);
  });

  it('keeps the first of the duplicated 2016 entries: 201 is the active PR set-aside code', () => {
    expect(byKey.get('*|201')?.category).toBe('patient_responsibility');
  });
});

describe('carc_categories seed: pitfalls of domain-reference §5.3/§5.4', () => {
  const cat = (group: string, carc: string) => resolve(group, carc).category;
  const den = (group: string, carc: string) => resolve(group, carc).isDenial;

  it('CO-45 is a contractual write-off, never a denial', () => {
    // domain-reference §5.2 (WebPT drops $0 lines whose only adjustments are CO-45, PR-1/2/3, OA-23) and §5.3 Contractual.
    expect(cat('CO', '45')).toBe('contractual');
    expect(den('CO', '45')).toBe(false);
    expect(resolve('CO', '45').source).toBe('exact');
  });

  it('PR-1/2/3 are patient responsibility, never denials', () => {
    // domain-reference §5.3 Patient responsibility; DESIGN.md §6.1 ("CO-45 and PR-1/2/3 are never denials").
    for (const c of ['1', '2', '3']) {
      expect(cat('PR', c)).toBe('patient_responsibility');
      expect(den('PR', c)).toBe(false);
    }
  });

  it('PR-119 is a benefit-limit denial even though the patient is liable', () => {
    // domain-reference §5.2: WebPT keeps PR/CO-119 (benefit maximum) in its denial queue; §5.3 Benefit limit (PT-critical).
    expect(cat('PR', '119')).toBe('benefit_limit');
    expect(den('PR', '119')).toBe(true);
    expect(cat('CO', '119')).toBe('benefit_limit');
  });

  it('OA-23 is prior-payer impact, not a denial', () => {
    // domain-reference §5.3 Prior payer (23, OA only); §5.4: a public seed mislabels 23 as capitation.
    expect(cat('OA', '23')).toBe('prior_payer');
    expect(den('OA', '23')).toBe(false);
  });

  it('16 is coding (the corrected-claim path), not documentation', () => {
    // domain-reference §5.3 Claim data / billing error: ⚠ other taxonomies file 16 under documentation; CAQH scenario 2.
    expect(cat('CO', '16')).toBe('coding');
    expect(resolve('CO', '16').subcategory).toBe('missing_information');
  });

  it('18 is a duplicate', () => {
    // domain-reference §5.3 Duplicate / previously paid (18 is meant for OA).
    expect(cat('OA', '18')).toBe('duplicate');
    expect(cat('CO', '18')).toBe('duplicate');
    expect(cat('CO', 'B13')).toBe('duplicate');
  });

  it('197/198 are authorization', () => {
    // domain-reference §5.3 Authorization / referral: precert absent / exceeded confirm the auth-leakage model (§6.6).
    expect(cat('CO', '197')).toBe('authorization');
    expect(cat('CO', '198')).toBe('authorization');
    for (const c of ['15', '39', '210', '284', '287', '288', '296', '302']) expect(cat('CO', c), c).toBe('authorization');
  });

  it('185 is credentialing', () => {
    // domain-reference §5.3 Credentialing: rendering provider not eligible; ⚠ 170 is provider type, not medical review.
    expect(cat('CO', '185')).toBe('credentialing');
    for (const c of ['170', '171', 'B7', '242', '279']) expect(cat('CO', c), c).toBe('credentialing');
  });

  it('50 is medical necessity and 49 is not', () => {
    // domain-reference §5.4: a public seed swaps 49 and 50; the official text makes 50 necessity, 49 routine exam.
    expect(cat('CO', '50')).toBe('medical_necessity');
    expect(cat('CO', '49')).toBe('non_covered');
    // §5.4: 55 is experimental (medical necessity), not "requires prior auth".
    expect(cat('CO', '55')).toBe('medical_necessity');
  });

  it('97 is bundling, not a fee-schedule reduction', () => {
    // domain-reference §5.3 Contractual ⚠ ("[D1] calls 97 fee schedule; 97 is bundling") and §5.3 Bundling / NCCI.
    expect(cat('CO', '97')).toBe('bundling');
    for (const c of ['234', '236', 'B15']) expect(cat('CO', c), c).toBe('bundling');
  });

  it('29 is timely filing', () => {
    // domain-reference §5.3 Timely filing (fully preventable).
    expect(cat('CO', '29')).toBe('timely_filing');
  });

  it('27 is eligibility, also under PR', () => {
    // domain-reference §5.3 Eligibility / coverage; §5.2 the group alone cannot classify a denial.
    expect(cat('CO', '27')).toBe('eligibility');
    expect(cat('PR', '27')).toBe('eligibility');
    expect(den('PR', '27')).toBe(true);
  });

  it('22 is coordination of benefits, and so is 136', () => {
    // domain-reference §5.3 COB / other liability; ⚠ a public seed labels 136 as authorization.
    expect(cat('OA', '22')).toBe('coordination_of_benefits');
    expect(cat('OA', '136')).toBe('coordination_of_benefits');
  });

  it('133 is informational (pended, reversed and corrected later)', () => {
    // domain-reference §5.3 Pended / informational: 133 pending review (OA), not a denial.
    expect(cat('OA', '133')).toBe('informational');
    expect(den('OA', '133')).toBe(false);
  });

  it('253 is contractual (sequestration)', () => {
    // domain-reference §5.3 Contractual: 253 sequestration.
    expect(cat('CO', '253')).toBe('contractual');
    expect(resolve('CO', '253').subcategory).toBe('sequestration');
  });

  it('151 keeps the units/frequency signal visible', () => {
    // domain-reference §5.3 Units / frequency / level: ⚠ public maps disagree; keep subcategory units_frequency.
    expect(resolve('CO', '151').subcategory).toBe('units_frequency');
    expect(den('CO', '151')).toBe(true);
  });

  it('PT visit caps are benefit limits', () => {
    // domain-reference §5.3 Benefit limit / visit cap (PT-critical) and §7.3 (commercial plans cap annual PT visits).
    for (const c of ['119', 'B1', '222', '273', '35', '149']) expect(cat('CO', c), c).toBe('benefit_limit');
  });

  it('147 is a contract problem, not a denial', () => {
    // domain-reference §5.3 Credentialing row: "147 contracted rate expired or not on file (→ contract)".
    expect(cat('CO', '147')).toBe('contractual');
  });
});

/** (group, carc) → expected category; the last column is where the answer comes from. */
const CASES: [string, string, string, Resolution['source']][] = [
  ['CO', '45', 'contractual', 'exact'],
  ['PR', '45', 'patient_responsibility', 'exact'], // non-participating provider may balance-bill
  ['OA', '45', 'contractual', 'carc'],
  ['PI', '45', 'contractual', 'exact'],
  ['PR', '1', 'patient_responsibility', 'exact'],
  ['CO', '2', 'contractual', 'exact'], // CO puts the cost share on the provider
  ['OA', '3', 'patient_responsibility', 'carc'],
  ['PR', '119', 'benefit_limit', 'exact'],
  ['OA', '119', 'benefit_limit', 'carc'],
  ['OA', '23', 'prior_payer', 'exact'],
  ['CO', '23', 'prior_payer', 'carc'],
  ['CO', '16', 'coding', 'carc'],
  ['OA', '18', 'duplicate', 'exact'],
  ['CO', '96', 'non_covered', 'exact'],
  ['PR', '96', 'non_covered', 'exact'],
  ['PR', '204', 'non_covered', 'carc'],
  ['CO', '197', 'authorization', 'carc'],
  ['CO', '185', 'credentialing', 'carc'],
  ['CO', '50', 'medical_necessity', 'carc'],
  ['CO', '97', 'bundling', 'carc'],
  ['CO', '29', 'timely_filing', 'carc'],
  ['PR', '27', 'eligibility', 'exact'],
  ['OA', '22', 'coordination_of_benefits', 'carc'],
  ['OA', '133', 'informational', 'carc'],
  ['CO', '253', 'contractual', 'exact'],
  ['PR', '275', 'patient_responsibility', 'carc'],
  ['CO', '303', 'contractual', 'carc'],
  ['CO', '288', 'authorization', 'carc'],
  ['CO', '290', 'informational', 'carc'], // forwarded to the right plan by the payer: nothing to work
  ['CO', '301', 'eligibility', 'carc'], // "submit to the right plan": the clinic has to act
  ['CO', 'A2', 'contractual', 'carc'], // legacy code, not in the 2016 list
  ['CO', '42', 'contractual', 'carc'], // legacy code, not in the 2016 list
  // Unknown codes: the group decides (DESIGN.md §6.1).
  ['PR', '999', 'patient_responsibility', 'group'],
  ['CO', '999', 'other_denial', 'group'],
  ['OA', '999', 'other_denial', 'group'],
  ['PI', '999', 'other_denial', 'group'],
  ['CR', '999', 'reversal', 'group'],
  ['CO', 'P99', 'other_denial', 'group'],
  // CR (4010 corrections/reversals): a known CARC keeps its category, so the correction nets against what it undoes,
  // exactly like a 5010 reversal that repeats CO-45 with a negative amount. Decision recorded in carc_categories.md.
  ['CR', '45', 'contractual', 'carc'],
  ['CR', '50', 'medical_necessity', 'carc'],
  ['CR', '2', 'patient_responsibility', 'carc'],
  // A group outside the 5010/4010 lists: the CARC still decides; an unknown CARC is a denial to review.
  ['DE', '45', 'contractual', 'carc'],
  ['DE', '999', 'other_denial', 'group'],
];

describe('carc_categories seed: resolution (exact, else *, else group)', () => {
  it.each(CASES)('%s-%s → %s', (group, carc, expected, source) => {
    const r = resolve(group, carc);
    expect(r.category).toBe(expected);
    expect(r.source).toBe(source);
    expect(r.isDenial).toBe(DENIAL_SET.has(expected));
  });

  it('gives the same answers in DuckDB, reading the seed the way the model runner does', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
      // Same read_csv options as src/models/runner.ts loadSeeds; same normalisation as stg_seeds__carc_categories.
      await con.run(
        `create table seed as select upper(trim(group_code)) as group_code, upper(trim(carc)) as carc, category
         from read_csv(${lit(SEED)}, header = true, all_varchar = true, quote = '"', escape = '"')`,
      );
      const n = await con.runAndReadAll('select count(*)::INTEGER as n from seed');
      expect(n.getRowObjectsJS()[0]?.n).toBe(rows.length);

      // Every seed code under every group, plus the hand-written cases.
      const pairs = new Map<string, [string, string]>();
      const carcs = [...new Set(rows.map((r) => r.carc))];
      for (const g of [...GROUPS, 'DE']) for (const c of [...carcs, '999']) pairs.set(`${g}|${c}`, [g, c]);
      for (const [g, c] of CASES) pairs.set(`${g}|${c}`, [g, c]);
      const values = [...pairs.values()].map(([g, c]) => `(${lit(g)}, ${lit(c)})`).join(', ');
      const reader = await con.runAndReadAll(
        `with adj(group_code, carc) as (values ${values})
         select a.group_code, a.carc,
                coalesce(exact.category, any_group.category,
                         case a.group_code
                             when 'PR' then 'patient_responsibility'
                             when 'CO' then 'other_denial'
                             when 'OA' then 'other_denial'
                             when 'PI' then 'other_denial'
                             when 'CR' then 'reversal'
                             else 'other_denial'
                         end) as category
         from adj a
         left join seed exact on exact.group_code = a.group_code and exact.carc = a.carc
         left join seed any_group on any_group.group_code = '*' and any_group.carc = a.carc`,
      );
      const got = reader.getRowObjectsJS() as { group_code: string; carc: string; category: string }[];
      expect(got.length).toBe(pairs.size);
      const mismatches = got
        .filter((r) => r.category !== resolve(r.group_code, r.carc).category)
        .map((r) => `${r.group_code}-${r.carc}: sql ${r.category}, ts ${resolve(r.group_code, r.carc).category}`);
      expect(mismatches).toEqual([]);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });
});
