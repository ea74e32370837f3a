/**
 * The marts as TypeScript types, for Kysely: `martsDb(wh)` in src/db/kysely.ts. One interface per table or view of
 * schema `marts`, with its columns in order; types as the rows arrive (converted like `queryPlain`): DECIMAL, DOUBLE
 * and the integers are number, DATE is 'YYYY-MM-DD', TIMESTAMP an ISO 8601 string, lists unknown[]. A column is
 * `| null` when information_schema says it is nullable, which is every column of a mart (CREATE TABLE … AS).
 *
 * GENERATED from the built marts by src/models/gen-marts-types.ts: do not edit by hand.
 * Regenerate: npx tsx src/models/gen-marts-types.ts
 */

/** marts.appeals (table) */
export interface Appeals {
  clinic_id: string | null; // VARCHAR
  claim_id: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  category: string | null; // VARCHAR
  primary_carc: string | null; // VARCHAR
  initial_outcome: string | null; // VARCHAR
  denied_amount: number | null; // DECIMAL(38,2)
  first_adjudicated_on: string | null; // DATE
  denial_received_on: string | null; // DATE
  first_action: string | null; // VARCHAR
  first_action_on: string | null; // DATE
  days_to_first_action: number | null; // BIGINT
  routed_within_sla: boolean | null; // BOOLEAN
  appeals: number | null; // BIGINT
  corrections: number | null; // BIGINT
  overturned: boolean | null; // BOOLEAN
  overturned_on: string | null; // DATE
  recovered_amount: number | null; // DECIMAL(38,2)
  written_off_amount: number | null; // DECIMAL(38,2)
  resolution: string | null; // VARCHAR
  resolution_path: string | null; // VARCHAR
}

/** marts.ar_aging (table) */
export interface ArAging {
  as_of: string | null; // DATE
  payer_id: string | null; // VARCHAR
  bucket: string | null; // VARCHAR
  claims: number | null; // BIGINT
  balance: number | null; // DECIMAL(18,2)
  bucket_order: number | null; // INTEGER
}

/** marts.ar_summary (table) */
export interface ArSummary {
  as_of: string | null; // DATE
  payer_id: string | null; // VARCHAR
  open_claims: number | null; // BIGINT
  total_balance: number | null; // DECIMAL(18,2)
  balance_over_90: number | null; // DECIMAL(18,2)
  ar_over_90_pct: number | null; // DOUBLE
  billed_last_90_days: number | null; // DECIMAL(18,2)
  days_in_ar: number | null; // DOUBLE
  credit_balance_claims: number | null; // BIGINT
  credit_balance: number | null; // DECIMAL(18,2)
  patient_responsibility: number | null; // DECIMAL(18,2)
  patient_payments: number | null; // DECIMAL(18,2)
  patient_balance: number | null; // DECIMAL(18,2)
  patient_ar: number | null; // DECIMAL(18,2)
}

/** marts.auth_alerts (table) */
export interface AuthAlerts {
  auth_id: string | null; // VARCHAR
  clinic_id: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  start_date: string | null; // DATE
  end_date: string | null; // DATE
  approved_visits: number | null; // INTEGER
  visits_used: number | null; // BIGINT
  visits_remaining: number | null; // BIGINT
  days_to_expiry: number | null; // BIGINT
  scheduled_visits: number | null; // BIGINT
  projected_exhaustion_date: string | null; // DATE
  reauth_requested: boolean | null; // BOOLEAN
  reauth_due_on: string | null; // DATE
  low_visits: boolean | null; // BOOLEAN
  expiring: boolean | null; // BOOLEAN
  needs_reauth: boolean | null; // BOOLEAN
  patient_message: string | null; // VARCHAR
}

/** marts.auth_leakage (table) */
export interface AuthLeakage {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  payer_id: string | null; // VARCHAR
  visits_requiring_auth: number | null; // BIGINT
  leaked_visits: number | null; // BIGINT
  leakage_rate: number | null; // DOUBLE
  leaked_amount: number | null; // DECIMAL(18,2)
  authorized_visits: number | null; // BIGINT
  over_limit_visits: number | null; // BIGINT
  expired_visits: number | null; // BIGINT
  no_auth_visits: number | null; // BIGINT
  exempt_visits: number | null; // BIGINT
  confirmed_by_denial: number | null; // BIGINT
}

/** marts.auth_requests (table) */
export interface AuthRequests {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  payer_id: string | null; // VARCHAR
  requests: number | null; // BIGINT
  approved: number | null; // BIGINT
  denied: number | null; // BIGINT
  pending: number | null; // BIGINT
  reauthorizations: number | null; // BIGINT
  requested_visits: number | null; // BIGINT
  approved_visits: number | null; // BIGINT
  approval_rate_visits: number | null; // DOUBLE
  avg_turnaround_days: number | null; // DOUBLE
  median_turnaround_days: number | null; // DOUBLE
  p90_turnaround_days: number | null; // DOUBLE
}

/** marts.auth_visits (table) */
export interface AuthVisits {
  visit_id: string | null; // VARCHAR
  clinic_id: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  visit_date: string | null; // DATE
  claim_id: string | null; // VARCHAR
  visit_number: number | null; // BIGINT
  status: string | null; // VARCHAR
  auth_id: string | null; // VARCHAR
  leaked: boolean | null; // BOOLEAN
  expected_amount: number | null; // DECIMAL(18,2)
  confirmed_by_denial: boolean | null; // BOOLEAN
}

/** marts.charge_lag (table) */
export interface ChargeLag {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  clinic_id: string | null; // VARCHAR
  visits: number | null; // BIGINT
  median_charge_lag_days: number | null; // DOUBLE
  p90_charge_lag_days: number | null; // DOUBLE
  visits_within_1_day: number | null; // BIGINT
  pct_within_1_day: number | null; // DOUBLE
}

/** marts.claims (table) */
export interface Claims {
  clinic_id: string | null; // VARCHAR
  claim_id: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  financial_class: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  provider_npi: string | null; // VARCHAR
  billed_amount: number | null; // DECIMAL(18,2)
  submitted_on: string | null; // DATE
  first_service_date: string | null; // DATE
  last_service_date: string | null; // DATE
  days_to_submit: number | null; // BIGINT
  current_frequency_code: string | null; // VARCHAR
  is_voided: boolean | null; // BOOLEAN
  versions: number | null; // BIGINT
  lines: number | null; // BIGINT
  completed_visits: number | null; // BIGINT
  first_adjudicated_on: string | null; // DATE
  is_adjudicated: boolean | null; // BOOLEAN
  first_received_on: string | null; // DATE
  initial_outcome: string | null; // VARCHAR
  initial_denial: boolean | null; // BOOLEAN
  denial_category: string | null; // VARCHAR
  primary_carc: string | null; // VARCHAR
  denied_amount: number | null; // DECIMAL(38,2)
  remit_records: number | null; // BIGINT
  reversals: number | null; // BIGINT
  paid_amount: number | null; // DECIMAL(38,2)
  patient_responsibility: number | null; // DECIMAL(38,2)
  contractual_amount: number | null; // DECIMAL(38,2)
  allowed_amount: number | null; // DECIMAL(38,2)
  interest_amount: number | null; // DECIMAL(38,2)
  insurance_balance: number | null; // DECIMAL(38,2)
  patient_balance: number | null; // DECIMAL(38,2)
  last_ack_outcome: string | null; // VARCHAR
  ack_rejections: number | null; // BIGINT
  ack_999_outcome: string | null; // VARCHAR
  ack_999_date: string | null; // DATE
}

/** marts.clinic_benchmarks (table) */
export interface ClinicBenchmarks {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  clinic_id: string | null; // VARCHAR
  completed_visits: number | null; // BIGINT
  adjudicated_claims: number | null; // BIGINT
  denied_claims: number | null; // BIGINT
  denial_rate: number | null; // DOUBLE
  first_pass_rate: number | null; // DOUBLE
  net_collection_rate: number | null; // DOUBLE
  submitted_claims: number | null; // BIGINT
  median_days_to_submit: number | null; // DOUBLE
  submitted_within_1_day: number | null; // BIGINT
  pct_submitted_within_1_day: number | null; // DOUBLE
  visits_requiring_auth: number | null; // BIGINT
  leaked_visits: number | null; // BIGINT
  auth_leakage_rate: number | null; // DOUBLE
  auth_leaked_amount: number | null; // DECIMAL(18,2)
  ar_balance: number | null; // DECIMAL(18,2)
  ar_over_90_pct: number | null; // DOUBLE
  days_in_ar: number | null; // DOUBLE
}

/** marts.clinics (table) */
export interface Clinics {
  clinic_id: string | null; // VARCHAR
  clinic_name: string | null; // VARCHAR
  billing_npi: string | null; // VARCHAR
  timezone: string | null; // VARCHAR
}

/** marts.credentialing (table) */
export interface Credentialing {
  provider_npi: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  clinic_id: string | null; // VARCHAR
  discipline: string | null; // VARCHAR
  status: string | null; // VARCHAR
  export_status: string | null; // VARCHAR
  applied_on: string | null; // DATE
  effective_on: string | null; // DATE
  terminated_on: string | null; // DATE
  days_in_pipeline: number | null; // BIGINT
  is_effective: boolean | null; // BOOLEAN
  visits_before_effective: number | null; // BIGINT
  revenue_at_risk: number | null; // DECIMAL(18,2)
  credentialing_denials: number | null; // BIGINT
  credentialing_denied_amount: number | null; // DECIMAL(18,2)
}

/** marts.credit_balances (table) */
export interface CreditBalances {
  clinic_id: string | null; // VARCHAR
  claim_id: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  first_service_date: string | null; // DATE
  billed_amount: number | null; // DECIMAL(18,2)
  paid_amount: number | null; // DECIMAL(38,2)
  credit_balance: number | null; // DECIMAL(38,2)
  age_days: number | null; // BIGINT
}

/** marts.data_quality (table) */
export interface DataQuality {
  check_name: string | null; // VARCHAR
  check: string | null; // VARCHAR
  severity: string | null; // VARCHAR
  file_sha256: string | null; // VARCHAR
  entity: string | null; // VARCHAR
  key: string | null; // VARCHAR
  message: string | null; // VARCHAR
  source: string | null; // VARCHAR
}

/** marts.denial_rate (table) */
export interface DenialRate {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  payer_id: string | null; // VARCHAR
  category: string | null; // VARCHAR
  adjudicated_claims: number | null; // BIGINT
  denied_claims: number | null; // BIGINT
  denial_rate: number | null; // DOUBLE
  billed_amount: number | null; // DECIMAL(38,2)
  denied_amount: number | null; // DECIMAL(18,2)
  denial_rate_amount: number | null; // DOUBLE
  fully_denied_claims: number | null; // BIGINT
  first_pass_claims: number | null; // BIGINT
  first_pass_rate: number | null; // DOUBLE
  systematic: boolean | null; // BOOLEAN
  category_order: number | null; // INTEGER
}

/** marts.denial_resolution (table) */
export interface DenialResolution {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  payer_id: string | null; // VARCHAR
  initial_denials: number | null; // BIGINT
  routed_within_sla: number | null; // BIGINT
  routed_within_sla_pct: number | null; // DOUBLE
  overturned: number | null; // BIGINT
  overturn_rate: number | null; // DOUBLE
  recovered_amount: number | null; // DECIMAL(18,2)
  written_off_amount: number | null; // DECIMAL(18,2)
  open_denials: number | null; // BIGINT
  unworked_denials: number | null; // BIGINT
  appealed: number | null; // BIGINT
  median_days_to_first_action: number | null; // DOUBLE
}

/** marts.denial_systematic (table) */
export interface DenialSystematic {
  payer_id: string | null; // VARCHAR
  window_start: string | null; // DATE
  window_end: string | null; // DATE
  adjudicated_claims: number | null; // BIGINT
  denied_claims: number | null; // BIGINT
  denial_rate: number | null; // DOUBLE
  top_category: string | null; // VARCHAR
  top_category_denials: number | null; // BIGINT
  top_category_share: number | null; // DOUBLE
  systematic: boolean | null; // BOOLEAN
}

/** marts.denial_worklist (table) */
export interface DenialWorklist {
  clinic_id: string | null; // VARCHAR
  claim_id: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  category: string | null; // VARCHAR
  primary_carc: string | null; // VARCHAR
  denied_amount: number | null; // DECIMAL(38,2)
  amount_at_stake: number | null; // DECIMAL(38,2)
  denial_received_on: string | null; // DATE
  age_days: number | null; // BIGINT
  past_sla: boolean | null; // BOOLEAN
  resolution_path: string | null; // VARCHAR
  owner: string | null; // VARCHAR
}

/** marts.era_postings (table) */
export interface EraPostings {
  payment_id: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  trace_number: string | null; // VARCHAR
  amount: number | null; // DECIMAL(18,2)
  remit_received_on: string | null; // DATE
  posted_on: string | null; // DATE
  lag_days: number | null; // BIGINT
  matched: boolean | null; // BOOLEAN
  within_1_day: boolean | null; // BOOLEAN
}

/** marts.files (view) */
export interface Files {
  file_name: string | null; // VARCHAR
  sha256: string | null; // VARCHAR
  kind: string | null; // VARCHAR
  status: string | null; // VARCHAR
  reason: string | null; // VARCHAR
  rows: number | null; // BIGINT
  received_at: string | null; // TIMESTAMP
  loaded_at: string | null; // TIMESTAMP
  error_code: string | null; // VARCHAR
  seg_ordinal: number | null; // INTEGER
  byte_offset: number | null; // BIGINT
  line_number: number | null; // INTEGER
  size_bytes: number | null; // BIGINT
  load_seq: number | null; // INTEGER
  duplicate_of: string | null; // VARCHAR
  business_key: string | null; // VARCHAR
}

/** marts.kpi_targets (table) */
export interface KpiTargets {
  kpi: string | null; // VARCHAR
  label: string | null; // VARCHAR
  unit: string | null; // VARCHAR
  definition: string | null; // VARCHAR
  direction: string | null; // VARCHAR
  target: number | null; // DOUBLE
  green_threshold: number | null; // DOUBLE
  red_threshold: number | null; // DOUBLE
  green_inclusive: boolean | null; // BOOLEAN
  source: string | null; // VARCHAR
}

/** marts.kpi_weekly (table) */
export interface KpiWeekly {
  week_start: string | null; // DATE
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  week_end: string | null; // DATE
  kpi: string | null; // VARCHAR
  label: string | null; // VARCHAR
  unit: string | null; // VARCHAR
  value: number | null; // DOUBLE
  numerator: number | null; // DOUBLE
  denominator: number | null; // DOUBLE
  target: number | null; // DOUBLE
  green_threshold: number | null; // DOUBLE
  red_threshold: number | null; // DOUBLE
  direction: string | null; // VARCHAR
  status: string | null; // VARCHAR
  previous_value: number | null; // DOUBLE
  change: number | null; // DOUBLE
  definition: string | null; // VARCHAR
  target_source: string | null; // VARCHAR
  basis_count: number | null; // BIGINT
}

/** marts.payer_mix (table) */
export interface PayerMix {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  financial_class: string | null; // VARCHAR
  visits: number | null; // BIGINT
  revenue: number | null; // DECIMAL(18,2)
  visit_share: number | null; // DOUBLE
  revenue_share: number | null; // DOUBLE
  insurance_revenue_share: number | null; // DOUBLE
  practice_model: string | null; // VARCHAR
}

/** marts.payer_profitability (table) */
export interface PayerProfitability {
  payer_id: string | null; // VARCHAR
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  visits: number | null; // BIGINT
  claims: number | null; // BIGINT
  initially_denied_claims: number | null; // BIGINT
  billed: number | null; // DECIMAL(18,2)
  allowed: number | null; // DECIMAL(18,2)
  expected_allowed: number | null; // DECIMAL(18,2)
  underpaid_amount: number | null; // DECIMAL(18,2)
  cost: number | null; // DECIMAL(18,2)
  margin: number | null; // DECIMAL(18,2)
  allowed_per_visit: number | null; // DOUBLE
  cost_per_visit: number | null; // DOUBLE
  margin_per_visit: number | null; // DOUBLE
  margin_pct: number | null; // DOUBLE
  loses_money: boolean | null; // BOOLEAN
}

/** marts.payers (table) */
export interface Payers {
  payer_id: string | null; // VARCHAR
  payer_name: string | null; // VARCHAR
  financial_class: string | null; // VARCHAR
  x12_payer_id: string | null; // VARCHAR
  requires_auth: boolean | null; // BOOLEAN
  auth_exempt_visits: number | null; // INTEGER
  in_network: boolean | null; // BOOLEAN
  timely_filing_days: number | null; // INTEGER
  is_unknown: boolean | null; // BOOLEAN
}

/** marts.posting_lag (table) */
export interface PostingLag {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  payments: number | null; // BIGINT
  amount: number | null; // DECIMAL(18,2)
  median_lag_days: number | null; // DOUBLE
  p90_lag_days: number | null; // DOUBLE
  payments_within_1_day: number | null; // BIGINT
  pct_within_1_day: number | null; // DOUBLE
}

/** marts.provider_adjustments (table) */
export interface ProviderAdjustments {
  file_sha256: string | null; // VARCHAR
  set_index: number | null; // INTEGER
  seg_ordinal: number | null; // INTEGER
  pair: number | null; // INTEGER
  trace_number: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  clinic_id: string | null; // VARCHAR
  remit_date: string | null; // DATE
  received_on: string | null; // DATE
  fiscal_period_date: string | null; // DATE
  reason_code: string | null; // VARCHAR
  reason_type: string | null; // VARCHAR
  reference_id: string | null; // VARCHAR
  amount: number | null; // DECIMAL(18,2)
  payment_effect: number | null; // DECIMAL(18,2)
}

/** marts.recoupments (table) */
export interface Recoupments {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  payer_id: string | null; // VARCHAR
  reversals: number | null; // BIGINT
  reversed_amount: number | null; // DECIMAL(18,2)
  corrected_amount: number | null; // DECIMAL(18,2)
  takebacks: number | null; // BIGINT
  takeback_amount: number | null; // DECIMAL(18,2)
  recouped_amount: number | null; // DECIMAL(18,2)
  net_recouped_amount: number | null; // DECIMAL(18,2)
  forward_balance_amount: number | null; // DECIMAL(18,2)
  interest_paid: number | null; // DECIMAL(18,2)
  other_plb_amount: number | null; // DECIMAL(18,2)
}

/** marts.submission_lag (table) */
export interface SubmissionLag {
  period_grain: string | null; // VARCHAR
  period_start: string | null; // DATE
  clinic_id: string | null; // VARCHAR
  claims: number | null; // BIGINT
  median_days_to_submit: number | null; // DOUBLE
  p90_days_to_submit: number | null; // DOUBLE
  mean_days_to_submit: number | null; // DOUBLE
  max_days_to_submit: number | null; // BIGINT
  claims_within_1_day: number | null; // BIGINT
  pct_within_1_day: number | null; // DOUBLE
}

/** marts.unbilled_visits (table) */
export interface UnbilledVisits {
  visit_id: string | null; // VARCHAR
  clinic_id: string | null; // VARCHAR
  payer_id: string | null; // VARCHAR
  patient_key: string | null; // VARCHAR
  provider_npi: string | null; // VARCHAR
  visit_date: string | null; // DATE
  visit_type: string | null; // VARCHAR
  documented_on: string | null; // DATE
  days_unbilled: number | null; // BIGINT
}

/** The Kysely database type of the marts: tables are named with their schema, `db.selectFrom('marts.claims')`. */
export interface MartsDatabase {
  'marts.appeals': Appeals;
  'marts.ar_aging': ArAging;
  'marts.ar_summary': ArSummary;
  'marts.auth_alerts': AuthAlerts;
  'marts.auth_leakage': AuthLeakage;
  'marts.auth_requests': AuthRequests;
  'marts.auth_visits': AuthVisits;
  'marts.charge_lag': ChargeLag;
  'marts.claims': Claims;
  'marts.clinic_benchmarks': ClinicBenchmarks;
  'marts.clinics': Clinics;
  'marts.credentialing': Credentialing;
  'marts.credit_balances': CreditBalances;
  'marts.data_quality': DataQuality;
  'marts.denial_rate': DenialRate;
  'marts.denial_resolution': DenialResolution;
  'marts.denial_systematic': DenialSystematic;
  'marts.denial_worklist': DenialWorklist;
  'marts.era_postings': EraPostings;
  'marts.files': Files;
  'marts.kpi_targets': KpiTargets;
  'marts.kpi_weekly': KpiWeekly;
  'marts.payer_mix': PayerMix;
  'marts.payer_profitability': PayerProfitability;
  'marts.payers': Payers;
  'marts.posting_lag': PostingLag;
  'marts.provider_adjustments': ProviderAdjustments;
  'marts.recoupments': Recoupments;
  'marts.submission_lag': SubmissionLag;
  'marts.unbilled_visits': UnbilledVisits;
}
