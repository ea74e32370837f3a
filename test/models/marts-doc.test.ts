/**
 * docs/marts.md is generated from the mart SQL headers and the built columns: this fails when a mart changed without
 * regenerating the page (npx tsx src/models/gen-marts-doc.ts), so the published contract cannot drift from the SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { discoverModels } from '../../src/models/runner.ts';
import { MARTS_DOC, renderMartsDoc, ROOT } from '../../src/models/marts-doc.ts';

it('docs/marts.md is up to date (regenerate: npx tsx src/models/gen-marts-doc.ts)', async () => {
  const doc = await renderMartsDoc();
  const current = fs.existsSync(path.join(ROOT, MARTS_DOC)) ? fs.readFileSync(path.join(ROOT, MARTS_DOC), 'utf8') : '';
  expect(current === doc, `${MARTS_DOC} is stale: run npx tsx src/models/gen-marts-doc.ts`).toBe(true);
  for (const m of discoverModels().filter((x) => x.schema === 'marts')) {
    expect(doc).toContain(`## marts.${m.name}`);
    // Every mart states its grain in its header.
    expect(m.header, `${m.name} header`).toMatch(/^grain:/m);
  }
});
