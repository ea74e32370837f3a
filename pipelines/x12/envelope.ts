/**
 * Interchange / group / set envelopes (domain-reference §1.2, §1.9; checklist rows 1–15), in the TA1 / AK9 / IK5
 * vocabulary: IEA02≠ISA13 TA1-001, IEA01 wrong TA1-021, missing IEA / truncated TA1-023, missing GE TA1-024, duplicate
 * ISA13 TA1-025, GE02≠GS06 AK9-4, GE01 wrong AK9-5, duplicate GS06 AK9-6, SE02≠ST02 IK5-3, SE01 wrong IK5-4, missing
 * SE IK5-2, duplicate ST02 IK5-23, unsupported transaction or version IK5-1 / AK9-2.
 *
 * Outside a set, segment ordinals count from ISA = 1; inside, from ST = 1.
 */
import type { LoadContext } from '../types.ts';
import { firstControl, lineWrapping, unsupported, x12Error } from './errors.ts';
import { Mapper277CA } from './mappers/277ca.ts';
import { Mapper835 } from './mappers/835.ts';
import { Mapper837P } from './mappers/837p.ts';
import { Mapper999 } from './mappers/999.ts';
import type { SegmentPosition, SetMapper } from './mappers/base.ts';
import type { IsaInfo, SegmentHandler, X12Reader } from './reader.ts';
import type { Seg } from './segment.ts';
import { SetOutput } from './set-output.ts';
import { SetProcessor } from './set-processor.ts';
import type { CompiledSpec } from './spec/compile.ts';
import { STANDARD_ELEMENTS, tooManyElements } from './spec/standard.ts';
import { describeGuide, specForGuide } from './specs/index.ts';
import { isValidDate } from './validate-element.ts';

interface Interchange {
  isa: string[];
  offset: number;
  groups: number;
  gs06s: Set<string>;
  sawTa1: boolean;
}

interface Group {
  gs: string[];
  sets: number;
  st02s: Set<string>;
  cs: CompiledSpec;
}

interface OpenSet {
  st: string[];
  proc: SetProcessor;
}

const t = (v: string | undefined) => (v ?? '').trim();
/** Control numbers and counts are numeric (N0): "0001" and "1" are the same number. */
const sameNumber = (a: string | undefined, b: string | number) => {
  const x = t(a);
  const y = String(b).trim();
  return x === y || (/^\d{1,18}$/.test(x) && /^\d{1,18}$/.test(y) && BigInt(x) === BigInt(y));
};

export class EnvelopeProcessor implements SegmentHandler {
  /** Ordinal from ISA = 1. */
  private isaOrd = 0;
  private ic: Interchange | null = null;
  private grp: Group | null = null;
  private set: OpenSet | null = null;
  private readonly isa13s = new Set<string>();
  private readonly pos: SegmentPosition = { ord: 0, offset: 0 };
  /** Sets seen so far (the next set's index). */
  setCount = 0;
  firstKind: string | undefined;
  groupKind: string | undefined;
  readonly businessKeys: string[] = [];

  constructor(
    private readonly ctx: LoadContext,
    private readonly reader: X12Reader,
  ) {}

  private kind(): string {
    return this.firstKind ?? this.groupKind ?? 'x12';
  }

  private outside(offset: number) {
    return { segOrdinal: this.isaOrd, byteOffset: offset, kind: this.kind() };
  }

  interchange(e: string[], offset: number, info: IsaInfo): void {
    this.isaOrd = 1;
    const at = this.outside(offset);
    const version = t(e[12]);
    if (version !== '00501') {
      throw unsupported('IK5-1', `ISA12 interchange version ${version || '(empty)'}${version === '00401' ? ' (4010)' : ''}; only 00501 (5010) is supported`, at);
    }
    const isa13 = t(e[13]);
    if (!/^\d{1,9}$/.test(isa13)) throw x12Error('TA1-018', 'ISA13 interchange control number is not numeric (9 digits expected)', at);
    if (this.isa13s.has(isa13)) throw x12Error('TA1-025', `duplicate interchange control number: ISA13 ${isa13} appears twice in the file`, at);
    this.isa13s.add(isa13);
    if (info.length !== 106) {
      // A short / unpadded ISA (fields not space-padded, e.g. 72 characters) is read by counting its 16 element
      // separators instead of by fixed offsets. That is unambiguous when the element separator, ISA16 and the
      // terminator are distinct non-alphanumeric characters and the terminator does not occur inside the ISA (the
      // reader checks all three), so it is loaded with a warning rather than quarantined (checklist row 2).
      this.ctx.finding({
        check_name: 'isa_not_fixed_length',
        severity: 'warn',
        entity: 'interchange',
        key: isa13,
        message: `ISA is ${info.length} characters, not the fixed 106 (fields not padded); delimiters were unambiguous, so it was read by its element separators`,
        set_index: null,
        seg_ordinal: 1,
      });
    }
    this.ic = { isa: e, offset, groups: 0, gs06s: new Set(), sawTa1: false };
  }

  segment(seg: Seg, offset: number, flags: number): void {
    this.isaOrd++;
    const tag = seg.tag;
    const set = this.set;
    if (set) {
      this.pos.ord++;
      this.pos.offset = offset;
      if (tag === 'SE') {
        const extra = tooManyElements(seg, STANDARD_ELEMENTS.SE!);
        if (extra) throw x12Error('IK4-3', extra, { segOrdinal: this.pos.ord, byteOffset: offset, kind: this.kind() });
        return this.closeSet(seg.strings(), offset);
      }
      if (tag === 'ST' || tag === 'GS' || tag === 'GE' || tag === 'IEA' || tag === 'ISA') {
        throw x12Error('IK5-2', `missing SE: transaction set ST02 ${t(set.st[2])} is followed by ${tag} without its SE trailer`, {
          segOrdinal: this.pos.ord,
          byteOffset: offset,
          kind: this.kind(),
        });
      }
      set.proc.segment(seg, flags !== 0);
      return;
    }
    const e = seg.strings();
    const at = this.outside(offset);
    if (flags !== 0) throw lineWrapping(/^[A-Z0-9]{2,3}$/.test(tag) ? tag : '(malformed id)', at, firstControl(e)?.char);
    const ic = this.ic;
    if (tag === 'GS' || tag === 'ST' || tag === 'GE' || tag === 'IEA') {
      const extra = tooManyElements(seg, STANDARD_ELEMENTS[tag]!);
      if (extra) throw x12Error('IK4-3', extra, at);
    }
    switch (tag) {
      case 'GS':
        return this.openGroup(e, at);
      case 'ST':
        return this.openSet(e, offset, at);
      case 'GE': {
        const g = this.grp;
        if (!g) throw x12Error('TA1-024', 'GE without a matching GS', at);
        if (!sameNumber(e[2], t(g.gs[6]))) throw x12Error('AK9-4', `GE02 ${t(e[2])} does not match GS06 ${t(g.gs[6])}`, at);
        if (!sameNumber(e[1], g.sets)) throw x12Error('AK9-5', `GE01 says ${t(e[1]) || '(empty)'} transaction sets but group GS06 ${t(g.gs[6])} has ${g.sets}`, at);
        this.grp = null;
        return;
      }
      case 'IEA': {
        if (!ic) throw x12Error('TA1-024', 'IEA without a matching ISA', at);
        if (this.grp) throw x12Error('TA1-024', `missing GE: functional group GS06 ${t(this.grp.gs[6])} is not closed before IEA`, at);
        const isa13 = t(ic.isa[13]);
        if (!sameNumber(e[2], isa13)) throw x12Error('TA1-001', `IEA02 ${t(e[2])} does not match ISA13 ${isa13}`, at);
        if (!sameNumber(e[1], ic.groups)) throw x12Error('TA1-021', `IEA01 says ${t(e[1]) || '(empty)'} functional groups but interchange ISA13 ${isa13} has ${ic.groups}`, at);
        if (ic.groups === 0) {
          if (ic.sawTa1) throw unsupported('IK5-1', 'TA1-only interchange (an interchange acknowledgment, no functional group)', at);
          throw x12Error('TA1-024', `interchange ISA13 ${isa13} holds no functional group`, at);
        }
        this.ic = null;
        return;
      }
      case 'TA1':
        if (ic && !this.grp) {
          ic.sawTa1 = true;
          return;
        }
        throw x12Error('TA1-024', 'TA1 segment inside a functional group', at);
      case 'ISA':
        throw x12Error('TA1-023', `missing IEA: interchange ISA13 ${t(ic?.isa[13])} is followed by another ISA without its IEA trailer`, at);
      default:
        throw x12Error('TA1-024', `segment ${/^[A-Z0-9]{2,3}$/.test(tag) ? tag : '(malformed id)'} outside a transaction set (between envelope segments)`, at);
    }
  }

  private openGroup(e: string[], at: { segOrdinal: number; byteOffset: number; kind: string }): void {
    const ic = this.ic!;
    if (this.grp) throw x12Error('TA1-024', `missing GE: functional group GS06 ${t(this.grp.gs[6])} is followed by another GS`, at);
    const gs01 = t(e[1]);
    const gs08 = t(e[8]);
    const cs = specForGuide(gs08);
    if (!cs) throw unsupported('AK9-2', `functional group GS01 ${gs01 || '(empty)'} with GS08 ${describeGuide(gs08)}; supported: 837P 005010X222A1, 835 005010X221A1, 277CA 005010X214, 999 005010X231A1`, at);
    if (gs01 !== cs.spec.gs01) throw unsupported('AK9-2', `GS01 ${gs01 || '(empty)'} does not match GS08 ${gs08} (expected ${cs.spec.gs01})`, at);
    if (!isValidDate(t(e[4]))) throw x12Error('IK4-8', 'GS04 (Date, element 4) is not a valid CCYYMMDD date in GS', at);
    const gs06 = t(e[6]);
    if (!/^\d{1,9}$/.test(gs06)) throw x12Error('AK9-6', 'GS06 group control number is missing or not numeric', at);
    const groupNumber = String(Number(gs06)); // "0001" and "1" are the same control number
    if (ic.gs06s.has(groupNumber)) throw x12Error('AK9-6', `duplicate group control number: GS06 ${gs06} appears twice in interchange ISA13 ${t(ic.isa[13])}`, at);
    ic.gs06s.add(groupNumber);
    ic.groups++;
    this.groupKind ??= cs.spec.kind;
    this.grp = { gs: e, sets: 0, st02s: new Set(), cs };
  }

  private openSet(e: string[], offset: number, at: { segOrdinal: number; byteOffset: number; kind: string }): void {
    const g = this.grp;
    if (!g) throw x12Error('TA1-024', 'ST outside a functional group (no GS)', at);
    const st01 = t(e[1]);
    const st02 = t(e[2]);
    const st03 = t(e[3]);
    this.pos.ord = 1;
    this.pos.offset = offset;
    const setAt = { segOrdinal: 1, byteOffset: offset, kind: g.cs.spec.kind };
    if (st01 !== g.cs.spec.st01) throw unsupported('IK5-1', `ST01 ${st01 || '(empty)'} in a group whose GS08 is ${t(g.gs[8])} (${g.cs.spec.st01} expected)`, setAt);
    if (st03 && !g.cs.spec.guides.includes(st03)) throw unsupported('IK5-1', `ST03 ${describeGuide(st03)} for transaction ${st01}`, setAt);
    if (!st02) throw x12Error('IK5-6', 'ST02 transaction set control number is missing', setAt);
    if (g.st02s.has(st02)) throw x12Error('IK5-23', `duplicate transaction set control number: ST02 ${st02} appears twice in group GS06 ${t(g.gs[6])}`, setAt);
    g.st02s.add(st02);
    g.sets++;
    const setIndex = this.setCount++;
    this.firstKind ??= g.cs.spec.kind;
    const out = new SetOutput(this.ctx, { setIndex, isa: this.ic!.isa, gs: g.gs, st: e });
    const comp = this.reader.delims!.component;
    const proc = new SetProcessor(g.cs, this.pos, comp.charCodeAt(0));
    proc.mapper = this.mapperFor(g.cs, out, setIndex, comp);
    this.set = { st: e, proc };
  }

  private mapperFor(cs: CompiledSpec, out: SetOutput, setIndex: number, comp: string): SetMapper {
    switch (cs.spec.kind) {
      case 'x12_835':
        return new Mapper835(out, this.pos, this.ctx, setIndex, comp, (k) => this.businessKeys.push(k));
      case 'x12_837p':
        return new Mapper837P(out, this.pos, this.ctx, setIndex, comp);
      case 'x12_277ca':
        return new Mapper277CA(out, this.pos, setIndex, comp);
      case 'x12_999':
        return new Mapper999(out, this.pos, setIndex, comp);
    }
  }

  private closeSet(e: string[], offset: number): void {
    const set = this.set!;
    const st02 = t(set.st[2]);
    const at = { segOrdinal: this.pos.ord, byteOffset: offset, kind: this.kind() };
    if (t(e[2]) !== st02) throw x12Error('IK5-3', `SE02 ${t(e[2]) || '(empty)'} does not match ST02 ${st02}`, at);
    if (!sameNumber(e[1], this.pos.ord)) {
      throw x12Error('IK5-4', `SE01 says ${t(e[1]) || '(empty)'} segments but the set has ${this.pos.ord} (ST02 ${st02})`, at);
    }
    set.proc.finish();
    this.set = null;
  }

  end(byteOffset: number, truncated: boolean): void {
    const at = { segOrdinal: this.set ? this.pos.ord : this.isaOrd, byteOffset, kind: this.kind() };
    const cut = truncated ? ', in the middle of a segment' : '';
    if (!this.reader.sawInterchange) throw x12Error('TA1-024', 'no ISA at byte 0: the file is empty', { segOrdinal: 0, byteOffset: 0 });
    if (this.set) throw x12Error('TA1-023', `missing IEA: the file ends inside transaction set ST02 ${t(this.set.st[2])} (SE, GE and IEA missing${cut}: truncated file?)`, at);
    if (this.grp) throw x12Error('TA1-023', `missing IEA: the file ends inside functional group GS06 ${t(this.grp.gs[6])} (GE and IEA missing${cut}: truncated file?)`, at);
    if (this.ic) throw x12Error('TA1-023', `missing IEA: interchange ISA13 ${t(this.ic.isa[13])} has no IEA trailer${cut} (truncated file?)`, at);
  }
}
