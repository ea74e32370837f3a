// Internal profile only: marts.auth_alerts — authorisations active on the as-of date, visits left, projected
// exhaustion from booked appointments, re-auth flags and the message for the patient. Pseudonymous patient keys only.
import { loader } from './lib/loader.ts';

loader('auth-alerts', async (ctx) =>
  ctx.benchmark
    ? []
    : ctx.db
        .selectFrom('marts.auth_alerts')
        .select(['auth_id', 'clinic_id', 'patient_key', 'payer_id', 'start_date', 'end_date', 'approved_visits', 'visits_used',
          'visits_remaining', 'days_to_expiry', 'scheduled_visits', 'projected_exhaustion_date', 'reauth_requested',
          'reauth_due_on', 'low_visits', 'expiring', 'needs_reauth', 'patient_message'])
        .orderBy('needs_reauth', 'desc')
        .orderBy('reauth_due_on', (ob) => ob.asc().nullsLast())
        .orderBy('days_to_expiry')
        .orderBy('auth_id')
        .execute(),
);
