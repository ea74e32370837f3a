-- unmatched_remits: 835 claim payments whose CLP01 matches no 837 claim of the payee clinic (truncated patient
-- control number, a claim older than the warehouse, a payee the warehouse does not know), or a claim of several
-- clinics that share the payee's TIN. Kept, never dropped; reported here.
select 'warn' as severity, file_sha256, 'remit_record' as entity, clp01 as key,
       'remit record (CLP02 ' || claim_status || ', paid ' || paid_amount || ') ' ||
       case when payee_clinic_matches > 1
            then 'names a claim of ' || payee_clinic_matches || ' clinics that share the payee''s TIN: not placed'
            else 'matches no submitted claim of the payee clinic' end as message
from intermediate.int_remit_records
where claim_id is null
