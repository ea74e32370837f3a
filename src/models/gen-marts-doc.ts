/** Regenerate docs/marts.md from the mart SQL headers and their built columns: npx tsx src/models/gen-marts-doc.ts */
import fs from 'node:fs';
import path from 'node:path';
import { MARTS_DOC, renderMartsDoc, ROOT } from './marts-doc.ts';

fs.writeFileSync(path.join(ROOT, MARTS_DOC), await renderMartsDoc());
console.log(`wrote ${MARTS_DOC}`);
