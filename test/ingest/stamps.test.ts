/**
 * The ledger's received_at stamps are strictly increasing within a process (one per file, even within a millisecond),
 * so they can run ahead of the clock when many small files land at once; loaded_at must still never precede them.
 */
import { expect, it } from 'vitest';
import { loadedStamp, receivedStamp } from '../../pipelines/ledger/landing.ts';

it('received stamps increase strictly; a load stamp taken after them is never earlier', () => {
  const stamps = Array.from({ length: 20_000 }, () => receivedStamp());
  for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
  // 20,000 stamps take far less than 20 s to make, so the last ones are ahead of the clock.
  expect(Date.parse(stamps.at(-1)!)).toBeGreaterThan(Date.now());
  expect(loadedStamp() >= stamps.at(-1)!).toBe(true);
});
