-- reversal_without_original: a reversal (CLP02 = 22) whose claim has no non-reversal remit record at all (to as-of)
-- (orphan_reversal): the original may not be loaded yet. A reversal dated before the payment it negates is not an
-- orphan: the original is there. The claim ledger nets it either way.
select 'warn' as severity, r.file_sha256, 'remit_record' as entity, r.clp01 as key,
       'reversal with no payment record for the claim (orphan reversal)' as message
from intermediate.int_remit_records r
where r.is_reversal
  and not exists (
      select 1 from intermediate.int_remit_records o
      where o.clp01 = r.clp01 and not o.is_reversal
        and o.clinic_id is not distinct from r.clinic_id
  )
