/** The supported transactions, compiled once. */
import { compileSpec, type CompiledSpec } from '../spec/compile.ts';
import { SPEC_277CA } from './277.5010.X214.ts';
import { SPEC_835 } from './835.5010.X221.A1.ts';
import { SPEC_837P } from './837.5010.X222.A1.ts';
import { SPEC_999 } from './999.5010.X231.A1.ts';

export const SPECS = [SPEC_835, SPEC_837P, SPEC_277CA, SPEC_999] as const;

export const COMPILED: ReadonlyMap<string, CompiledSpec> = new Map(SPECS.map((s) => [s.st01, compileSpec(s)]));

/** The spec for a group's GS08 guide, if supported. */
export function specForGuide(gs08: string): CompiledSpec | undefined {
  for (const cs of COMPILED.values()) if (cs.spec.guides.includes(gs08)) return cs;
  return undefined;
}

/** A friendly name for an unsupported guide / version label. */
export function describeGuide(label: string): string {
  if (/^004/.test(label)) return `${label} (4010)`;
  const known: Record<string, string> = {
    X223: '837I institutional',
    X224: '837D dental',
    X279: '270/271 eligibility',
    X212: '276/277 claim status',
    X220: '834 enrollment',
    X218: '820 premium payment',
    X217: '278 prior authorization',
  };
  for (const [k, v] of Object.entries(known)) if (label.includes(k)) return `${label} (${v})`;
  return label || '(empty)';
}
