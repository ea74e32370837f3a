/**
 * The raw schema: one table per parsed record type, the input contract of `models/`.
 *
 * Every X12 row carries its lineage: the file's sha256, the interchange / group / set control numbers (ISA13, GS06,
 * ST02), the set's position in the file (`set_index`, 0-based) and the segment ordinal counted from ST = 1 (the 999
 * IK302 convention). CSV rows carry the file's sha256 and the line number.
 *
 * Parsers emit X12 rows through a {@link import('../../pipelines/load/sink.ts').TableSink} as arrays of strings in
 * `columns` order, *without* the set-level lineage columns (`file_sha256`, `isa13`, `gs06`, `st02`): the sink adds
 * them from `raw.x12_sets`. No table here holds a patient name, address, birth date or member id: patients appear as
 * keyed hashes (`member_key`, `patient_key`).
 */

export type SqlType =
  | 'VARCHAR'
  | 'INTEGER'
  | 'BIGINT'
  | 'DATE'
  | 'TIMESTAMP'
  | 'BOOLEAN'
  | 'DECIMAL(18,2)'
  | 'DECIMAL(12,3)';

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  /** Where the value comes from (X12 element, CSV column) or what it means. */
  readonly doc: string;
}

export interface RawTableDef {
  /** Table name inside schema `raw`. */
  readonly name: string;
  /** One sentence: what one row is. */
  readonly grain: string;
  /** Set-level lineage added by the sink (X12 tables) — not part of the emitted row. */
  readonly lineage: 'x12' | 'none';
  /** Columns the parser emits, in order. */
  readonly columns: readonly ColumnDef[];
}

const c = (name: string, type: SqlType, doc: string): ColumnDef => ({ name, type, doc });

/** Columns the sink adds to every X12 row, from `raw.x12_sets`. */
export const X12_SET_LINEAGE: readonly ColumnDef[] = [
  c('file_sha256', 'VARCHAR', 'sha256 of the file the row came from'),
  c('isa13', 'VARCHAR', 'ISA13 interchange control number'),
  c('gs06', 'VARCHAR', 'GS06 group control number'),
  c('st02', 'VARCHAR', 'ST02 transaction set control number'),
];

const set = c('set_index', 'INTEGER', 'position of the transaction set (ST) in the file, 0-based');
const seg = c('seg_ordinal', 'INTEGER', 'segment ordinal of the row\'s segment, counted from ST = 1 (999 IK302)');

/**
 * One row per loaded transaction set. Parsers push it (through `BulkLoader.x12Sets`) just before the set's first
 * data row, never earlier: a re-sent 835 set that is skipped leaves no row here.
 */
export const X12_SETS: RawTableDef = {
  name: 'x12_sets',
  grain: 'one row per transaction set (ST…SE) of a loaded X12 file',
  lineage: 'none',
  columns: [
    c('file_sha256', 'VARCHAR', 'sha256 of the file'),
    set,
    c('isa13', 'VARCHAR', 'ISA13 interchange control number'),
    c('isa06', 'VARCHAR', 'ISA06 interchange sender id (trimmed)'),
    c('isa08', 'VARCHAR', 'ISA08 interchange receiver id (trimmed)'),
    c('isa15', 'VARCHAR', 'ISA15 usage indicator (P production, T test)'),
    c('gs01', 'VARCHAR', 'GS01 functional identifier code (HC, HP, HN, FA)'),
    c('gs02', 'VARCHAR', 'GS02 application sender code'),
    c('gs03', 'VARCHAR', 'GS03 application receiver code'),
    c('gs04', 'DATE', 'GS04 group creation date'),
    c('gs06', 'VARCHAR', 'GS06 group control number'),
    c('gs08', 'VARCHAR', 'GS08 version / implementation guide'),
    c('st01', 'VARCHAR', 'ST01 transaction set identifier (837, 835, 277, 999)'),
    c('st02', 'VARCHAR', 'ST02 transaction set control number'),
    c('st03', 'VARCHAR', 'ST03 implementation convention reference'),
  ],
};

export const X12_837_HEADERS: RawTableDef = {
  name: 'x12_837_headers',
  grain: 'one row per 837P transaction set: the BHT and submitter/receiver',
  lineage: 'x12',
  columns: [
    set,
    seg,
    c('bht02', 'VARCHAR', 'BHT02 purpose (00 original, 18 reissue)'),
    c('bht03', 'VARCHAR', 'BHT03 originator application transaction id'),
    c('bht04', 'DATE', 'BHT04 creation date: the submission date'),
    c('bht05', 'VARCHAR', 'BHT05 creation time (HHMM, HHMMSS or HHMMSSDD): orders versions sent the same day'),
    c('bht06', 'VARCHAR', 'BHT06 claim or encounter (CH chargeable, RP reporting)'),
    c('submitter_id', 'VARCHAR', '1000A NM1*41 NM109'),
    c('receiver_id', 'VARCHAR', '1000B NM1*40 NM109'),
  ],
};

export const X12_837_CLAIMS: RawTableDef = {
  name: 'x12_837_claims',
  grain: 'one row per 837P claim (2300 CLM loop) as submitted in one file',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the CLM segment'),
    c('billing_npi', 'VARCHAR', '2010AA NM1*85 NM109 (qualifier XX)'),
    c('billing_tin', 'VARCHAR', '2010AA REF*EI (employer id of the billing provider)'),
    c('payer_responsibility', 'VARCHAR', '2000B SBR01 (P primary, S secondary, T tertiary, …)'),
    c('claim_filing_indicator', 'VARCHAR', '2000B SBR09 (MB, CI, BL, WC, …)'),
    c('payer_x12_id', 'VARCHAR', '2010BB NM1*PR NM109'),
    c('payer_name', 'VARCHAR', '2010BB NM1*PR NM103'),
    c('member_key', 'VARCHAR', 'keyed hash of payer id + subscriber member id (2010BA NM109), with a dependent patient name and birth date; never the ids themselves'),
    c('clm01', 'VARCHAR', 'CLM01 patient control number: the claim id'),
    c('clm02', 'DECIMAL(18,2)', 'CLM02 total claim charge'),
    c('place_of_service', 'VARCHAR', 'CLM05-1 place of service'),
    c('frequency_code', 'VARCHAR', 'CLM05-3 claim frequency (1 original, 7 replacement, 8 void)'),
    c('delay_reason_code', 'VARCHAR', 'CLM20 delay reason'),
    c('payer_claim_control_number', 'VARCHAR', '2300 REF*F8 payer claim control number of the claim replaced or voided'),
    c('prior_auth_number', 'VARCHAR', '2300 REF*G1 prior authorization number'),
    c('referral_number', 'VARCHAR', '2300 REF*9F referral number'),
    c('rendering_npi', 'VARCHAR', '2310B NM1*82 NM109'),
    c('referring_npi', 'VARCHAR', '2310A NM1*DN NM109'),
    c('line_count', 'INTEGER', 'number of 2400 service lines'),
  ],
};

export const X12_837_LINES: RawTableDef = {
  name: 'x12_837_lines',
  grain: 'one row per 837P service line (2400 loop, SV1)',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the SV1 segment'),
    c('claim_seg_ordinal', 'INTEGER', 'segment ordinal of the claim\'s CLM segment'),
    c('line_number', 'INTEGER', 'LX01 assigned number'),
    c('procedure_qualifier', 'VARCHAR', 'SV101-1 (HC)'),
    c('procedure_code', 'VARCHAR', 'SV101-2 CPT/HCPCS'),
    c('modifier_1', 'VARCHAR', 'SV101-3'),
    c('modifier_2', 'VARCHAR', 'SV101-4'),
    c('modifier_3', 'VARCHAR', 'SV101-5'),
    c('modifier_4', 'VARCHAR', 'SV101-6'),
    c('charge', 'DECIMAL(18,2)', 'SV102 line charge'),
    c('unit_basis', 'VARCHAR', 'SV103 (UN units, MJ minutes)'),
    c('units', 'DECIMAL(12,3)', 'SV104 service unit count'),
    c('place_of_service', 'VARCHAR', 'SV105'),
    c('service_date_from', 'DATE', '2400 DTP*472 (first date of a range)'),
    c('service_date_to', 'DATE', '2400 DTP*472 (last date of a range; = from for a single date)'),
    c('line_control_number', 'VARCHAR', '2400 REF*6R line item control number'),
    c('prior_auth_number', 'VARCHAR', '2400 REF*G1'),
    c('rendering_npi', 'VARCHAR', '2420A NM1*82 NM109 (overrides the claim\'s)'),
  ],
};

export const X12_835_REMITTANCES: RawTableDef = {
  name: 'x12_835_remittances',
  grain: 'one row per 835 transaction set: one payment (check / EFT) or notification',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the BPR segment'),
    c('handling_code', 'VARCHAR', 'BPR01 (C, D, H, I, P, U, X)'),
    c('payment_amount', 'DECIMAL(18,2)', 'BPR02 total actual provider payment'),
    c('credit_debit', 'VARCHAR', 'BPR03 (C, D)'),
    c('payment_method', 'VARCHAR', 'BPR04 (ACH, BOP, CHK, FWT, NON)'),
    c('payment_date', 'DATE', 'BPR16 check issue or EFT effective date'),
    c('trace_type', 'VARCHAR', 'TRN01'),
    c('trace_number', 'VARCHAR', 'TRN02 check or EFT trace number'),
    c('originator_id', 'VARCHAR', 'TRN03 payer identifier'),
    c('production_date', 'DATE', 'DTM*405 production date'),
    c('payer_name', 'VARCHAR', '1000A N1*PR N102'),
    c('payer_id_qualifier', 'VARCHAR', '1000A N1*PR N103'),
    c('payer_id', 'VARCHAR', '1000A N1*PR N104'),
    c('payer_ref_2u', 'VARCHAR', '1000A REF*2U additional payer id'),
    c('payer_key', 'VARCHAR', 'the payer identity: REF*2U, else N1*PR N104, else TRN03 (re-sent 835s are recognised by TRN03 + the plan (N104, else REF*2U), payee and TRN02: docs/reliability.md)'),
    c('payee_name', 'VARCHAR', '1000B N1*PE N102'),
    c('payee_id_qualifier', 'VARCHAR', '1000B N1*PE N103 (XX NPI, FI TIN, …)'),
    c('payee_id', 'VARCHAR', '1000B N1*PE N104'),
    c('payee_npi', 'VARCHAR', 'payee NPI: N104 when N103 = XX, else REF*HPI'),
    c('payee_tin', 'VARCHAR', 'payee TIN: N104 when N103 = FI, else REF*TJ'),
    c('claim_count', 'INTEGER', 'number of CLP loops in the set'),
  ],
};

export const X12_835_CLAIMS: RawTableDef = {
  name: 'x12_835_claims',
  grain: 'one row per 835 claim payment (2100 CLP loop): one remittance record',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the CLP segment'),
    c('clp01', 'VARCHAR', 'CLP01 patient control number (= 837 CLM01)'),
    c('clp02', 'VARCHAR', 'CLP02 claim status (1,2,3,4,19,20,21,22,23,25)'),
    c('clp03', 'DECIMAL(18,2)', 'CLP03 total claim charge'),
    c('clp04', 'DECIMAL(18,2)', 'CLP04 claim payment amount'),
    c('clp05', 'DECIMAL(18,2)', 'CLP05 patient responsibility amount'),
    c('clp06', 'VARCHAR', 'CLP06 claim filing indicator'),
    c('clp07', 'VARCHAR', 'CLP07 payer claim control number'),
    c('clp08', 'VARCHAR', 'CLP08 facility type / place of service'),
    c('clp09', 'VARCHAR', 'CLP09 claim frequency code'),
    c('member_key', 'VARCHAR', 'keyed hash of payer + member id (NM1*IL, else NM1*QC NM109); never the id itself'),
    c('rendering_npi', 'VARCHAR', 'NM1*82 NM109'),
    c('statement_from', 'DATE', 'DTM*232 claim statement period start'),
    c('statement_to', 'DATE', 'DTM*233 claim statement period end'),
    c('payer_received_on', 'DATE', 'DTM*050 date the payer received the claim'),
    c('interest_amount', 'DECIMAL(18,2)', 'AMT*I claim interest (informational)'),
    c('coverage_amount', 'DECIMAL(18,2)', 'AMT*AU coverage amount'),
  ],
};

export const X12_835_LINES: RawTableDef = {
  name: 'x12_835_lines',
  grain: 'one row per 835 service payment (2110 SVC loop)',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the SVC segment'),
    c('claim_seg_ordinal', 'INTEGER', 'segment ordinal of the CLP segment'),
    c('procedure_qualifier', 'VARCHAR', 'SVC01-1 (HC, …)'),
    c('procedure_code', 'VARCHAR', 'SVC01-2'),
    c('modifier_1', 'VARCHAR', 'SVC01-3'),
    c('modifier_2', 'VARCHAR', 'SVC01-4'),
    c('modifier_3', 'VARCHAR', 'SVC01-5'),
    c('modifier_4', 'VARCHAR', 'SVC01-6'),
    c('charge', 'DECIMAL(18,2)', 'SVC02 line charge'),
    c('paid', 'DECIMAL(18,2)', 'SVC03 line payment'),
    c('revenue_code', 'VARCHAR', 'SVC04 NUBC revenue code'),
    c('units_paid', 'DECIMAL(12,3)', 'SVC05 units paid'),
    c('original_procedure', 'VARCHAR', 'SVC06 submitted procedure when the payer changed it (components joined by :)'),
    c('original_units', 'DECIMAL(12,3)', 'SVC07 original units'),
    c('service_date_from', 'DATE', 'DTM*472, else DTM*150'),
    c('service_date_to', 'DATE', 'DTM*472, else DTM*151'),
    c('line_control_number', 'VARCHAR', 'REF*6R line item control number (= 837 REF*6R)'),
    c('allowed_amount', 'DECIMAL(18,2)', 'AMT*B6 allowed (actual)'),
    c('remark_codes', 'VARCHAR', 'LQ*HE remark codes, comma-separated'),
  ],
};

export const X12_835_ADJUSTMENTS: RawTableDef = {
  name: 'x12_835_adjustments',
  grain: 'one row per CAS reason/amount/quantity triplet, claim or line level',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the CAS segment'),
    c('triplet', 'INTEGER', 'triplet position 1..6 (CAS02-04 … CAS17-19)'),
    c('level', 'VARCHAR', "'claim' (2100 CAS) or 'line' (2110 CAS)"),
    c('claim_seg_ordinal', 'INTEGER', 'segment ordinal of the CLP segment'),
    c('line_seg_ordinal', 'INTEGER', 'segment ordinal of the SVC segment (line level only)'),
    c('group_code', 'VARCHAR', 'CAS01 group (CO, PR, OA, PI, CR)'),
    c('reason_code', 'VARCHAR', 'CARC'),
    c('amount', 'DECIMAL(18,2)', 'adjustment amount (positive reduces payment)'),
    c('quantity', 'DECIMAL(12,3)', 'adjustment quantity (e.g. units)'),
  ],
};

export const X12_835_PROVIDER_ADJUSTMENTS: RawTableDef = {
  name: 'x12_835_provider_adjustments',
  grain: 'one row per PLB adjustment (reason/amount pair)',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the PLB segment'),
    c('pair', 'INTEGER', 'pair position 1..6 (PLB03-04 … PLB13-14)'),
    c('provider_id', 'VARCHAR', 'PLB01 provider identifier'),
    c('fiscal_period_date', 'DATE', 'PLB02 fiscal period date'),
    c('reason_code', 'VARCHAR', 'PLB03-1 adjustment reason (L6, WO, FB, 72, PI, …)'),
    c('reference_id', 'VARCHAR', 'PLB03-2 reference identification'),
    c('amount', 'DECIMAL(18,2)', 'PLB04 amount (positive reduces payment)'),
  ],
};

export const X12_277_STATUSES: RawTableDef = {
  name: 'x12_277_statuses',
  grain: 'one row per 277CA STC status at claim or line level (2200D / 2220D)',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the STC segment'),
    c('level', 'VARCHAR', "'claim' (2200D) or 'line' (2220D)"),
    c('clm01', 'VARCHAR', '2200D TRN02 = the claim\'s CLM01'),
    c('payer_claim_control_number', 'VARCHAR', '2200D REF*1K'),
    c('billing_npi', 'VARCHAR', '2100C NM1*85 NM109'),
    c('information_source_id', 'VARCHAR', '2100A NM1*PR/AY NM109'),
    c('status_category', 'VARCHAR', 'STC01-1 claim status category (A1…A8)'),
    c('status_code', 'VARCHAR', 'STC01-2 claim status code'),
    c('entity_code', 'VARCHAR', 'STC01-3 entity identifier'),
    c('status_date', 'DATE', 'STC02 status information effective date'),
    c('action_code', 'VARCHAR', 'STC03 action code (WQ accepted, U rejected, …)'),
    c('total_charge', 'DECIMAL(18,2)', 'STC04 total claim charge'),
    c('service_date_from', 'DATE', 'DTP*472 service date (from)'),
    c('service_date_to', 'DATE', 'DTP*472 service date (to)'),
    c('line_control_number', 'VARCHAR', '2220D REF*FJ line item control number'),
  ],
};

export const X12_999_SET_RESPONSES: RawTableDef = {
  name: 'x12_999_set_responses',
  grain: 'one row per acknowledged transaction set (AK2 … IK5) in a 999; one row with empty set columns for a group answered without AK2 loops',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the AK2 segment'),
    c('group_functional_id', 'VARCHAR', 'AK101 functional id of the acknowledged group'),
    c('group_control_number', 'VARCHAR', 'AK102 acknowledged GS06'),
    c('group_version', 'VARCHAR', 'AK103 acknowledged GS08'),
    c('set_id', 'VARCHAR', 'AK201 acknowledged ST01'),
    c('set_control_number', 'VARCHAR', 'AK202 acknowledged ST02'),
    c('set_guide', 'VARCHAR', 'AK203 acknowledged ST03'),
    c('status', 'VARCHAR', 'IK501 (A accepted, E accepted with errors, R rejected, …)'),
    c('error_codes', 'VARCHAR', 'IK502…IK506 comma-separated'),
    c('group_status', 'VARCHAR', 'AK901 group response'),
  ],
};

export const X12_999_ERRORS: RawTableDef = {
  name: 'x12_999_errors',
  grain: 'one row per IK3 segment error or IK4 element error in a 999 (never the bad value, IK404)',
  lineage: 'x12',
  columns: [
    set,
    c('seg_ordinal', 'INTEGER', 'segment ordinal of the IK3 / IK4 segment'),
    c('set_control_number', 'VARCHAR', 'AK202 of the acknowledged set'),
    c('kind', 'VARCHAR', "'segment' (IK3) or 'element' (IK4)"),
    c('segment_id', 'VARCHAR', 'IK301 segment id'),
    c('segment_position', 'INTEGER', 'IK302 position counted from ST = 1'),
    c('loop_id', 'VARCHAR', 'IK303 loop id'),
    c('segment_error_code', 'VARCHAR', 'IK304'),
    c('element_position', 'VARCHAR', 'IK401 element position (element[:component[:repetition]])'),
    c('element_reference', 'VARCHAR', 'IK402 data element reference number'),
    c('element_error_code', 'VARCHAR', 'IK403'),
  ],
};

export const X12_TABLES = [
  X12_837_HEADERS,
  X12_837_CLAIMS,
  X12_837_LINES,
  X12_835_REMITTANCES,
  X12_835_CLAIMS,
  X12_835_LINES,
  X12_835_ADJUSTMENTS,
  X12_835_PROVIDER_ADJUSTMENTS,
  X12_277_STATUSES,
  X12_999_SET_RESPONSES,
  X12_999_ERRORS,
] as const;

export type X12TableName = (typeof X12_TABLES)[number]['name'];

/** The file ledger: one row per distinct file (sha256) ever offered. Exposed as `marts.files`. */
export const FILES: RawTableDef = {
  name: 'files',
  grain: 'one row per distinct file (sha256) ever offered to ingest',
  lineage: 'none',
  columns: [
    c('sha256', 'VARCHAR', 'sha256 of the file bytes: the file\'s identity'),
    c('file_name', 'VARCHAR', 'base name of the file when first offered'),
    c('kind', 'VARCHAR', 'x12_835, x12_837p, x12_277ca, x12_999, csv_<entity>, or unknown'),
    c('status', 'VARCHAR', 'loaded, duplicate or quarantined'),
    c('reason', 'VARCHAR', 'one-line reason for duplicate / quarantined files (rule code, position, message)'),
    c('error_code', 'VARCHAR', 'rule code: TA1 / IK3 / IK4 / IK5 / AK9 vocabulary, DUP_TRN, DUP_TRN_CONFLICT, UNSUPPORTED, CSV_STRUCTURAL, …'),
    c('seg_ordinal', 'INTEGER', 'X12: segment ordinal of the error, counted from ST = 1 (or from the file start outside a set)'),
    c('byte_offset', 'BIGINT', 'X12: byte offset of the error\'s segment in the file'),
    c('line_number', 'INTEGER', 'CSV: line of the error'),
    c('rows', 'BIGINT', 'rows written to raw tables by this file'),
    c('size_bytes', 'BIGINT', 'file size'),
    c('received_at', 'TIMESTAMP', 'when the file was first offered (UTC)'),
    c('loaded_at', 'TIMESTAMP', 'when the file was loaded, marked duplicate or quarantined (UTC)'),
    c('load_seq', 'INTEGER', 'ingest order: files are replayed in this order by `revcycle rebuild`'),
    c('duplicate_of', 'VARCHAR', 'sha256 of the file that already carried this content (re-sent 835)'),
    c('business_key', 'VARCHAR', 'business identity: payer|TRN02 of each 835 set, entity for CSV'),
    c('parser_version', 'VARCHAR', 'revcycle version that processed the file'),
  ],
};

/** Findings written at load time (835 balancing, CSV rejects summary, …). Audits add more at build time. */
export const LOAD_FINDINGS: RawTableDef = {
  name: 'load_findings',
  grain: 'one row per data-quality finding raised while loading a file',
  lineage: 'none',
  columns: [
    c('file_sha256', 'VARCHAR', 'the file'),
    c('check_name', 'VARCHAR', 'rule id, e.g. balance_service_line (B-S), balance_claim (B-C), balance_transaction (B-T), plb_interest (B-I)'),
    c('severity', 'VARCHAR', 'error or warn'),
    c('entity', 'VARCHAR', 'what the key identifies: claim, line, remittance, file, csv row, …'),
    c('key', 'VARCHAR', 'identifier of the offending record (claim id, TRN02, line number), never patient data'),
    c('message', 'VARCHAR', 'one line, no patient data'),
    c('set_index', 'INTEGER', 'X12 set position in the file'),
    c('seg_ordinal', 'INTEGER', 'X12 segment ordinal (ST = 1)'),
  ],
};

export const CSV_REJECTS: RawTableDef = {
  name: 'csv_rejects',
  grain: 'one row per CSV value or row that failed validation (the row is not loaded)',
  lineage: 'none',
  columns: [
    c('file_sha256', 'VARCHAR', 'the file'),
    c('file_name', 'VARCHAR', 'the file name'),
    c('entity', 'VARCHAR', 'the CSV entity (visits, payers, …)'),
    c('line_number', 'INTEGER', 'line in the file (header = 1)'),
    c('column_name', 'VARCHAR', 'the offending column (canonical name), or empty for row-level errors'),
    c('reason', 'VARCHAR', 'what is wrong, without the value itself'),
  ],
};

/** Further names of a file's bytes: each is a `duplicate` row of marts.files (one row per file ever offered). */
export const FILE_COPIES: RawTableDef = {
  name: 'file_copies',
  grain: 'one row per (sha256, file name) offered after the bytes were already in raw.files under another name',
  lineage: 'none',
  columns: [
    c('sha256', 'VARCHAR', 'the bytes: raw.files.sha256 of the file first offered with them'),
    c('file_name', 'VARCHAR', 'base name of this copy'),
    c('received_at', 'TIMESTAMP', 'when this name was first offered (UTC)'),
  ],
};

export const LEDGER_TABLES = [FILES, LOAD_FINDINGS, CSV_REJECTS, FILE_COPIES] as const;

export function createTableSql(def: RawTableDef, schema = 'raw'): string {
  const cols = def.lineage === 'x12' ? [...X12_SET_LINEAGE, ...def.columns] : def.columns;
  return `CREATE TABLE IF NOT EXISTS ${schema}.${def.name} (\n  ${cols.map((col) => `${col.name} ${col.type}`).join(',\n  ')}\n)`;
}
