// How the clinic works its denials (DESIGN §6.3): the first action by category, how often a denial is left
// unworked, and how often the payer overturns an appeal or pays a corrected / resubmitted claim.

import type { DenialCategory } from './types.ts';

export type DenialAction = 'appeal' | 'corrected_claim' | 'patient_outreach' | 'write_off' | 'resubmit';

export interface WorkOption {
  action: DenialAction;
  weight: number;
  /** Probability the payer later pays (only for appeal / corrected_claim / resubmit). */
  overturn: number;
  note: string;
}

export interface WorkPolicy {
  unworked: number;
  options: WorkOption[];
}

export const DENIAL_WORK: Record<DenialCategory, WorkPolicy> = {
  eligibility: { unworked: 0.1, options: [{ action: 'patient_outreach', weight: 1, overturn: 0.8, note: 'coverage verified with patient' }] },
  authorization: {
    unworked: 0.15,
    options: [
      { action: 'appeal', weight: 0.65, overturn: 0.35, note: 'retro-authorization requested' },
      { action: 'write_off', weight: 0.35, overturn: 0, note: 'no authorization on file' },
    ],
  },
  credentialing: { unworked: 0.65, options: [{ action: 'appeal', weight: 1, overturn: 0, note: 'provider enrollment pending' }] },
  coding: { unworked: 0.08, options: [{ action: 'corrected_claim', weight: 1, overturn: 0.85, note: 'corrected coding' }] },
  bundling: {
    unworked: 0.1,
    options: [
      { action: 'corrected_claim', weight: 0.75, overturn: 0.75, note: 'added modifier 59' },
      { action: 'write_off', weight: 0.25, overturn: 0, note: 'bundled service' },
    ],
  },
  documentation: { unworked: 0.1, options: [{ action: 'appeal', weight: 1, overturn: 0.7, note: 'records sent' }] },
  medical_necessity: {
    unworked: 0.1,
    options: [
      { action: 'appeal', weight: 0.8, overturn: 0.5, note: 'clinical appeal with plan of care' },
      { action: 'write_off', weight: 0.2, overturn: 0, note: 'not medically necessary' },
    ],
  },
  benefit_limit: {
    unworked: 0.15,
    options: [
      { action: 'corrected_claim', weight: 0.4, overturn: 0.8, note: 'added KX modifier' },
      { action: 'patient_outreach', weight: 0.3, overturn: 0, note: 'visit limit discussed with patient' },
      { action: 'write_off', weight: 0.3, overturn: 0, note: 'benefit maximum reached' },
    ],
  },
  timely_filing: {
    unworked: 0.1,
    options: [
      { action: 'write_off', weight: 0.75, overturn: 0, note: 'timely filing limit missed' },
      { action: 'appeal', weight: 0.25, overturn: 0.2, note: 'proof of timely filing sent' },
    ],
  },
  duplicate: { unworked: 0.5, options: [{ action: 'appeal', weight: 1, overturn: 0.6, note: 'not a duplicate: distinct date of service' }] },
};
