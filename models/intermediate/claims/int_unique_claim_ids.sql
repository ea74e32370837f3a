-- int_unique_claim_ids: claim ids (CLM01) that name a claim of exactly one clinic.
-- grain: claim_id
-- rule: a CLM01 is unique only within a billing clinic; an input that names a claim without its clinic (a patient
--       payment without a visit) is attached by its claim id alone only when that id belongs to one clinic. (An 835
--       is not: its payee names the clinic, see int_remit_records.)
select claim_id, min(clinic_id) as clinic_id
from intermediate.int_claims
group by claim_id
having count(*) = 1
