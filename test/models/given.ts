/**
 * "Given rows → expected rows" for model unit tests: a small builder that writes raw rows (837 claims and lines,
 * 835 remittances, EHR exports) straight into a throwaway warehouse, runs `build --as-of`, and reads marts back.
 * Lineage (files, sets, load order) is filled in the way ingest would, so ordering rules can be exercised.
 */
import { parseConfig, type Config } from '../../src/config.ts';
import { EHR_TABLES } from '../../pipelines/ehr/tables.ts';
import {
  FILES,
  X12_835_ADJUSTMENTS,
  X12_835_CLAIMS,
  X12_835_LINES,
  X12_835_PROVIDER_ADJUSTMENTS,
  X12_277_STATUSES,
  X12_835_REMITTANCES,
  X12_837_CLAIMS,
  X12_837_HEADERS,
  X12_837_LINES,
  X12_SET_LINEAGE,
  X12_SETS,
  type RawTableDef,
} from '../../src/db/raw-schema.ts';
import { sqlString, type Warehouse } from '../../src/db/warehouse.ts';
import { queryPlain, type PlainRow } from '../../src/db/results.ts';
import { build } from '../../src/models/runner.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

type Row = Record<string, unknown>;

export interface Line837 {
  cpt: string;
  modifiers?: string[];
  charge: number;
  units?: number;
  /** SV103: UN units (default) or MJ minutes. */
  unitBasis?: 'UN' | 'MJ';
  date: string;
  ref6r?: string;
  /** 2420A rendering provider NPI. */
  rendering?: string;
}

export interface Claim837 {
  claim: string;
  /** Billing NPI (default: clinic C1's). */
  npi?: string;
  /** Billing provider tax id, 2010AA REF*EI (default: none). */
  tin?: string;
  payer?: string; // x12 payer id
  freq?: '1' | '7' | '8';
  submitted: string; // BHT04
  billed?: number; // default Σ line charges
  member?: string;
  f8?: string;
  rendering?: string;
  /** SBR01 payer responsibility (default P primary; S secondary, T tertiary, …). */
  sequence?: string;
  lines: Line837[];
}

export interface Adj {
  group: string;
  carc: string;
  amount: number;
  quantity?: number;
}

export interface Line835 {
  cpt: string;
  /** SVC06-2: the code as submitted, when the payer adjudicated the line under another code (SVC01). */
  originalCpt?: string;
  /** SVC06-3…: the modifiers as submitted (with originalCpt). */
  originalModifiers?: string[];
  modifiers?: string[];
  charge: number;
  paid: number;
  units?: number;
  date?: string;
  ref6r?: string;
  adj?: Adj[];
  allowed?: number;
}

export interface Claim835 {
  claim: string;
  status: string; // CLP02
  charge: number;
  paid: number;
  pr?: number;
  ccn?: string; // CLP07
  adj?: Adj[]; // claim level
  lines?: Line835[];
  interest?: number;
}

export interface Remit835 {
  payer: string; // payer key (x12 id)
  /** N1*PR N104 when it differs from REF*2U (the payer key). */
  payerN104?: string;
  trace: string;
  paymentDate: string; // BPR16
  received?: string; // GS04 (default = paymentDate)
  amount?: number; // BPR02 (default Σ paid − Σ PLB)
  /** N1*PE N104 with XX (default clinic C1's billing NPI); null for a payee named by TIN only. */
  payeeNpi?: string | null;
  /** N1*PE N104 with FI, or REF*TJ. */
  payeeTin?: string;
  claims: Claim835[];
  plb?: Array<{ reason: string; ref?: string; amount: number }>;
}

export const CLINIC_NPI = '1000000001';

const DEFAULT_CLINICS = [{ clinic_id: 'C1', clinic_name: 'Clinic One', billing_npi: CLINIC_NPI, tin: '111111111', timezone: 'America/New_York' }];

export class Given {
  private rows = new Map<string, Row[]>();
  private fileSeq = 0;
  private readonly ehrDone = new Set<string>();

  constructor() {
    this.ehr('clinics', DEFAULT_CLINICS);
  }

  private add(table: string, row: Row): void {
    if (!this.rows.has(table)) this.rows.set(table, []);
    this.rows.get(table)!.push(row);
  }

  private newFile(kind: string, name: string): { sha: string; seq: number } {
    const seq = ++this.fileSeq;
    const sha = `f${String(seq).padStart(63, '0')}`;
    this.add('files', {
      sha256: sha,
      file_name: name,
      kind,
      status: 'loaded',
      rows: 1,
      size_bytes: 1,
      received_at: '2025-01-01 00:00:00',
      loaded_at: '2025-01-01 00:00:00',
      load_seq: seq,
    });
    return { sha, seq };
  }

  /** Replace the rows of an EHR entity (clinics, payers, visits, …). */
  ehr(entity: string, rows: Row[]): this {
    this.rows.set(`ehr_${entity}`, rows.map((r, i) => ({ file_sha256: 'ehr', line_number: i + 2, ...r })));
    this.ehrDone.add(entity);
    return this;
  }

  /** One 277CA file with one transaction set: claim-level STCs, in segment order. */
  acks277(statuses: Array<{ claim: string; category: string; code?: string; date?: string; billingId?: string }>): this {
    const { sha } = this.newFile('x12_277ca', `acks-${this.fileSeq + 1}.277`);
    statuses.forEach((a, i) => {
      this.add('x12_277_statuses', {
        file_sha256: sha, isa13: '000000001', gs06: '1', st02: '0001', set_index: 0, seg_ordinal: 10 + i,
        level: 'claim', clm01: a.claim, billing_npi: a.billingId ?? CLINIC_NPI,
        status_category: a.category, status_code: a.code ?? '20', status_date: a.date ?? null,
      });
    });
    return this;
  }

  /** One 837P file with one transaction set holding these claims. */
  claims837(claims: Claim837[], opts: { gs04?: string; name?: string; /** BHT05 HHMM[SS] */ time?: string } = {}): this {
    const { sha } = this.newFile('x12_837p', opts.name ?? `claims-${this.fileSeq + 1}.837`);
    const lineage = { file_sha256: sha, isa13: '000000001', gs06: '1', st02: '0001', set_index: 0 };
    this.add('x12_sets', { ...lineage, st01: '837', gs01: 'HC', gs04: opts.gs04 ?? claims[0]?.submitted, gs08: '005010X222A1' });
    this.add('x12_837_headers', { ...lineage, seg_ordinal: 2, bht02: '00', bht04: claims[0]?.submitted, bht05: opts.time ?? null });
    let seg = 10;
    for (const c of claims) {
      const claimSeg = seg++;
      const billed = c.billed ?? c.lines.reduce((s, l) => s + l.charge, 0);
      this.add('x12_837_claims', {
        ...lineage,
        seg_ordinal: claimSeg,
        billing_npi: c.npi ?? CLINIC_NPI,
        billing_tin: c.tin ?? null,
        payer_x12_id: c.payer ?? 'P1',
        member_key: c.member ?? `m_${c.claim}`,
        clm01: c.claim,
        clm02: billed,
        frequency_code: c.freq ?? '1',
        payer_claim_control_number: c.f8 ?? null,
        rendering_npi: c.rendering ?? null,
        payer_responsibility: c.sequence ?? 'P',
        line_count: c.lines.length,
      });
      c.lines.forEach((l, i) => {
        this.add('x12_837_lines', {
          ...lineage,
          seg_ordinal: seg++,
          claim_seg_ordinal: claimSeg,
          line_number: i + 1,
          procedure_qualifier: 'HC',
          procedure_code: l.cpt,
          modifier_1: l.modifiers?.[0] ?? null,
          modifier_2: l.modifiers?.[1] ?? null,
          charge: l.charge,
          unit_basis: l.unitBasis ?? 'UN',
          units: l.units ?? 1,
          service_date_from: l.date,
          service_date_to: l.date,
          line_control_number: l.ref6r ?? null,
          rendering_npi: l.rendering ?? null,
        });
      });
    }
    // A submission date per claim: one set per distinct BHT04 keeps the builder simple.
    return this;
  }

  /** One 835 file with one transaction set (one payment). */
  remit835(r: Remit835, opts: { name?: string } = {}): this {
    const { sha } = this.newFile('x12_835', opts.name ?? `remit-${this.fileSeq + 1}.835`);
    const lineage = { file_sha256: sha, isa13: '000000001', gs06: '1', st02: '0001', set_index: 0 };
    this.add('x12_sets', { ...lineage, st01: '835', gs01: 'HP', gs04: r.received ?? r.paymentDate, gs08: '005010X221A1' });
    const plbTotal = (r.plb ?? []).reduce((s, p) => s + p.amount, 0);
    const paidTotal = r.claims.reduce((s, c) => s + c.paid, 0);
    this.add('x12_835_remittances', {
      ...lineage,
      seg_ordinal: 2,
      handling_code: 'I',
      payment_amount: r.amount ?? Math.round((paidTotal - plbTotal) * 100) / 100,
      payment_date: r.paymentDate,
      trace_number: r.trace,
      payer_key: r.payer,
      payer_ref_2u: r.payer,
      payer_id: r.payerN104 ?? r.payer,
      payee_id_qualifier: r.payeeNpi === null ? 'FI' : 'XX',
      payee_npi: r.payeeNpi === undefined ? CLINIC_NPI : r.payeeNpi,
      payee_tin: r.payeeTin ?? null,
      claim_count: r.claims.length,
    });
    let seg = 10;
    for (const c of r.claims) {
      const clpSeg = seg++;
      this.add('x12_835_claims', {
        ...lineage,
        seg_ordinal: clpSeg,
        clp01: c.claim,
        clp02: c.status,
        clp03: c.charge,
        clp04: c.paid,
        clp05: c.pr ?? 0,
        clp07: c.ccn ?? `CCN-${c.claim}`,
        interest_amount: c.interest ?? null,
      });
      const addAdj = (adj: Adj[] | undefined, level: 'claim' | 'line', lineSeg: number | null) => {
        (adj ?? []).forEach((a, i) => {
          this.add('x12_835_adjustments', {
            ...lineage,
            seg_ordinal: seg++,
            triplet: i + 1,
            level,
            claim_seg_ordinal: clpSeg,
            line_seg_ordinal: lineSeg,
            group_code: a.group,
            reason_code: a.carc,
            amount: a.amount,
            quantity: a.quantity ?? null,
          });
        });
      };
      addAdj(c.adj, 'claim', null);
      for (const l of c.lines ?? []) {
        const svcSeg = seg++;
        this.add('x12_835_lines', {
          ...lineage,
          seg_ordinal: svcSeg,
          claim_seg_ordinal: clpSeg,
          procedure_qualifier: 'HC',
          procedure_code: l.cpt,
          modifier_1: l.modifiers?.[0] ?? null,
          modifier_2: l.modifiers?.[1] ?? null,
          modifier_3: l.modifiers?.[2] ?? null,
          modifier_4: l.modifiers?.[3] ?? null,
          // As the loader stores SVC06: the composite's components joined by ':' (HC:97140:GP).
          original_procedure: l.originalCpt ? ['HC', l.originalCpt, ...(l.originalModifiers ?? [])].join(':') : null,
          charge: l.charge,
          paid: l.paid,
          units_paid: l.units ?? 1,
          service_date_from: l.date ?? null,
          service_date_to: l.date ?? null,
          line_control_number: l.ref6r ?? null,
          allowed_amount: l.allowed ?? null,
        });
        addAdj(l.adj, 'line', svcSeg);
      }
    }
    (r.plb ?? []).forEach((p, i) => {
      this.add('x12_835_provider_adjustments', {
        ...lineage,
        seg_ordinal: seg++,
        pair: i + 1,
        provider_id: CLINIC_NPI,
        reason_code: p.reason,
        reference_id: p.ref ?? null,
        amount: p.amount,
      });
    });
    return this;
  }

  async apply(wh: Warehouse): Promise<void> {
    const defs: RawTableDef[] = [FILES, X12_SETS, X12_837_HEADERS, X12_837_CLAIMS, X12_837_LINES, X12_835_REMITTANCES, X12_835_CLAIMS, X12_835_LINES, X12_835_ADJUSTMENTS, X12_835_PROVIDER_ADJUSTMENTS, X12_277_STATUSES, ...EHR_TABLES];
    for (const def of defs) {
      const rows = this.rows.get(def.name);
      if (!rows?.length) continue;
      const cols = def.lineage === 'x12' ? [...X12_SET_LINEAGE, ...def.columns] : def.columns;
      const values = rows.map(
        (r) =>
          `(${cols
            .map((c) => {
              const v = r[c.name];
              if (v === undefined || v === null) return 'NULL';
              if (typeof v === 'number' || typeof v === 'boolean') return `${v}::${c.type}`;
              return `${sqlString(String(v))}::${c.type}`;
            })
            .join(', ')})`,
      );
      await wh.run(`INSERT INTO raw.${def.name} (${cols.map((c) => c.name).join(', ')}) VALUES ${values.join(',\n')}`);
    }
  }
}

export interface Built {
  tw: TempWarehouse;
  /** Query marts (JSON-safe rows). */
  q(sql: string): Promise<PlainRow[]>;
  cleanup(): void;
}

/** Write the given rows into a fresh warehouse and build the models as of `asOf`. */
export async function buildGiven(
  given: Given,
  asOf: string,
  config: Record<string, unknown> = {},
  opts: { persistIntermediate?: boolean } = {},
): Promise<Built> {
  const tw = tempWarehouse(config);
  const cfg: Config = parseConfig(config);
  await tw.withRw(async (wh) => {
    await given.apply(wh);
    await build(wh, { config: cfg, asOf, persistIntermediate: opts.persistIntermediate });
  });
  return {
    tw,
    q: (sql) => tw.query(sql),
    cleanup: () => tw.cleanup(),
  };
}

export async function rows(wh: Warehouse, sql: string): Promise<PlainRow[]> {
  return (await queryPlain(wh.con, sql)).rows;
}
