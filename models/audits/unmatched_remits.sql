-- unmatched_remits: 835 claim payments whose CLP01 matches no 837 claim of the payee clinic (truncated patient
-- control number, or a claim older than the warehouse). Kept, never dropped; reported here.
select 'warn' as severity, file_sha256, 'remit_record' as entity, clp01 as key,
       'remit record (CLP02 ' || claim_status || ', paid ' || paid_amount || ') matches no submitted claim' as message
from intermediate.int_remit_records
where claim_id is null
