/**
 * docs/formats.md is generated from the zod schemas: this fails when someone changed a schema, a reject reason, the
 * mapping config or the WebPT example without regenerating it (npx tsx pipelines/ehr/gen-formats-doc.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FORMATS_DOC, renderFormatsDoc, ROOT } from '../../pipelines/ehr/formats-doc.ts';
import { ENTITIES } from '../../pipelines/ehr/schemas.ts';

it('docs/formats.md is up to date with the schemas (regenerate: npx tsx pipelines/ehr/gen-formats-doc.ts)', () => {
  const current = fs.readFileSync(path.join(ROOT, FORMATS_DOC), 'utf8');
  expect(current === renderFormatsDoc(), `${FORMATS_DOC} is stale: run npx tsx pipelines/ehr/gen-formats-doc.ts`).toBe(true);
});

it('documents every entity and every column', () => {
  const doc = renderFormatsDoc();
  for (const e of ENTITIES) {
    expect(doc).toContain(`### \`${e.name}\``);
    for (const c of e.columns) expect(doc).toContain(`| ${c.required ? `**${c.name}**` : c.name} |`);
  }
});
