-- reversal_without_original: a reversal (CLP02 = 22) with no earlier non-reversal remit record for its claim
-- (orphan_reversal): the original may not be loaded yet. The claim ledger still nets it.
select 'warn' as severity, r.file_sha256, 'remit_record' as entity, r.clp01 as key,
       'reversal with no earlier payment record for the claim (orphan reversal)' as message
from intermediate.int_remit_records r
where r.is_reversal
  and not exists (
      select 1 from intermediate.int_remit_records o
      where o.clp01 = r.clp01 and not o.is_reversal
        and (o.remit_date, o.load_seq, o.set_index, o.seg_ordinal) < (r.remit_date, r.load_seq, r.set_index, r.seg_ordinal)
        and o.clinic_id is not distinct from r.clinic_id
  )
