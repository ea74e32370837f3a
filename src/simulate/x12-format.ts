// X12 5010 envelope and segment helpers. Element separator `*`, repetition `^`, component `:`, segment terminator
// `~` followed by `\n`. ISA is the fixed 106-character segment; control numbers are matched and counted.

import { d6, d8, hhmm } from './dates.ts';
import { pad } from './ids.ts';

export const SEG_END = '~\n';

/** ISA/GS identifiers are padded to their fixed ISA width. */
function fixed(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

export function isaSegment(sender: string, receiver: string, day: number, minute: number, ctrl: number): string {
  return (
    `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${fixed(sender, 15)}*ZZ*${fixed(receiver, 15)}*` +
    `${d6(day)}*${hhmm(minute)}*^*00501*${pad(ctrl, 9)}*0*P*:` + SEG_END
  );
}

/** Accumulates the segments of one transaction set (ST … SE) and counts them for SE01. */
export class SetWriter {
  private readonly parts: string[];

  constructor(
    id: string,
    private readonly ctrl: string,
    version: string,
  ) {
    this.parts = [`ST*${id}*${ctrl}*${version}`];
  }

  seg(s: string): void {
    this.parts.push(s);
  }

  /** The set's text, SE01 = number of segments from ST to SE inclusive. */
  end(): string {
    this.parts.push(`SE*${this.parts.length + 1}*${this.ctrl}`);
    this.parts.push('');
    return this.parts.join(SEG_END);
  }
}

export interface EnvelopeOptions {
  isaSender: string;
  isaReceiver: string;
  gs01: string;
  gsSender: string;
  gsReceiver: string;
  version: string;
  day: number;
  minute: number;
  /** Interchange control number; also used as GS06. */
  ctrl: number;
}

/** One interchange with one functional group around complete transaction sets. */
export function interchange(o: EnvelopeOptions, sets: readonly string[]): string {
  return (
    isaSegment(o.isaSender, o.isaReceiver, o.day, o.minute, o.ctrl) +
    `GS*${o.gs01}*${o.gsSender}*${o.gsReceiver}*${d8(o.day)}*${hhmm(o.minute)}*${o.ctrl}*X*${o.version}${SEG_END}` +
    sets.join('') +
    `GE*${sets.length}*${o.ctrl}${SEG_END}` +
    `IEA*1*${pad(o.ctrl, 9)}${SEG_END}`
  );
}

/** ST02 for the n-th set of a group (1-based). */
export function stControl(n: number): string {
  return pad(n, 4);
}

/** Trim trailing empty elements so segments never end in `*`. */
export function seg(...elements: string[]): string {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--;
  return elements.slice(0, end).join('*');
}

/** The clearinghouse that sits between the clinics and the payers. */
export const CLEARINGHOUSE = { name: 'REVCYCLE DEMO CLEARINGHOUSE', id: 'RCDEMOCH' };

/** SV1/SVC procedure composite: HC:97110:GP:KX */
export function procComposite(cpt: string, mods: readonly string[]): string {
  return mods.length ? `HC:${cpt}:${mods.join(':')}` : `HC:${cpt}`;
}
