/**
 * Typed access to the marts through Kysely (src/db/kysely.ts, issue #4): the generated table types are current, and
 * real queries on a built warehouse return the rows as `queryPlain` does (numbers for DECIMAL and BIGINT,
 * 'YYYY-MM-DD' dates), including a `count(*) as count` row and DML row counts. Hand-computed expectations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, sql, type Selectable } from 'kysely';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { DuckDBDialect, martsDb } from '../../src/db/kysely.ts';
import type { Claims, DenialRate, MartsDatabase } from '../../src/db/marts-types.ts';
import { openWarehouse, type Warehouse } from '../../src/db/warehouse.ts';
import { ROOT } from '../../src/models/marts-doc.ts';
import { MARTS_TYPES, renderMartsTypes } from '../../src/models/gen-marts-types.ts';
import { buildGiven, Given, type Built } from '../models/given.ts';

it('src/db/marts-types.ts is up to date (regenerate: npx tsx src/models/gen-marts-types.ts)', async () => {
  const types = await renderMartsTypes();
  const file = path.join(ROOT, MARTS_TYPES);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  expect(current === types, `${MARTS_TYPES} is stale: run npx tsx src/models/gen-marts-types.ts`).toBe(true);
  expect(types).toContain("'marts.claims': Claims;");
  expect(types).toContain("'marts.denial_rate': DenialRate;");
});

describe('queries through Kysely on a built warehouse', async () => {
  // Payer acme (X12 id P1). Three claims submitted on Wed 2025-03-05, one line each:
  //   K1 service 2025-03-03, $100.50: paid 80.40 with CO-45 20.10 on the 835 of Wed 2025-03-19 → initial outcome paid.
  //   K2 service 2025-03-04, $200.00: CLP02 4, paid 0, CO-197 200.00 (authorization) on the same 835 → denied.
  //   K3 service 2025-03-05, $150.25: no remittance yet → not adjudicated, outcome NULL.
  const g = new Given().ehr('payers', [
    { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
  ]);
  g.claims837([
    { claim: 'K1', payer: 'P1', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 100.5, date: '2025-03-03' }] },
    { claim: 'K2', payer: 'P1', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 200, date: '2025-03-04' }] },
    { claim: 'K3', payer: 'P1', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 150.25, date: '2025-03-05' }] },
  ]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-19', claims: [
    { claim: 'K1', status: '1', charge: 100.5, paid: 80.4, adj: [{ group: 'CO', carc: '45', amount: 20.1 }] },
    { claim: 'K2', status: '4', charge: 200, paid: 0, adj: [{ group: 'CO', carc: '197', amount: 200 }] },
  ] });
  const b: Built = await buildGiven(g, '2025-03-31');
  afterAll(() => b.cleanup());

  /** Read-only, as the site and the CLI open it: the project's rules still apply under Kysely. */
  const withRo = async <T>(fn: (db: Kysely<MartsDatabase>, wh: Warehouse) => Promise<T>): Promise<T> => {
    const wh = await openWarehouse({ path: b.tw.paths.db, mode: 'ro', purpose: 'test', timeoutMs: 30_000 });
    try {
      const db = martsDb(wh);
      try {
        return await fn(db, wh);
      } finally {
        await db.destroy(); // leaves the warehouse open: it is ours to close
      }
    } finally {
      await wh.close();
    }
  };

  it('marts.claims: typed columns, where and orderBy; DECIMAL → number, DATE → YYYY-MM-DD', async () => {
    await withRo(async (db) => {
      const rows = await db
        .selectFrom('marts.claims')
        .select(['claim_id', 'billed_amount', 'paid_amount', 'first_service_date', 'days_to_submit', 'first_adjudicated_on', 'initial_outcome', 'denial_category', 'is_adjudicated'])
        .where('payer_id', '=', 'acme')
        .orderBy('claim_id')
        .execute();
      expect(rows).toEqual([
        // days_to_submit = submitted 03-05 − first service date.
        { claim_id: 'K1', billed_amount: 100.5, paid_amount: 80.4, first_service_date: '2025-03-03', days_to_submit: 2, first_adjudicated_on: '2025-03-19', initial_outcome: 'paid', denial_category: null, is_adjudicated: true },
        { claim_id: 'K2', billed_amount: 200, paid_amount: 0, first_service_date: '2025-03-04', days_to_submit: 1, first_adjudicated_on: '2025-03-19', initial_outcome: 'denied', denial_category: 'authorization', is_adjudicated: true },
        { claim_id: 'K3', billed_amount: 150.25, paid_amount: 0, first_service_date: '2025-03-05', days_to_submit: 0, first_adjudicated_on: null, initial_outcome: null, denial_category: null, is_adjudicated: false },
      ]);
      expect(typeof rows[0]!.billed_amount).toBe('number');
      expect(typeof rows[0]!.days_to_submit).toBe('number'); // BIGINT, not bigint

      // Parameters bind to DECIMAL and DATE columns: a number and a 'YYYY-MM-DD' string.
      // Served from 03-04 on: K2 and K3; billed over 160: K2 only; descending billed puts K2 first anyway.
      const filtered = await db
        .selectFrom('marts.claims')
        .select(['claim_id', 'billed_amount'])
        .where('first_service_date', '>=', '2025-03-04')
        .where('billed_amount', '>', 160)
        .orderBy('billed_amount', 'desc')
        .execute();
      expect(filtered).toEqual([{ claim_id: 'K2', billed_amount: 200 }]);
    });
  });

  it('marts.denial_rate: the week of Mon 2025-03-17 for acme', async () => {
    await withRo(async (db) => {
      const rows = await db
        .selectFrom('marts.denial_rate')
        .select(['period_start', 'category', 'adjudicated_claims', 'denied_claims', 'denial_rate', 'billed_amount', 'denied_amount', 'first_pass_rate', 'systematic'])
        .where('period_grain', '=', 'week')
        .where('payer_id', '=', 'acme')
        .where('category', 'in', ['*', 'authorization', 'coding'])
        .orderBy('category')
        .execute();
      // K1 and K2 first adjudicated 03-19 (K3 not yet): 2 adjudicated, billed 100.50 + 200.00 = 300.50; K2 denied in
      // authorization: 1/2 = 0.5 on the * and authorization rows, its denial adjustment 200.00; coding has no denial
      // but keeps its row with zeros. first_pass_rate: K1 paid, 1/2. One denial is far from systematic (≥ 5).
      expect(rows).toEqual([
        { period_start: '2025-03-17', category: '*', adjudicated_claims: 2, denied_claims: 1, denial_rate: 0.5, billed_amount: 300.5, denied_amount: 200, first_pass_rate: 0.5, systematic: false },
        { period_start: '2025-03-17', category: 'authorization', adjudicated_claims: 2, denied_claims: 1, denial_rate: 0.5, billed_amount: 300.5, denied_amount: 200, first_pass_rate: 0.5, systematic: false },
        { period_start: '2025-03-17', category: 'coding', adjudicated_claims: 2, denied_claims: 0, denial_rate: 0, billed_amount: 300.5, denied_amount: 0, first_pass_rate: 0.5, systematic: false },
      ]);
      // The 'all' grain has no period: NULL stays null.
      const all = await db.selectFrom('marts.denial_rate').select('period_start').where('period_grain', '=', 'all').where('payer_id', '=', '*').where('category', '=', '*').executeTakeFirstOrThrow();
      expect(all).toEqual({ period_start: null });
    });
  });

  it('a count(*) as count select returns its row (kysely-duckdb bug #1), through the builder and raw sql', async () => {
    await withRo(async (db) => {
      const built = await db.selectFrom('marts.claims').select((eb) => eb.fn.countAll<number>().as('count')).execute();
      expect(built).toEqual([{ count: 3 }]);
      const raw = await sql<{ count: number }>`select count(*) as count from marts.claims`.execute(db);
      expect(raw.rows).toEqual([{ count: 3 }]);
      expect(raw.numAffectedRows).toBeUndefined();
      // Queries issued together share the one connection, one after the other.
      const [a, c] = await Promise.all([
        db.selectFrom('marts.claims').select('claim_id').where('claim_id', '=', 'K1').execute(),
        db.selectFrom('marts.claims').select('claim_id').where('claim_id', '=', 'K3').execute(),
      ]);
      expect([a, c]).toEqual([[{ claim_id: 'K1' }], [{ claim_id: 'K3' }]]);
    });
  });

  it('DML reports affected rows, not a {Count} row; RETURNING returns rows; a rolled back transaction leaves nothing', async () => {
    interface Scratch {
      scratch: { id: number; amount: number; note: string | null };
    }
    await b.tw.withRw(async (wh) => {
      const db = new Kysely<Scratch>({ dialect: new DuckDBDialect({ warehouse: wh }) });
      await sql`CREATE TEMP TABLE scratch (id INTEGER, amount DECIMAL(12,2), note VARCHAR)`.execute(db);
      const ins = await db.insertInto('scratch').values([{ id: 1, amount: 10.5, note: 'a' }, { id: 2, amount: 20, note: null }]).executeTakeFirst();
      expect(ins.numInsertedOrUpdatedRows).toBe(2n);
      const upd = await db.updateTable('scratch').set({ note: 'b' }).where('id', '>=', 1).executeTakeFirst();
      expect(upd.numUpdatedRows).toBe(2n);
      const ret = await db.insertInto('scratch').values({ id: 3, amount: 1.25, note: 'c' }).returning(['id', 'amount']).execute();
      expect(ret).toEqual([{ id: 3, amount: 1.25 }]);
      const rawDel = await sql`DELETE FROM scratch WHERE id = 3`.execute(db);
      expect(rawDel).toEqual({ rows: [], numAffectedRows: 1n });
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.deleteFrom('scratch').execute();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await db.selectFrom('scratch').select(['id', 'amount', 'note']).orderBy('id').execute()).toEqual([
        { id: 1, amount: 10.5, note: 'b' },
        { id: 2, amount: 20, note: 'b' },
      ]);
      await db.destroy();
    });
  });

  it('a read-only warehouse refuses writes through Kysely too', async () => {
    await withRo(async (db) => {
      await expect(sql`CREATE TABLE marts.nope (x INTEGER)`.execute(db)).rejects.toThrow(/read-only/i);
    });
  });
});

it('types: numbers for money and counts, strings for dates, null where a column may be NULL', () => {
  // Every mart column is nullable in information_schema (CREATE TABLE … AS keeps no NOT NULL), so the generated
  // types say `| null`; a query that knows better narrows them with $narrowType.
  expectTypeOf<Claims['billed_amount']>().toEqualTypeOf<number | null>();
  expectTypeOf<NonNullable<Claims['billed_amount']>>().toEqualTypeOf<number>();
  expectTypeOf<Claims['first_adjudicated_on']>().toEqualTypeOf<string | null>();
  expectTypeOf<Claims['versions']>().toEqualTypeOf<number | null>(); // BIGINT
  expectTypeOf<Claims['is_voided']>().toEqualTypeOf<boolean | null>();
  expectTypeOf<DenialRate['period_start']>().toEqualTypeOf<string | null>();
  expectTypeOf<MartsDatabase['marts.claims']>().toEqualTypeOf<Claims>();

  type Db = Kysely<MartsDatabase>;
  const query = (db: Db) =>
    db.selectFrom('marts.claims').select(['claim_id', 'billed_amount', 'submitted_on']).$narrowType<{ billed_amount: number }>().execute();
  type Row = Awaited<ReturnType<typeof query>>[number];
  expectTypeOf<Row>().toEqualTypeOf<{ claim_id: string | null; billed_amount: number; submitted_on: string | null }>();
  expectTypeOf<Selectable<Claims>['paid_amount']>().toEqualTypeOf<number | null>();
  // A column that does not exist does not compile.
  // @ts-expect-error — no such column
  const bad = (db: Db) => db.selectFrom('marts.claims').select('no_such_column');
  void bad;
});
