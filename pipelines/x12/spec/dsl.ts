/**
 * A compact way to write transaction specs: `seg('CLP', 'Claim Payment Information', 'R', 1, [el(...)])`,
 * `loop('2100', 'Claim Payment Information', 'R', 99999, [seg(...trigger), …])`.
 */
import type { DataType, ElementSpec, LoopSpec, SegmentSpec, Usage } from './types.ts';

export const R: Usage = 'R';
export const S: Usage = 'S';
/** "Greater than one": no upper bound in the guide. */
export const GT1 = 1_000_000;

export function el(
  id: string,
  name: string,
  type: DataType,
  min: number,
  max: number,
  usage: Usage = 'S',
  codes?: readonly string[],
): ElementSpec {
  return codes ? { id, name, type, min, max, usage, codes } : { id, name, type, min, max, usage };
}

/** A composite element: its components are named `<id>-1`, `<id>-2`, … */
export function comp(id: string, name: string, usage: Usage, components: readonly ElementSpec[]): ElementSpec {
  return { id, name, type: 'AN', min: 1, max: 999, usage, components };
}

/** A date element (CCYYMMDD). */
export const dt = (id: string, name: string, usage: Usage = 'S'): ElementSpec => el(id, name, 'DT', 8, 8, usage);
/** A money / decimal element (R, up to 18 digits). */
export const amt = (id: string, name: string, usage: Usage = 'S'): ElementSpec => el(id, name, 'R', 1, 18, usage);
/** A quantity (R, up to 15 digits). */
export const qty = (id: string, name: string, usage: Usage = 'S'): ElementSpec => el(id, name, 'R', 1, 15, usage);
/** A free-text / identifier element. */
export const an = (id: string, name: string, min: number, max: number, usage: Usage = 'S'): ElementSpec => el(id, name, 'AN', min, max, usage);
/** A code element; `codes` only where they matter. */
export const id = (eid: string, name: string, min: number, max: number, usage: Usage = 'S', codes?: readonly string[]): ElementSpec =>
  el(eid, name, 'ID', min, max, usage, codes);

export interface SegOptions {
  qualifiers?: readonly string[];
  qualifierElement?: number;
}

export function seg(
  tag: string,
  name: string,
  usage: Usage,
  maxUse: number,
  elements: readonly ElementSpec[] = [],
  opts: SegOptions = {},
): SegmentSpec {
  const qualifierElement = opts.qualifierElement ?? (opts.qualifiers ? 1 : undefined);
  return {
    kind: 'segment',
    id: tag,
    name,
    usage,
    maxUse,
    elements,
    ...(opts.qualifiers ? { qualifiers: opts.qualifiers } : {}),
    ...(qualifierElement !== undefined ? { qualifierElement } : {}),
  };
}

export function loop(id: string, name: string, usage: Usage, maxRepeat: number, body: readonly (SegmentSpec | LoopSpec)[]): LoopSpec {
  return { kind: 'loop', id, name, usage, maxRepeat, body };
}

/** NM1 with the elements analytics uses (NM101 entity, NM102 type, NM103 name, NM108/NM109 id). */
export function nm1(qualifiers: readonly string[], name: string, usage: Usage = 'R', extra: { idUsage?: Usage } = {}): SegmentSpec {
  return seg(
    'NM1',
    name,
    usage,
    1,
    [
      id('NM101', 'Entity Identifier Code', 2, 3, 'R', qualifiers),
      id('NM102', 'Entity Type Qualifier', 1, 1, 'R', ['1', '2']),
      an('NM103', 'Name Last or Organization Name', 1, 60),
      an('NM104', 'Name First', 1, 35),
      id('NM108', 'Identification Code Qualifier', 1, 2),
      an('NM109', 'Identification Code', 2, 80, extra.idUsage ?? 'S'),
    ],
    { qualifiers },
  );
}

/** A qualified segment (REF, DTM, DTP, AMT, QTY, …) whose first element is the qualifier. */
export function qual(tag: string, name: string, usage: Usage, maxUse: number, qualifiers: readonly string[], elements: readonly ElementSpec[] = []): SegmentSpec {
  return seg(tag, name, usage, maxUse, elements, { qualifiers });
}
