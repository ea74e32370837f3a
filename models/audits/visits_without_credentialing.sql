-- visits_without_credentialing: provider × payer pairs with completed visits (to the as-of date) and no row in the
-- credentialing export, when it has rows at all: the enrolment is unknown, so every such visit is revenue at risk,
-- yet marts.credentialing (one row per exported provider × payer) cannot show it. One finding per pair.
with visits as (
    select provider_npi, payer_id, count(*) as visits, min(visit_date) as first_visit
    from intermediate.int_visits
    where status = 'completed' and payer_id is not null and provider_npi is not null
    group by all
)
select 'warn' as severity, NULL as file_sha256, 'provider' as entity, v.provider_npi || '/' || v.payer_id as key,
       v.visits || ' completed visit(s) with payer ' || v.payer_id || ' since ' || strftime(v.first_visit, '%Y-%m-%d') ||
       ' by provider ' || v.provider_npi || ', who has no credentialing record with that payer' as message
from visits v
anti join staging.stg_ehr__credentialing c on c.provider_npi = v.provider_npi and c.payer_id = v.payer_id
where exists (select 1 from staging.stg_ehr__credentialing)
