-- int_auth_visit_assignment: every completed insurance visit classified against the authorisations in force
-- (DESIGN.md §6.6).
-- grain: visit_id
-- rule: for payers that require auth, number the patient's completed visits with the payer by date (then visit_id).
--       Visits numbered ≤ auth_exempt_visits are exempt and use up no authorisation. The others are assigned in date
--       order to approved authorisations (decided on or before as-of) of the same patient and payer whose window
--       contains the visit date (start_date, else decided_on; no end_date = open-ended), each
--       visit taking the earliest-starting covering authorisation that still has unused visits (two starting the same
--       day: the one ending first, whose visits would lapse sooner; then auth_id). Status: authorized;
--       over_limit (covering authorisations exist, all used up); expired (none covers the date but an approved one
--       ended before it); no_auth (none at all). Payers without an auth requirement: not_required. The assignment is
--       sequential (each visit depends on what earlier visits used): with non-overlapping authorisation windows it is
--       a numbering inside each window. With overlapping windows, the authorisations are taken in that order (start,
--       end, auth_id), each taking the first visits of its window, up to its approved count, among those no earlier
--       one took: the same result as walking the visits one by one (a visit takes the first covering authorisation in
--       that order with unused visits, so the first one takes the first visits of its window; the next, the first of
--       the rest; and so on), in as many steps as the patient has authorisations with the payer, not visits.
with recursive
params as (select as_of from config.params),
visits as (
    select visit_id, clinic_id, patient_key, payer_id, visit_date, claim_id, claim_clinic_id, requires_auth,
           auth_exempt_visits
    from intermediate.int_visits
    where status = 'completed' and payer_id is not null
),
numbered as (
    select *,
        row_number() over (partition by patient_key, payer_id order by visit_date, visit_id) as visit_number
    from visits
    where requires_auth
),
to_assign as (
    select * from numbered where visit_number > auth_exempt_visits
),
auths as (
    select
        auth_id, patient_key, payer_id,
        coalesce(start_date, decided_on, requested_on) as start_date,
        coalesce(end_date, DATE '9999-12-31') as end_date,
        coalesce(approved_visits, 2147483647) as approved_visits
    from staging.stg_ehr__authorizations
    where status = 'approved'
      and coalesce(decided_on, requested_on, start_date) <= (select as_of from params)
),
auth_lists as (
    -- One sort of each patient's and payer's authorisations (a struct compares field by field: start, end, auth_id),
    -- then one list per field.
    select
        patient_key, payer_id,
        list_transform(s, x -> x.auth_id) as ids,
        list_transform(s, x -> x.start_date) as starts,
        list_transform(s, x -> x.end_date) as ends,
        list_transform(s, x -> x.approved_visits) as caps
    from (
        select patient_key, payer_id,
            list_sort(list({'start_date': start_date, 'end_date': end_date, 'auth_id': auth_id, 'approved_visits': approved_visits})) as s
        from auths
        group by all
    )
),
-- Fast path: when a patient's authorisations with a payer do not overlap (the usual chain of re-authorisations), a
-- visit has at most one covering authorisation, so the sequential rule reduces to numbering the visits inside each
-- authorisation's window. Only patients with overlapping windows need the sequential walk below.
overlapping as (
    select distinct a.patient_key, a.payer_id
    from auths a
    join auths b on b.patient_key = a.patient_key and b.payer_id = a.payer_id
    where a.auth_id < b.auth_id and a.start_date <= b.end_date and b.start_date <= a.end_date
),
simple_covered as (
    select t.visit_id, a.auth_id, a.approved_visits,
        row_number() over (partition by a.auth_id order by t.visit_date, t.visit_id) as n
    from to_assign t
    join auths a on a.patient_key = t.patient_key and a.payer_id = t.payer_id
    anti join overlapping o on o.patient_key = t.patient_key and o.payer_id = t.payer_id
    where a.start_date <= t.visit_date and t.visit_date <= a.end_date
),
simple_assigned as (
    select t.visit_id,
        case when c.n <= c.approved_visits then c.auth_id end as auth_id,
        c.visit_id is not null as covered,
        list_bool_or(list_transform(l.ends, e -> e < t.visit_date)) as ended_before
    from to_assign t
    join auth_lists l on l.patient_key = t.patient_key and l.payer_id = t.payer_id
    anti join overlapping o on o.patient_key = t.patient_key and o.payer_id = t.payer_id
    left join simple_covered c on c.visit_id = t.visit_id
),
walk_lists as (
    -- one integer per patient and payer, so the walk's rows carry no strings
    select row_number() over ()::INTEGER as g, l.*
    from auth_lists l
    semi join overlapping o on o.patient_key = l.patient_key and o.payer_id = l.payer_id
),
walk_visits as (
    select row_number() over ()::INTEGER as vn, a.g, t.visit_id, t.visit_date, t.visit_number
    from to_assign t
    join walk_lists a on a.patient_key = t.patient_key and a.payer_id = t.payer_id
),
-- Step j: authorisation j (in start, end, auth_id order) takes, among its patient's visits not taken yet, the first
-- caps[j] inside its window; the rest go on to step j + 1.
walk(g, vn, visit_date, visit_number, j, taken) as (
    select g, vn, visit_date, visit_number, 0, false
    from walk_visits
    union all
    select g, vn, visit_date, visit_number, j,
        inside and row_number() over (partition by g, inside order by visit_number) <= cap
    from (
        select w.g, w.vn, w.visit_date, w.visit_number, w.j + 1 as j,
            a.starts[w.j + 1] <= w.visit_date and w.visit_date <= a.ends[w.j + 1] as inside,
            a.caps[w.j + 1] as cap
        from walk w
        join walk_lists a on a.g = w.g
        where not w.taken and w.j < len(a.ids)
    )
),
walked as (
    select
        t.visit_id,
        a.ids[k.j] as auth_id,
        list_bool_or(list_transform(range(1, len(a.ids) + 1), i -> a.starts[i] <= t.visit_date and t.visit_date <= a.ends[i])) as covered,
        list_bool_or(list_transform(range(1, len(a.ids) + 1), i -> a.ends[i] < t.visit_date)) as ended_before
    from walk_visits t
    join walk_lists a on a.g = t.g
    left join (select vn, j from walk where taken) k on k.vn = t.vn
),
assigned as (
    select visit_id, auth_id, covered, ended_before from simple_assigned
    union all
    select visit_id, auth_id, covered, ended_before from walked
)
select
    v.visit_id,
    v.clinic_id,
    v.patient_key,
    v.payer_id,
    v.visit_date,
    v.claim_id,
    v.claim_clinic_id,
    n.visit_number,
    a.auth_id,
    case
        when not v.requires_auth then 'not_required'
        when n.visit_number <= v.auth_exempt_visits then 'exempt'
        when a.auth_id is not null then 'authorized'
        when coalesce(a.covered, false) then 'over_limit'
        when coalesce(a.ended_before, false) then 'expired'
        else 'no_auth'
    end as auth_status
from visits v
left join numbered n using (visit_id)
left join assigned a using (visit_id)
