-- auth_alerts: approved authorisations active on the as-of date, with what is left, the projected exhaustion date
-- from booked appointments, and re-authorisation flags (DESIGN.md §6.7).
-- grain: auth_id (clinic_id = the clinic of the patient's latest visit)
-- rule: active = approved, decided on or before as-of (as in auth_visits) and start ≤ as-of ≤ end.
--       visits_used = completed visits assigned to it (auth_visits); visits_remaining = approved − used;
--       days_to_expiry = end_date − as-of; scheduled_visits = appointments (status scheduled) after as-of inside the
--       window for the same patient with the authorisation's payer or none (a booking often names no payer; one
--       with another payer does not count); projected_exhaustion_date = the scheduled appointment that would use
--       the last remaining visit, the bookings assigned as §6.6 assigns visits (when two active authorisations
--       overlap, the earlier-starting one takes the first bookings); reauth_requested = a later authorisation names
--       it as previous_auth_id; reauth_due_on = earliest of end_date and projected_exhaustion_date − re-auth lead
--       (7 days); low_visits = remaining ≤ 3; expiring = days_to_expiry ≤ 7; needs_reauth = not requested and
--       (low_visits or expiring or reauth_due_on ≤ as-of). patient_message: the playbook's sentence with N = visits
--       remaining. An approval that states no approved_visits covers any number of visits (as in auth_visits):
--       visits_remaining, projected_exhaustion_date and patient_message are NULL and low_visits is false.
with recursive params as (select * from config.params),
auths as (
    select a.*
    from staging.stg_ehr__authorizations a, params
    where a.status = 'approved'
      and coalesce(a.decided_on, a.requested_on, a.start_date) <= params.as_of
      and coalesce(a.start_date, a.decided_on, a.requested_on) <= params.as_of
      and coalesce(a.end_date, DATE '9999-12-31') >= params.as_of
),
used as (
    select auth_id, count(*) as visits_used, max(visit_date) as last_visit_date
    from marts.auth_visits where auth_id is not null group by auth_id
),
-- The projection assigns the booked appointments the way §6.6 assigns visits: in date order, each to the
-- earliest-starting covering authorisation with visits left (start, end, auth_id), up to its remaining visits. Every
-- active authorisation starts on or before as-of and every booking is after it, so a booking is covered by exactly
-- those whose window has not ended by then, and each authorisation in that order takes the next bookings of the
-- patient's list: authorisation j takes positions p(j−1)+1 … p(j), where p(j) = max(p(j−1), least(p(j−1) + its
-- remaining visits, the number of bookings up to its end date)). That number is also its scheduled_visits (bookings
-- after as-of inside its window).
group_appts as (
    select g.patient_key, g.payer_id, s.scheduled_date,
           row_number() over (partition by g.patient_key, g.payer_id order by s.scheduled_date, s.appointment_id) as pos
    from (select distinct patient_key, payer_id from auths) g
    join staging.stg_ehr__appointments s on s.patient_key = g.patient_key
    where (s.payer_id is null or s.payer_id = g.payer_id)
      and s.status = 'scheduled'
      and s.scheduled_date > (select as_of from params)
),
walk_auths as (
    select a.auth_id, a.patient_key, a.payer_id,
           greatest(coalesce(a.approved_visits::BIGINT - coalesce(u.visits_used, 0), 2147483647), 0) as cap,
           (select count(*) from group_appts x
             where x.patient_key = a.patient_key and x.payer_id = a.payer_id
               and x.scheduled_date <= coalesce(a.end_date, DATE '9999-12-31')) as bookable, -- = its scheduled_visits
           row_number() over (
               partition by a.patient_key, a.payer_id
               order by coalesce(a.start_date, a.decided_on, a.requested_on), coalesce(a.end_date, DATE '9999-12-31'), a.auth_id
           ) as j
    from auths a
    left join used u on u.auth_id = a.auth_id
),
walk(patient_key, payer_id, j, auth_id, cap, p_before, p) as (
    select patient_key, payer_id, j, auth_id, cap, 0::BIGINT, least(cap, bookable)
    from walk_auths where j = 1
    union all
    select n.patient_key, n.payer_id, n.j, n.auth_id, n.cap, w.p, greatest(w.p, least(w.p + n.cap, n.bookable))
    from walk w
    join walk_auths n on n.patient_key = w.patient_key and n.payer_id = w.payer_id and n.j = w.j + 1
),
projection as (
    -- the booking that takes an authorisation's last remaining visit, when the bookings reach it
    select w.auth_id, x.scheduled_date as projected_exhaustion_date
    from walk w
    join group_appts x on x.patient_key = w.patient_key and x.payer_id = w.payer_id and x.pos = w.p
    where w.cap > 0 and w.p - w.p_before = w.cap
),
reauth as (
    select distinct previous_auth_id as auth_id
    from staging.stg_ehr__authorizations
    where previous_auth_id is not null and requested_on <= (select as_of from config.params)
),
-- The clinic of the patient's latest visit on or before as-of (ties: the larger visit_id, so rebuilds agree); a
-- patient with only later visits takes the latest of those.
clinic_of_patient as (
    select patient_key,
           arg_max(clinic_id, struct_pack(past := visit_date <= (select as_of from params), d := visit_date, v := visit_id)) as clinic_id
    from staging.stg_ehr__visits
    group by patient_key
),
base as (
    select
        a.auth_id,
        cp.clinic_id,
        a.patient_key,
        a.payer_id,
        a.start_date,
        a.end_date,
        a.approved_visits,
        coalesce(u.visits_used, 0) as visits_used,
        a.approved_visits - coalesce(u.visits_used, 0) as visits_remaining,
        a.end_date - params.as_of as days_to_expiry,
        wa.bookable as scheduled_visits,
        pr.projected_exhaustion_date,
        r.auth_id is not null as reauth_requested,
        params.auth_low_visits,
        params.reauth_lead_days,
        params.as_of
    from auths a
    cross join params
    left join used u on u.auth_id = a.auth_id
    left join reauth r on r.auth_id = a.auth_id
    left join walk_auths wa on wa.auth_id = a.auth_id
    left join projection pr on pr.auth_id = a.auth_id
    left join clinic_of_patient cp on cp.patient_key = a.patient_key
)
select
    auth_id,
    clinic_id,
    patient_key,
    payer_id,
    start_date,
    end_date,
    approved_visits,
    visits_used,
    visits_remaining,
    days_to_expiry,
    scheduled_visits,
    projected_exhaustion_date,
    reauth_requested,
    least(end_date, projected_exhaustion_date) - reauth_lead_days as reauth_due_on,
    coalesce(visits_remaining <= auth_low_visits, false) as low_visits,
    coalesce(days_to_expiry <= 7, false) as expiring,
    not reauth_requested and (
        coalesce(visits_remaining <= auth_low_visits, false)
        or coalesce(days_to_expiry <= 7, false)
        or coalesce(least(end_date, projected_exhaustion_date) - reauth_lead_days <= as_of, false)
    ) as needs_reauth,
    'You have ' || visits_remaining || ' visits remaining on your current authorization; we''ll request re-authorization for additional care.' as patient_message
from base
