// The PHI scan must be able to fail: every canary and identifier check is planted and caught.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PHI_CANARY_STRINGS } from '../../src/simulate/canaries.ts';
import { assertNoPhi, PhiScanError, scanForPhi } from '../../src/site/phi-scan.ts';

const dirs: string[] = [];
function site(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-phi-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const clean = {
  'index.html': '<html><body>Denial rate 6.1%</body></html>',
  '_file/data/denials.abc.json': JSON.stringify([{ claim_id: 'C01-0000001', patient_key: 'p_0123456789abcdef', provider_npi: '1600000032' }]),
  '_npm/d3@7.9.2/x.js': 'export const a = "support@example.com"; // library code may contain anything but canaries',
};

describe('PHI scan', () => {
  it('passes a clean site (pseudonymous keys, claim ids and NPIs are allowed)', () => {
    const r = assertNoPhi(site(clean));
    expect(r.findings).toEqual([]);
    expect(r.files).toBe(3);
  });

  it.each(PHI_CANARY_STRINGS)('catches the canary string %s in any file, any case', (canary) => {
    const dir = site({ ...clean, '_observablehq/client.js': `const x = "${canary.toLowerCase()}";` });
    expect(scanForPhi(dir).findings).toEqual([expect.objectContaining({ file: path.join('_observablehq', 'client.js'), check: `canary string ${canary}` })]);
    expect(() => assertNoPhi(dir)).toThrow(PhiScanError);
  });

  it('catches member ids (ZCM + 9 digits) and MRNs (MRN + 7 digits), also inside binary files', () => {
    const dir = site({ ...clean, 'a.html': '<td>ZCM123456789</td>', 'img.png': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('MRN1234567')]) });
    const checks = scanForPhi(dir).findings.map((f) => `${f.file}:${f.check}`).sort();
    expect(checks).toEqual(['a.html:canary pattern 1 (\\bZCM\\d{9}\\b)', 'img.png:canary pattern 2 (\\bMRN\\d{7}\\b)']);
  });

  it('catches identifier fields and identifier-shaped values in data files', () => {
    const dir = site({
      'a.json': JSON.stringify([{ last_name: 'X' }]),
      'b.csv': 'claim_id,birth_date\nC1,1950-01-01\n',
      'c.json': JSON.stringify({ note: 'SSN 123-45-6789' }),
      'd.json': JSON.stringify({ note: 'call (617) 555-0100' }),
      'e.json': JSON.stringify({ note: 'jane@example.org' }),
      'f.json': JSON.stringify([{ payer_name: 'ACME', sub: 'W123456789' }]),
    });
    const found = scanForPhi(dir).findings.map((f) => `${f.file}:${f.check}`).sort();
    expect(found).toEqual([
      'a.json:identifier field name',
      'b.csv:identifier field name',
      'c.json:SSN-shaped value',
      'd.json:phone-shaped value',
      'e.json:e-mail address',
      'f.json:member-id-like value next to a name field',
    ]);
  });

  it('the error names the file and the check, never the matched text', () => {
    const dir = site({ 'x.json': '{"a":"CANARYVILLE"}' });
    try {
      assertNoPhi(dir);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/PHI scan failed: 1 finding .*canary string CANARYVILLE in x\.json at byte 6/);
      expect((e as Error).message.replace('canary string CANARYVILLE', '')).not.toMatch(/CANARYVILLE/);
    }
  });
});
