/**
 * The canonical EHR / practice-management CSV formats (DESIGN.md §5): the single definition of each entity.
 *
 * Per entity: its columns as a zod object (required columns plain, optional ones `.optional()`, defaults
 * `.default(…)`), its primary key and its file-name prefix. The raw tables (`tables.ts`), header recognition
 * (`detect.ts`), row validation (`validate-row.ts`) and docs/formats.md (`formats-doc.ts`) are derived from here.
 */
import { z } from 'zod';
import {
  bool,
  code,
  count,
  describeColumn,
  id,
  isoDate,
  money,
  note,
  npi,
  oneOf,
  patientId,
  text,
  timestamp,
  timezone,
  type EntityColumn,
} from './columns.ts';

export const FINANCIAL_CLASSES = [
  'medicare',
  'medicare_advantage',
  'medicaid',
  'commercial',
  'regional',
  'workers_comp',
  'auto',
  'other',
] as const;

export interface EntityDef {
  /** Entity name: raw table `raw.ehr_<name>`, ledger kind `csv_<name>`. */
  readonly name: string;
  /** Files whose name starts with this (case-insensitive) and ends in .csv are this entity. */
  readonly prefix: string;
  /** One sentence: what a row is. */
  readonly doc: string;
  /** CSV column names; a later file's row replaces the row with the same key. */
  readonly primaryKey: readonly string[];
  /** One CSV row (trimmed cells, empty cells absent) → typed values. */
  readonly schema: z.ZodObject;
  /** Derived from the schema, in CSV column order. */
  readonly columns: readonly EntityColumn[];
}

function entity(name: string, def: { prefix?: string; doc: string; primaryKey: string[]; shape: z.ZodRawShape }): EntityDef {
  const schema = z.object(def.shape);
  const columns = Object.entries(def.shape).map(([col, s]) => describeColumn(col, s as z.ZodType));
  for (const k of def.primaryKey) {
    if (!(k in def.shape)) throw new Error(`${name}: primary key column ${k} is not a column`);
  }
  return { name, prefix: def.prefix ?? name, doc: def.doc, primaryKey: def.primaryKey, schema, columns };
}

export const CLINICS = entity('clinics', {
  doc: 'one row per clinic (billing location)',
  primaryKey: ['clinic_id'],
  shape: {
    clinic_id: id('the clinic id used by every other export'),
    clinic_name: text('display name of the clinic'),
    billing_npi: npi('billing (group) NPI: 837 loop 2010AA NM109 and 835 payee N1*PE; sites billing under one group NPI may share it (a claim then goes to the site whose visits name it)'),
    tin: id('tax identification number of the billing entity (12-3456789 and 123456789 match the same X12 TIN)', 20).optional(),
    timezone: timezone('time zone of the clinic; dates are calendar dates in it').optional(),
  },
});

export const PROVIDERS = entity('providers', {
  doc: 'one row per rendering provider',
  primaryKey: ['provider_npi'],
  shape: {
    provider_npi: npi('rendering provider NPI: 837 NM1*82 NM109'),
    clinic_id: id('home clinic of the provider'),
    discipline: text('discipline: PT, PTA, OT, OTA, SLP, … (open list)', 20).optional(),
    display_name: text('name shown in worklists').optional(),
  },
});

export const PAYERS = entity('payers', {
  doc: 'one row per payer (insurance plan or program) the clinic bills',
  primaryKey: ['payer_id'],
  shape: {
    payer_id: id('the payer id used by every other export'),
    payer_name: text('display name of the payer'),
    financial_class: oneOf(FINANCIAL_CLASSES, 'financial class: drives admin cost per claim and the payer mix'),
    x12_payer_id: id('payer id as in 837 NM1*PR NM109 and 835 N1*PR N104 / REF*2U'),
    requires_auth: bool('whether visits need a prior authorisation'),
    auth_exempt_visits: count('visits before an authorisation is needed (the initial evaluation)').default('1'),
    in_network: bool('whether the clinic is in network with the payer').default('true'),
    timely_filing_days: count('days after the service within which the claim must be filed').optional(),
  },
});

export const FEE_SCHEDULE = entity('fee_schedule', {
  doc: 'one row per contracted allowed amount: payer × CPT × modifier × effective date',
  primaryKey: ['payer_id', 'cpt', 'modifier', 'effective_from'],
  shape: {
    payer_id: id('payer (payers.payer_id)'),
    cpt: code('CPT / HCPCS code', /^[A-Za-z0-9]{5}$/, 'a 5-character CPT/HCPCS code (e.g. 97110, G0283; read in upper case)'),
    modifier: code('modifier the amount applies to; empty = any', /^[A-Za-z0-9]{2}$/, 'a 2-character modifier (e.g. GP; read in upper case)').optional(),
    allowed_amount: money('allowed amount per unit'),
    effective_from: isoDate('first day the amount applies'),
    effective_to: isoDate('last day the amount applies; empty = open-ended').optional(),
  },
});

export const VISITS = entity('visits', {
  doc: 'one row per scheduled or completed visit',
  primaryKey: ['visit_id'],
  shape: {
    visit_id: id('the EHR visit (encounter) id'),
    clinic_id: id('clinic of the visit (clinics.clinic_id)'),
    patient_id: patientId('EHR patient id'),
    provider_npi: npi('rendering provider NPI'),
    visit_date: isoDate('date of service'),
    visit_type: oneOf(['evaluation', 're_evaluation', 'treatment', 'discharge'], 'kind of visit'),
    status: oneOf(['completed', 'cancelled', 'no_show'], 'what happened to the visit'),
    payer_id: id('primary payer (payers.payer_id); empty = cash-pay').optional(),
    claim_id: id('CLM01 of the claim it was billed on; empty = not billed').optional(),
    documented_at: timestamp('when the visit note was signed').optional(),
    charge_entered_at: timestamp('when the charges were entered').optional(),
    minutes: count('treatment minutes').optional(),
  },
});

export const APPOINTMENTS = entity('appointments', {
  doc: 'one row per future or past appointment',
  primaryKey: ['appointment_id'],
  shape: {
    appointment_id: id('the scheduling system appointment id'),
    patient_id: patientId('EHR patient id'),
    scheduled_date: isoDate('date of the appointment'),
    payer_id: id('payer the visit will be billed to (payers.payer_id)').optional(),
    status: oneOf(['scheduled', 'cancelled'], 'appointment status (blank = scheduled: an export of bookings lists the ones still on)').optional(),
  },
});

export const AUTHORIZATIONS = entity('authorizations', {
  doc: 'one row per prior-authorisation request',
  primaryKey: ['auth_id'],
  shape: {
    auth_id: id('the authorisation id'),
    patient_id: patientId('EHR patient id'),
    payer_id: id('payer (payers.payer_id)'),
    status: oneOf(['approved', 'pending', 'denied'], 'decision'),
    requested_on: isoDate('date requested'),
    decided_on: isoDate('date decided').optional(),
    start_date: isoDate('first day covered').optional(),
    end_date: isoDate('last day covered').optional(),
    approved_visits: count('visits approved').optional(),
    requested_visits: count('visits requested').optional(),
    previous_auth_id: id('the authorisation this one renews (a re-authorisation)').optional(),
  },
});

export const PAYMENTS = entity('payments', {
  doc: 'one row per posted payment (payer or patient)',
  primaryKey: ['payment_id'],
  shape: {
    payment_id: id('the posting id'),
    source: oneOf(['payer', 'patient'], 'who paid'),
    amount: money('amount posted (negative for a refund or takeback)', { signed: true }),
    received_on: isoDate('date the money (or the ERA) arrived'),
    posted_on: isoDate('date it was posted'),
    method: oneOf(['era', 'check', 'card', 'cash', 'ach'], 'payment method').optional(),
    payer_id: id('paying payer (payers.payer_id)').optional(),
    patient_id: patientId('EHR patient id of a patient payment').optional(),
    claim_id: id('CLM01 the payment applies to').optional(),
    visit_id: id('visit the payment applies to').optional(),
    trace_number: id('TRN02 of the 835 for ERA payments (check / EFT trace number)').optional(),
  },
});

export const CREDENTIALING = entity('credentialing', {
  doc: 'one row per provider × payer enrolment',
  primaryKey: ['provider_npi', 'payer_id'],
  shape: {
    provider_npi: npi('provider NPI'),
    payer_id: id('payer (payers.payer_id)'),
    status: oneOf(['not_started', 'in_progress', 'active', 'terminated'], 'enrolment status'),
    applied_on: isoDate('date the application went out').optional(),
    effective_on: isoDate('first day the provider may bill the payer').optional(),
    terminated_on: isoDate('the day the enrolment ends: terminated from that day on').optional(),
  },
});

export const DENIAL_ACTIONS = entity('denial_actions', {
  doc: 'one row per action taken on a denied claim',
  primaryKey: ['claim_id', 'action', 'action_on'],
  shape: {
    claim_id: id('CLM01 of the denied claim'),
    action: oneOf(['appeal', 'corrected_claim', 'patient_outreach', 'write_off', 'resubmit'], 'what was done'),
    action_on: isoDate('date of the action'),
    amount: money('amount written off (for write_off)').optional(),
    note: note('free text; kept in raw only, never copied into marts or the site').optional(),
  },
});

/** All entities, in DESIGN.md §5 order. */
export const ENTITIES: readonly EntityDef[] = [
  CLINICS,
  PROVIDERS,
  PAYERS,
  FEE_SCHEDULE,
  VISITS,
  APPOINTMENTS,
  AUTHORIZATIONS,
  PAYMENTS,
  CREDENTIALING,
  DENIAL_ACTIONS,
];

export const ENTITY_NAMES = ENTITIES.map((e) => e.name);

export function entityByName(name: string): EntityDef | undefined {
  return ENTITIES.find((e) => e.name === name);
}
