// Prior authorisation: which approved authorisation a completed visit uses, numbered exactly as DESIGN.md §6.6
// numbers them (exempt first visit(s), then the earliest-starting covering authorisation with unused visits;
// otherwise over_limit / expired / no_auth), and when the clinic asks for the next one under each episode's plan.

import type { PayerDef } from './payers.ts';
import type { Auth, AuthVisitStatus, Episode, Patient } from './types.ts';

/** Visits numbered ≤ this use no authorisation (payers.csv auth_exempt_visits). */
export const AUTH_EXEMPT_VISITS = 1;

export interface AuthUse {
  status: AuthVisitStatus;
  auth: Auth | null;
}

/** Number the visit for the patient and payer and assign it (mutates the counters and the auth's `used`). */
export function useAuthorization(p: Patient, payer: PayerDef, d: number): AuthUse {
  const n = (p.visitsByPayer.get(payer.idx) ?? 0) + 1;
  p.visitsByPayer.set(payer.idx, n);
  if (n <= AUTH_EXEMPT_VISITS) return { status: 'exempt', auth: null };
  let best: Auth | null = null;
  let covering = false;
  let ended = false;
  for (const a of p.auths) {
    if (a.payer !== payer || a.status !== 'approved') continue;
    if (a.startDay <= d && d <= a.endDay) {
      covering = true;
      if (a.used < a.approvedVisits && (!best || a.startDay < best.startDay)) best = a;
    } else if (a.endDay < d) ended = true;
  }
  if (best) {
    best.used++;
    return { status: 'authorized', auth: best };
  }
  return { status: covering ? 'over_limit' : ended ? 'expired' : 'no_auth', auth: null };
}

/** The latest-starting approved authorisation of the patient with the payer. */
export function currentAuth(p: Patient, payer: PayerDef): Auth | null {
  let cur: Auth | null = null;
  for (const a of p.auths) if (a.payer === payer && a.status === 'approved' && (!cur || a.startDay >= cur.startDay)) cur = a;
  return cur;
}

/**
 * Whether the clinic requests an authorisation after this visit, and which one it renews:
 * `good` plans re-authorise when ≤ 2 visits or ≤ 7 days remain; `late_reauth` / `expired` plans only after
 * `lateBy` leaked visits; `no_auth` episodes make their first request after `lateBy + 2` unauthorised visits.
 * Returns undefined for no request, null for a first request, or the authorisation being renewed.
 */
export function nextRequest(ep: Episode, status: AuthVisitStatus, d: number): Auth | null | undefined {
  const remainingInEpisode = ep.planned - (ep.completed + 1);
  if (remainingInEpisode <= 0) return undefined;
  const payer = ep.payer as PayerDef;
  if (ep.authPlan === 'no_auth') {
    if (status !== 'no_auth') return undefined;
    ep.overLimitVisits++;
    if (ep.overLimitVisits < ep.lateBy + 2) return undefined;
    ep.authPlan = 'good';
    return null;
  }
  if (ep.authPlan === 'denied') return undefined;
  const cur = currentAuth(ep.patient, payer);
  if (!cur) return undefined;
  if (ep.authPlan === 'good') return cur.approvedVisits - cur.used <= 2 || cur.endDay - d <= 7 ? cur : undefined;
  if (status !== 'over_limit' && status !== 'expired') return undefined;
  ep.overLimitVisits++;
  if (ep.overLimitVisits < ep.lateBy) return undefined;
  ep.authPlan = 'good';
  return cur;
}
