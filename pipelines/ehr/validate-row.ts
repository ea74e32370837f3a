/**
 * One CSV record → the raw table's cells, or the reasons it is rejected.
 *
 * Cells are trimmed; an empty cell is a missing value (the schema then applies its default, or rejects a required
 * column). Vendor conversions of the column plan run first, then the entity's zod schema. Patient ids become
 * `patient_key` here, so no later step ever sees one. Reasons never contain the value.
 */
import type { Cell } from '../load/sink.ts';
import type { Pseudonymizer } from '../../src/pseudonym.ts';
import type { ColumnPlan, ColumnSource } from './column-plan.ts';
import { reason } from './reasons.ts';

export interface Problem {
  /** Canonical column name. */
  column: string;
  reason: string;
}

export type RowResult = { ok: true; cells: Cell[] } | { ok: false; problems: Problem[] };

const CODE_PREFIX = /^[A-Z_]+: /;
const KEY_CACHE = 100_000;

export class RowValidator {
  private readonly sources: readonly ColumnSource[];
  private readonly names: readonly string[];
  private readonly patient: readonly boolean[];
  /** EHR patient id → patient_key, for this file (patients repeat on many rows); at most KEY_CACHE entries. */
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly plan: ColumnPlan,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly fileSha256: string,
  ) {
    this.sources = plan.sources;
    this.names = plan.sources.map((s) => s.column.name);
    this.patient = plan.sources.map((s) => s.column.meta.kind === 'patient_id');
  }

  /** Validate a record; the cells end with the lineage columns (file sha256, line number) of `raw.ehr_<entity>`. */
  validate(record: readonly string[], lineNumber: number): RowResult {
    const input: Record<string, string> = {};
    let problems: Problem[] | undefined;
    for (let i = 0; i < this.sources.length; i++) {
      const s = this.sources[i]!;
      let v = s.index >= 0 ? record[s.index] : s.constant;
      if (v === undefined) continue;
      v = v.trim();
      if (v === '') continue;
      if (s.convert) {
        const c = s.convert(v);
        if ('problem' in c) {
          (problems ??= []).push({ column: s.column.name, reason: c.problem });
          continue;
        }
        v = c.value;
        if (v === '') continue;
      }
      input[this.names[i]!] = v;
    }
    const parsed = this.plan.entity.schema.safeParse(input);
    if (!parsed.success) {
      problems ??= [];
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        if (problems.some((p) => p.column === column)) continue;
        problems.push({ column, reason: CODE_PREFIX.test(issue.message) ? issue.message : reason('BAD_FORMAT') });
      }
    }
    if (problems) return { ok: false, problems };
    const data = parsed.data as Record<string, string | undefined>;
    const cells: Cell[] = new Array(this.names.length + 2);
    for (let i = 0; i < this.names.length; i++) {
      const v = data[this.names[i]!];
      cells[i] = v === undefined ? null : this.patient[i] ? this.patientKey(v) : v;
    }
    cells[this.names.length] = this.fileSha256;
    cells[this.names.length + 1] = lineNumber;
    return { ok: true, cells };
  }

  private patientKey(id: string): string {
    let k = this.keys.get(id);
    if (k === undefined) {
      if (this.keys.size >= KEY_CACHE) this.keys.clear();
      k = this.pseudonymizer.patientKey(id);
      this.keys.set(id, k);
    }
    return k;
  }
}
