/**
 * Writes docs/formats.md from the zod schemas (see formats-doc.ts).
 *
 *   npx tsx pipelines/ehr/gen-formats-doc.ts          # write
 *   npx tsx pipelines/ehr/gen-formats-doc.ts --check  # exit 1 when the file is stale
 */
import fs from 'node:fs';
import path from 'node:path';
import { FORMATS_DOC, renderFormatsDoc, ROOT } from './formats-doc.ts';

const target = path.join(ROOT, FORMATS_DOC);
const text = renderFormatsDoc();
const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${FORMATS_DOC} is stale: run npx tsx pipelines/ehr/gen-formats-doc.ts`);
    process.exit(1);
  }
  console.log(`${FORMATS_DOC} is up to date`);
} else if (current === text) {
  console.log(`${FORMATS_DOC} is up to date`);
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote ${FORMATS_DOC}`);
}
