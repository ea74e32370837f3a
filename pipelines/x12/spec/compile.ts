/**
 * Compiles a transaction spec into lookup tables for the loop walker and the element validator. Segments that share
 * a tag inside one loop (REF*EV and REF*F2, NM1*QC and NM1*IL in 2100, …) are merged into one entry per tag: their
 * order is checked at tag level, their max uses add up, and the qualifier element accepts the union of their codes.
 * Loop triggers keep their qualifiers: they decide which loop a segment opens (NM1*85 → 2010AA, HL*…*22 → 2000B).
 */
import { codeKey } from '../segment.ts';
import { STANDARD_ELEMENTS } from './standard.ts';
import type { ElementSpec, LoopSpec, SegmentSpec, TransactionSpec, Usage } from './types.ts';

export interface CompiledElement {
  readonly spec: ElementSpec;
  /** Element number (1-based, = index in the split segment). */
  readonly index: number;
  /** Component number (1-based) for a component of a composite, else 0. */
  readonly component: number;
  readonly codes: ReadonlySet<string> | null;
  readonly components: readonly CompiledElement[] | null;
}

export interface CompiledSeg {
  readonly tag: string;
  /** Position in the loop body (order check). */
  readonly pos: number;
  readonly usage: Usage;
  readonly maxUse: number;
  readonly name: string;
  readonly qualifierElement: number;
  readonly elements: readonly CompiledElement[];
  /** Data elements the segment has in the X12 standard (spec/standard.ts); 0 when not known (no check). */
  readonly maxElements: number;
  /** Where mappers keep this segment (mapping.ts), computed on first use. */
  slotPlan?: unknown;
  /** Generated element validator (validate-element.ts), compiled on first use. */
  validator?: unknown;
}

export interface CompiledTrigger {
  readonly codes: ReadonlySet<string> | null;
  /** The codes as `codeKey` numbers, or null when there are none or one does not pack (then `codes` is used). */
  readonly keys: Int32Array | null;
  /** Element holding the qualifier (0 = none). */
  readonly element: number;
  readonly loop: CompiledLoop;
  readonly pos: number;
}

export interface CompiledLoop {
  readonly id: string;
  /** Position in the spec's loop list (the root is 0): an index for per-loop arrays. */
  readonly index: number;
  readonly name: string;
  readonly usage: Usage;
  readonly maxRepeat: number;
  /** The trigger segment (null for the ST root). */
  readonly trigger: CompiledSeg | null;
  /** Trigger qualifier codes, for messages. */
  readonly triggerCodes: readonly string[];
  readonly segs: ReadonlyMap<string, CompiledSeg>;
  readonly triggers: ReadonlyMap<string, readonly CompiledTrigger[]>;
  readonly requiredSegs: readonly CompiledSeg[];
  readonly requiredLoops: readonly { loop: CompiledLoop; pos: number }[];
  readonly bodySize: number;
  /** Ids of every loop nested inside this one. */
  readonly descendants: readonly string[];
  /** Indexes of every loop nested inside this one (filled in once the whole spec is compiled). */
  readonly descendantIndexes: Int32Array;
  /** Position of each child loop in the body, by loop id. */
  readonly childPos: ReadonlyMap<string, number>;
}

export interface CompiledSpec {
  readonly spec: TransactionSpec;
  readonly root: CompiledLoop;
  /** Every segment tag the transaction uses (anything else is an unrecognized segment, IK3-1). */
  readonly tags: ReadonlySet<string>;
  readonly loops: ReadonlyMap<string, CompiledLoop>;
}

function compileElement(spec: ElementSpec, tag: string, parentIndex = 0): CompiledElement {
  const m = /^([A-Z0-9]{2,3}?)(\d{2})(?:-(\d+))?$/.exec(spec.id);
  if (!m || m[1] !== tag) throw new Error(`spec: element id ${spec.id} does not belong to segment ${tag}`);
  const index = Number(m[2]);
  const component = m[3] ? Number(m[3]) : 0;
  if (parentIndex && index !== parentIndex) throw new Error(`spec: component ${spec.id} is not part of element ${tag}${String(parentIndex).padStart(2, '0')}`);
  return {
    spec,
    index,
    component,
    codes: spec.codes ? new Set(spec.codes) : null,
    components: spec.components ? spec.components.map((c) => compileElement(c, tag, index)) : null,
  };
}

function mergeSegs(entries: SegmentSpec[], pos: number): CompiledSeg {
  const first = entries[0]!;
  const qualifierElement = first.qualifierElement ?? 0;
  const allQualified = entries.every((e) => e.qualifiers);
  const union = allQualified ? [...new Set(entries.flatMap((e) => e.qualifiers ?? []))] : null;
  const byId = new Map<string, ElementSpec>();
  for (const e of entries) for (const x of e.elements) if (!byId.has(x.id)) byId.set(x.id, x);
  const elements = [...byId.values()].map((x) => {
    const c = compileElement(x, first.id);
    // The qualifier accepts the codes of the segments sharing the tag here (REF*EV and REF*F2: EV or F2).
    if (c.index === qualifierElement && union) return { ...c, codes: new Set(union) };
    return c;
  });
  elements.sort((a, b) => a.index - b.index);
  return {
    tag: first.id,
    pos,
    usage: entries.some((e) => e.usage === 'R') ? 'R' : 'S',
    maxUse: entries.reduce((n, e) => n + e.maxUse, 0),
    name: first.name,
    qualifierElement,
    elements,
    maxElements: STANDARD_ELEMENTS[first.id] ?? 0,
  };
}

export function compileSpec(spec: TransactionSpec): CompiledSpec {
  const tags = new Set<string>();
  const loops = new Map<string, CompiledLoop>();

  const cache = new Map<LoopSpec, CompiledLoop>();
  const compileLoop = (l: LoopSpec, isRoot: boolean): CompiledLoop => {
    // A loop may sit under two parents (837P 2300 under 2000B or 2000C): compile it once.
    const known = cache.get(l);
    if (known) return known;
    const body = l.body;
    const triggerSpec = isRoot ? null : body[0];
    if (!isRoot && (!triggerSpec || triggerSpec.kind !== 'segment')) throw new Error(`spec: loop ${l.id} must start with its trigger segment`);
    const byTag = new Map<string, { pos: number; entries: SegmentSpec[] }>();
    const childLoops: { loop: CompiledLoop; pos: number; spec: LoopSpec }[] = [];
    body.forEach((entry, pos) => {
      if (entry.kind === 'segment') {
        tags.add(entry.id);
        if (pos === 0 && !isRoot) return;
        const g = byTag.get(entry.id);
        if (g) g.entries.push(entry);
        else byTag.set(entry.id, { pos, entries: [entry] });
      } else {
        childLoops.push({ loop: compileLoop(entry, false), pos, spec: entry });
      }
    });
    const segs = new Map<string, CompiledSeg>();
    for (const [tag, g] of byTag) segs.set(tag, mergeSegs(g.entries, g.pos));
    const triggers = new Map<string, CompiledTrigger[]>();
    for (const c of childLoops) {
      const t = c.spec.body[0] as SegmentSpec;
      const list = triggers.get(t.id) ?? [];
      const keys = t.qualifiers?.map(codeKey);
      list.push({
        codes: t.qualifiers ? new Set(t.qualifiers) : null,
        keys: keys && keys.every((k) => k >= 0) ? Int32Array.from(keys) : null,
        element: t.qualifierElement ?? 0,
        loop: c.loop,
        pos: c.pos,
      });
      triggers.set(t.id, list);
    }
    const compiled: CompiledLoop = {
      id: l.id,
      index: -1,
      name: l.name,
      usage: l.usage,
      maxRepeat: l.maxRepeat,
      trigger: triggerSpec ? mergeSegs([triggerSpec as SegmentSpec], 0) : null,
      triggerCodes: triggerSpec && triggerSpec.kind === 'segment' ? (triggerSpec.qualifiers ?? []) : [],
      segs,
      triggers,
      requiredSegs: [...segs.values()].filter((s) => s.usage === 'R'),
      requiredLoops: childLoops.filter((c) => c.spec.usage === 'R').map((c) => ({ loop: c.loop, pos: c.pos })),
      bodySize: body.length,
      descendants: childLoops.flatMap((c) => [c.loop.id, ...c.loop.descendants]),
      descendantIndexes: new Int32Array(0),
      childPos: new Map(childLoops.map((c) => [c.loop.id, c.pos])),
    };
    cache.set(l, compiled);
    if (!isRoot) {
      if (loops.has(l.id)) throw new Error(`spec: loop id ${l.id} used twice`);
      loops.set(l.id, compiled);
    }
    return compiled;
  };

  const root = compileLoop(spec.root, true);
  loops.set('ST', root);
  (root as { index: number }).index = 0;
  let i = 1;
  for (const l of loops.values()) if (l !== root) (l as { index: number }).index = i++;
  for (const l of loops.values()) {
    (l as { descendantIndexes: Int32Array }).descendantIndexes = Int32Array.from(l.descendants, (id) => loops.get(id)!.index);
  }
  return { spec, root, tags, loops };
}

/** The element spec of `SEG` + element id in a loop (for mapping bindings), or undefined. */
export function findElement(cs: CompiledSpec, loopId: string, tag: string, elementId: string): ElementSpec | undefined {
  const loop = cs.loops.get(loopId);
  if (!loop) return undefined;
  const seg = loop.trigger?.tag === tag ? loop.trigger : loop.segs.get(tag);
  if (!seg) return undefined;
  for (const e of seg.elements) {
    if (e.spec.id === elementId) return e.spec;
    for (const c of e.components ?? []) if (c.spec.id === elementId) return c.spec;
  }
  return undefined;
}
