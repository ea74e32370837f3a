-- int_clinic_lookup: which clinic an NPI or TIN bills for.
-- grain: identifier_type, identifier
-- rule: an 837 billing NPI or 835 payee NPI maps to the clinic with that billing_npi; an 835 payee given by TIN maps
--       through clinics.tin. If several clinics share an identifier, the smallest clinic_id wins (deterministic).
select 'npi' as identifier_type, billing_npi as identifier, min(clinic_id) as clinic_id
from staging.stg_ehr__clinics
where billing_npi is not null
group by billing_npi
union all
select 'tin', tin, min(clinic_id)
from staging.stg_ehr__clinics
where tin is not null
group by tin
