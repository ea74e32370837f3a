/** Golden files (Framework's harness rules): written when missing locally, a failure under CI=true; a mismatch writes `*-changed.json`. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const DIR = path.resolve(import.meta.dirname, '../golden/x12');

export function expectGolden(name: string, value: unknown): void {
  const file = path.join(DIR, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (!fs.existsSync(file)) {
    if (process.env.CI === 'true') throw new Error(`golden file ${file} is missing (write it locally and commit it)`);
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  const changed = file.replace(/\.json$/, '-changed.json');
  if (fs.readFileSync(file, 'utf8') !== text) {
    fs.writeFileSync(changed, text);
    expect(text, `golden mismatch: compare ${changed}`).toBe(fs.readFileSync(file, 'utf8'));
  } else fs.rmSync(changed, { force: true });
}
