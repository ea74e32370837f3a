-- int_remit_payee_clinics: the clinics the payee of each 835 payment set may be.
-- grain: file_no, set_index, clinic_id
-- rule: the clinic whose billing NPI is the N1*PE NPI; else the clinics with its TIN (N1*PE FI or REF*TJ; several
--       clinics of a group may share one); else, when no clinic row states that TIN (clinics.tin is optional), the
--       clinics whose 837s carry it as the billing provider's tax id (2010AA REF*EI); else, when no clinic has the NPI
--       or the TIN, the 'unknown:<NPI>' clinic the 837s of that NPI went to. int_remit_records then requires the CLP01
--       to name a claim of exactly one of them. Its own model so that the records join a small materialised table.
with remits as (select * from staging.stg_x12_835__remittances),
clinics as (select clinic_id, billing_npi, tin from staging.stg_ehr__clinics),
payees as (select file_no, set_index, payee_npi, payee_tin from remits),
by_npi as (
    select distinct p.file_no, p.set_index, c.clinic_id
    from payees p join clinics c on c.billing_npi = p.payee_npi
),
by_tin as (
    select distinct p.file_no, p.set_index, c.clinic_id
    from payees p join clinics c on c.tin = regexp_replace(p.payee_tin, '[^0-9]', '', 'g')  -- as the clinics' TINs
    anti join by_npi n using (file_no, set_index)
),
-- A TIN no clinic row states (clinics.tin is optional): the clinics whose 837s carry it as the billing provider's
-- tax id (2010AA REF*EI), through their billing NPIs.
unplaced_tins as (
    select distinct regexp_replace(p.payee_tin, '[^0-9]', '', 'g') as tin
    from payees p
    anti join by_npi n using (file_no, set_index)
    anti join by_tin t using (file_no, set_index)
    where p.payee_tin is not null
),
tin_837_clinics as (
    select distinct u.tin, l.clinic_id
    from unplaced_tins u
    join (select distinct billing_tin, billing_npi from staging.stg_x12_837p__claims where billing_tin is not null) k
      on regexp_replace(k.billing_tin, '[^0-9]', '', 'g') = u.tin
    join clinics l on l.billing_npi = k.billing_npi
),
by_837_tin as (
    select distinct p.file_no, p.set_index, tc.clinic_id
    from payees p
    join tin_837_clinics tc on tc.tin = regexp_replace(p.payee_tin, '[^0-9]', '', 'g')
    anti join by_npi n using (file_no, set_index)
    anti join by_tin t using (file_no, set_index)
)
select * from by_npi
union all
select * from by_tin
union all
select * from by_837_tin
union all
select p.file_no, p.set_index, 'unknown:' || p.payee_npi
from payees p
anti join by_npi n using (file_no, set_index)
anti join by_tin t using (file_no, set_index)
anti join by_837_tin b using (file_no, set_index)
where p.payee_npi is not null
