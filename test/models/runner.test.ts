/**
 * The model runner's own guarantees, on tiny model folders written here (not the product's models): an intermediate
 * is dropped once its last reader is built, a failing model leaves the published marts, seeds and parameters as they
 * were (and nothing of the failed build behind), and what a crashed build left beside the marts goes at the next build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { build, type BuildOptions } from '../../src/models/runner.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

let tw: TempWarehouse | undefined;
afterEach(() => {
  tw?.cleanup();
  tw = undefined;
});

/** A models folder under the warehouse's temp dir: { 'intermediate/a.sql': 'select …' } (header added). */
function writeModels(dir: string, files: Record<string, string>): string {
  const root = path.join(dir, `models-${fs.readdirSync(dir).length}`);
  for (const [rel, sql] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), `-- ${path.basename(rel, '.sql')}: runner test model\n${sql}\n`);
  }
  return root;
}

const TEMPS = `(SELECT list(table_name ORDER BY table_name) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'intermediate%')`;

async function run(models: string, asOf: string, extra: Partial<BuildOptions> = {}) {
  return tw!.withRw((wh) => build(wh, { config: parseConfig({}), asOf, modelsDir: models, ...extra }));
}

describe('model runner', () => {
  it('drops each temporary intermediate once the last model that reads it is built', async () => {
    tw = tempWarehouse();
    // a is read by b only; b by the two marts. When b is built, a has no reader left; when m1 is built, b has one.
    const models = writeModels(tw.dir, {
      'intermediate/a.sql': 'select 1 as x',
      'intermediate/b.sql': 'select x + 1 as x from intermediate.a',
      'marts/m1.sql': `select x, ${TEMPS} as temps from intermediate.b`,
      'marts/m2.sql': `select x, ${TEMPS} as temps from intermediate.b join marts.m1 using (x)`,
    });
    await run(models, '2025-01-31');
    const rows = await tw.query('SELECT m1.temps AS t1, m2.temps AS t2 FROM marts.m1, marts.m2');
    expect(rows).toEqual([{ t1: ['intermediate__b'], t2: ['intermediate__b'] }]);
    // Nothing temporary outlives the build, and no intermediate was written to the warehouse file.
    expect(await tw.query("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'intermediate'")).toEqual([{ n: 0 }]);
    // Kept for inspection, every intermediate is published (and none is dropped early).
    await run(models, '2025-01-31', { persistIntermediate: true });
    expect(await tw.query('SELECT (SELECT x FROM intermediate.a) AS a, (SELECT x FROM intermediate.b) AS b, temps FROM marts.m2')).toEqual([
      { a: 1, b: 2, temps: ['intermediate__a', 'intermediate__b'] },
    ]);
  });

  it('leaves the published marts, seeds and parameters as they were when a model fails, and records the failure', async () => {
    tw = tempWarehouse();
    const good = writeModels(tw.dir, {
      'staging/stg_one.sql': 'select 1 as x',
      'marts/first.sql': 'select x, (select as_of from config.params) as as_of from staging.stg_one',
      'marts/second.sql': 'select x * 2 as y from marts.first',
    });
    await run(good, '2025-01-31');
    const before = await tw.query('SELECT * FROM marts.first, marts.second');
    expect(before).toEqual([{ x: 1, as_of: '2025-01-31', y: 2 }]);
    // The same folder with a second mart that fails after the first one was built.
    const bad = writeModels(tw.dir, {
      'staging/stg_one.sql': 'select 7 as x',
      'marts/first.sql': 'select x, (select as_of from config.params) as as_of from staging.stg_one',
      'marts/second.sql': 'select no_such_column from marts.first',
    });
    await expect(run(bad, '2025-02-28')).rejects.toThrow(/^model marts\.second failed: Binder Error: .*no_such_column/);
    expect(await tw.query('SELECT * FROM marts.first, marts.second')).toEqual(before);
    expect(await tw.query('SELECT as_of FROM config.params')).toEqual([{ as_of: '2025-01-31' }]);
    expect(await tw.query('SELECT * FROM staging.stg_one')).toEqual([{ x: 1 }]);
    // Nothing of the failed build is left beside the marts.
    expect(await tw.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1")).toEqual([
      { table_name: 'first' },
      { table_name: 'second' },
    ]);
    expect(await tw.query('SELECT status, error FROM meta.build_runs ORDER BY run_id')).toEqual([
      { status: 'success', error: null },
      { status: 'failed', error: expect.stringMatching(/^model marts\.second failed: /) },
    ]);
  });

  it('removes what a crashed build left beside the marts at the next build', async () => {
    tw = tempWarehouse();
    const models = writeModels(tw.dir, { 'marts/single.sql': 'select 1 as x' });
    await run(models, '2025-01-31');
    // A build killed before publishing leaves its new marts beside the published ones.
    await tw.withRw((wh) => wh.run('CREATE TABLE marts.single__next AS SELECT 2 AS x'));
    await run(models, '2025-01-31');
    expect(await tw.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'")).toEqual([{ table_name: 'single' }]);
    expect(await tw.query('SELECT x FROM marts.single')).toEqual([{ x: 1 }]);
  });
});
