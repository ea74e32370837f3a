// Runtime records of the simulation. They live only while something (an episode, a queued claim, a pending
// payment) still refers to them, so memory is bounded by the open payment window, not by the length of the run.

import type { PayerDef } from './payers.ts';

export type VisitType = 'evaluation' | 're_evaluation' | 'treatment' | 'discharge';
export type AuthVisitStatus = 'not_required' | 'exempt' | 'authorized' | 'over_limit' | 'expired' | 'no_auth';
export type AuthPlan = 'good' | 'late_reauth' | 'expired' | 'no_auth' | 'denied';

export interface Address {
  street: string;
  city: string;
  zip: string;
}

export interface Provider {
  npi: string;
  clinicIdx: number;
  first: string;
  last: string;
  discipline: 'PT';
  /** First and last (exclusive) day the provider sees patients. */
  startDay: number;
  endDay: number;
  /** Payer id this provider is still waiting to be credentialed with (the systematic-denial story). */
  pendingCredentialWith: string | null;
  activeEpisodes: number;
}

export interface Clinic {
  idx: number;
  id: string;
  name: string;
  billingNpi: string;
  tin: string;
  address: Address;
  weeklyBatch: boolean;
  cashShare: number;
  providers: Provider[];
  /** Bank details for the 835 BPR. */
  routing: string;
  account: string;
}

export interface Person {
  first: string;
  last: string;
  sex: 'M' | 'F';
  dob: number;
}

export interface Auth {
  id: string;
  payer: PayerDef;
  status: 'approved' | 'pending' | 'denied';
  requestedOn: number;
  decidedOn: number;
  startDay: number;
  endDay: number;
  approvedVisits: number;
  requestedVisits: number;
  previousId: string | null;
  used: number;
}

export interface Patient {
  serial: number;
  id: string;
  person: Person;
  address: Address;
  /** Set when the patient is a dependent of the subscriber (837 loop 2000C, PAT01 relationship). */
  subscriber: (Person & { relationship: '01' | '19' }) | null;
  memberId: string;
  payer: PayerDef | null;
  copayC: number;
  coinsPct: number;
  dedYear: number;
  dedRemainingC: number;
  kxYear: number;
  kxAllowedC: number;
  /** Completed visits per payer index, for the auth-exempt numbering (DESIGN §6.6). */
  visitsByPayer: Map<number, number>;
  auths: Auth[];
}

export interface Episode {
  patient: Patient;
  payer: PayerDef | null;
  provider: Provider;
  startDay: number;
  weekdays: readonly number[];
  planned: number;
  completed: number;
  reEvalAt: number;
  dropout: boolean;
  evalCode: string;
  authPlan: AuthPlan;
  /** Window length (days) of the first authorisation (short windows make the `expired` leakage story). */
  authWindow: number;
  reauthRequested: boolean;
  lateBy: number;
  dx: readonly string[];
  injuryDay: number | null;
  /** Visits that leaked over the approved count (late re-auth story). */
  overLimitVisits: number;
}

export interface Line {
  cpt: string;
  mods: string[];
  units: number;
  chargeC: number;
  lcn: string;
  /** The line needed modifier 59 and was sent without it. */
  missing59: boolean;
  /** The line needed KX and was sent without it. */
  missingKx: boolean;
}

export interface Cas {
  group: 'CO' | 'PR' | 'OA';
  reason: string;
  amountC: number;
}

export interface RemitLine {
  proc: string;
  chargeC: number;
  paidC: number;
  units: number;
  dos: number;
  cas: Cas[];
  lcn: string;
  allowedC: number;
}

export interface RemitClaim {
  clp01: string;
  status: string;
  chargeC: number;
  paidC: number;
  prC: number;
  ccn: string;
  freq: string;
  claimCas: Cas[];
  lines: RemitLine[];
  patient: Patient;
  receivedDay: number | null;
  interestC: number;
  filing: string;
}

export type DenialCategory =
  | 'eligibility' | 'authorization' | 'credentialing' | 'coding' | 'bundling' | 'documentation'
  | 'medical_necessity' | 'benefit_limit' | 'timely_filing' | 'duplicate';

export interface Claim {
  id: string;
  clinic: Clinic;
  patient: Patient;
  payer: PayerDef;
  provider: Provider;
  dos: number;
  lines: Line[];
  chargeC: number;
  authNo: string | null;
  authStatus: AuthVisitStatus;
  seed: number;
  /** A second claim created in error for the same visit (denied OA-18, then voided). */
  duplicateOf: string | null;
  rejectFirst: boolean;
  submitCount: number;
  firstSubmitDay: number;
  receivedDay: number;
  payerCcn: string;
  /** The remit record currently standing for the claim (reversed on reprocessing / overturn). */
  standing: RemitClaim | null;
  deniedCategory: DenialCategory | null;
  deniedCarc: string;
  deniedGroup: 'CO' | 'OA';
  deniedAmountC: number;
  /** Deductible consumed by the standing remit (given back when it is reversed). */
  dedUsedC: number;
  split: boolean;
  freq: '1' | '7' | '8';
  /** Copay collected at the visit (patient payment linked to the claim). */
  collectedC: number;
  /** Outcome the payer will give the pending replacement / appeal. */
  pendingOverturn: boolean;
  /** Keys of denial actions already written (claim_id, action, action_on is the primary key). */
  actionKeys: string[] | null;
  visitId: string;
  /** ICD-10 codes (no dot) of the episode, for HI. */
  dx: readonly string[];
  /** Accident / injury date for workers' comp claims (DTP*439). */
  injuryDay: number | null;
}
