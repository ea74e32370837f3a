/**
 * X12 quarantine errors, named in the TA1 / 999 vocabulary (domain-reference §1.9): `TA1-001`, `AK9-5`, `IK5-4`,
 * `IK3-1`, `IK4-8`, … Messages name the rule and the segment / element, never an element value from a patient loop.
 */
import { QuarantineError } from '../types.ts';

export interface X12Position {
  /** Counted from ST = 1 inside a set, from ISA = 1 outside. */
  segOrdinal: number;
  byteOffset: number;
  /** Ledger kind when known (x12_835, …). */
  kind?: string;
}

export function x12Error(code: string, message: string, at: X12Position): QuarantineError {
  return new QuarantineError(code, message, { segOrdinal: at.segOrdinal, byteOffset: at.byteOffset, kind: at.kind ?? 'x12' });
}

/** "unsupported transaction/version …" (IK5-1 for a set, AK9-2 for a group). */
export function unsupported(code: 'IK5-1' | 'AK9-2', what: string, at: X12Position): QuarantineError {
  return x12Error(code, `unsupported transaction/version: ${what}`, at);
}

/**
 * A control character left inside a segment (IK4-6): CR, LF or TAB (lines wrapped inside segments), or another one
 * (NUL, BEL, DEL, …) that would make a value look like text it does not equal; `where` names the segment or element.
 */
export function lineWrapping(where: string, at: X12Position, char?: number): QuarantineError {
  const what =
    char === undefined || char === 13 || char === 10 || char === 9
      ? 'CR, LF or TAB inside a segment (line wrapping inside segments is not supported)'
      : `control character 0x${char.toString(16).padStart(2, '0').toUpperCase()} inside a segment`;
  return x12Error('IK4-6', `invalid character in ${where}: ${what}`, at);
}

/** The first control character (other than a delimiter) in the values of a segment, with its element index. */
export function firstControl(values: string[]): { element: number; char: number } | undefined {
  for (let i = 0; i < values.length; i++) {
    const m = /[\x00-\x1f\x7f]/.exec(values[i]!);
    if (m) return { element: i, char: m[0].charCodeAt(0) };
  }
  return undefined;
}
