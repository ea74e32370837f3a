/**
 * What the ingest orchestrator gives a parser (X12 or CSV) for one file, and how a parser says "quarantine".
 */
import type { Config } from '../src/config.ts';
import type { Warehouse } from '../src/db/warehouse.ts';
import type { Pseudonymizer } from '../src/pseudonym.ts';
import type { BulkLoader } from './load/sink.ts';

export type Severity = 'error' | 'warn';

export interface Finding {
  check_name: string;
  severity: Severity;
  entity: string;
  key: string;
  message: string;
  set_index?: number | null;
  seg_ordinal?: number | null;
}

/** The identity of one 835 payment, for re-sent remittance detection (DESIGN.md §4). */
export interface RemittanceIdentity {
  payerKey: string;
  /** TRN03, the payer's originating company id (with TRN02 the reassociation key of the X12 guide); '' if absent. */
  originator: string;
  /** 1000A N1*PR N104, the payer's id in the file; '' if absent. */
  payerId: string;
  /** 1000B N104: a trace number is unique per payer and payee, not per payer (X12 RFI #217, #1847); '' if absent. */
  payee: string;
  traceNumber: string;
  /** BPR02 as written in the file. */
  paymentAmount: string;
  setIndex: number;
  /** Position of the BPR. */
  segOrdinal: number;
  byteOffset: number;
}

export interface LoadContext {
  readonly wh: Warehouse;
  readonly loader: BulkLoader;
  readonly fileSha256: string;
  readonly fileName: string;
  readonly config: Config;
  readonly pseudonymizer: Pseudonymizer;
  /** Record a data-quality finding (written with the file's rows, in the same transaction). */
  finding(f: Finding): void;
  /**
   * Before loading an 835 set: 'load' if (payer, TRN02) is new; 'skip' if it was already loaded with the same BPR02
   * (a re-sent remittance: load none of the set's rows). Throws a QuarantineError (DUP_TRN_CONFLICT) if the same
   * TRN02 was loaded with a different BPR02.
   */
  remittance(id: RemittanceIdentity): 'load' | 'skip';
  /** Progress: bytes of the file consumed so far. */
  progress(bytes: number): void;
}

export interface ParseOutcome {
  /** x12_835, x12_837p, x12_277ca, x12_999, csv_<entity>. */
  kind: string;
  /** Business identity, e.g. the payer|TRN02 list of an 835, or the CSV entity. */
  businessKey?: string;
  /** Human-readable extra for the ledger / CLI line (e.g. "2 re-sent sets skipped"). */
  note?: string;
  /** Rows the file holds once loaded, when not every row written stays (a CSV key repeated in the file keeps one). */
  rows?: number;
}

/** A file-level rejection: nothing of the file is loaded; the ledger records code, reason and position. */
export class QuarantineError extends Error {
  constructor(
    /** Rule code in the TA1 / IK3 / IK4 / IK5 / AK9 vocabulary (e.g. "IK5-4", "TA1-001"), or DUP_TRN_CONFLICT, UNSUPPORTED, CSV_STRUCTURAL, … */
    readonly code: string,
    message: string,
    readonly position: { segOrdinal?: number; byteOffset?: number; lineNumber?: number; kind?: string } = {},
  ) {
    // The reason is one line wherever it is shown: control characters from the input are written visibly.
    super(message.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)));
  }
}
