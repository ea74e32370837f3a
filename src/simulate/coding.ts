// PT visit coding: which codes a visit carries, timed minutes, and units under the Medicare 8-minute rule (total
// timed minutes) or the per-code CPT "rule of eights" (domain-reference §7.1). GP on every line; 59 on 97140 billed
// with 97530 and on 97530 billed with an evaluation; KX is added by the engine once the Medicare threshold is passed.

import type { Rng } from './rng.ts';
import type { VisitType } from './types.ts';

export interface CodedLine {
  cpt: string;
  minutes: number;
  units: number;
  mods: string[];
  missing59: boolean;
}

export interface CodedVisit {
  /** Total timed minutes (visits.minutes). */
  minutes: number;
  lines: CodedLine[];
}

/** Medicare 8-minute rule: total timed minutes → total units. */
export function unitsForTotalMinutes(t: number): number {
  return t < 8 ? 0 : Math.floor((t - 8) / 15) + 1;
}

/** CPT rule of eights for one code. */
export function unitsForCodeMinutes(m: number): number {
  return m < 8 ? 0 : Math.floor((m - 8) / 15) + 1;
}

/** Distribute 8-minute-rule units: full 15-minute units first, the rest to the largest remainders (CMS method). */
export function allocateEightMinuteUnits(minutes: readonly number[]): number[] {
  const total = unitsForTotalMinutes(minutes.reduce((a, b) => a + b, 0));
  const units = minutes.map((m) => Math.floor(m / 15));
  let left = total - units.reduce((a, b) => a + b, 0);
  const order = minutes.map((m, i) => [m % 15, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    units[i] = (units[i] as number) + 1;
    left--;
  }
  return units;
}

const TREATMENT_CODES: ReadonlyArray<readonly [string, number]> = [
  ['97110', 0.92],
  ['97140', 0.55],
  ['97112', 0.45],
  ['97530', 0.45],
  ['97116', 0.15],
];

export function codeVisit(rng: Rng, type: VisitType, evalCode: string, eightMinuteRule: boolean, missing59P: number): CodedVisit {
  const timed: Array<[string, number]> = [];
  const untimed: string[] = [];
  if (type === 'evaluation') {
    untimed.push(evalCode);
    if (rng.chance(0.55)) timed.push(['97110', rng.range(8, 20)]);
    if (rng.chance(0.25)) timed.push(['97530', rng.range(8, 15)]);
  } else {
    if (type === 're_evaluation') untimed.push('97164');
    const maxCodes = type === 're_evaluation' ? 2 : 4;
    for (const [code, p] of TREATMENT_CODES) {
      if (timed.length >= maxCodes) break;
      if (rng.chance(p)) timed.push([code, rng.chance(0.07) ? rng.range(5, 7) : rng.range(8, 25)]);
    }
    if (timed.length === 0) timed.push(['97110', rng.range(15, 30)]);
    if (type !== 're_evaluation' && rng.chance(0.3)) untimed.push('G0283');
  }
  let minutes = timed.reduce((a, [, m]) => a + m, 0);
  if (untimed.length === 0 && minutes < 8) {
    (timed[0] as [string, number])[1] = 12;
    minutes = timed.reduce((a, [, m]) => a + m, 0);
  }
  const units = eightMinuteRule ? allocateEightMinuteUnits(timed.map(([, m]) => m)) : timed.map(([, m]) => unitsForCodeMinutes(m));
  const lines: CodedLine[] = [];
  for (const code of untimed) {
    if (code !== 'G0283') lines.push({ cpt: code, minutes: 0, units: 1, mods: ['GP'], missing59: false });
  }
  timed.forEach(([code, m], i) => {
    const u = units[i] as number;
    if (u > 0) lines.push({ cpt: code, minutes: m, units: u, mods: ['GP'], missing59: false });
  });
  if (untimed.includes('G0283')) lines.push({ cpt: 'G0283', minutes: 0, units: 1, mods: ['GP'], missing59: false });
  if (lines.length === 0) lines.push({ cpt: '97110', minutes, units: 1, mods: ['GP'], missing59: false });

  // Modifier 59 (distinct procedural service) on NCCI pairs.
  const has = (c: string) => lines.some((l) => l.cpt === c);
  const isEval = type === 'evaluation';
  for (const l of lines) {
    const needs59 = (l.cpt === '97140' && has('97530')) || (l.cpt === '97530' && isEval);
    if (!needs59) continue;
    if (rng.chance(missing59P)) l.missing59 = true;
    else l.mods.push('59');
  }
  return { minutes, lines };
}
