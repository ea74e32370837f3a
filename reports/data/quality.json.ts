// Data quality and file status: marts.data_quality counted by check (internal profile: the findings themselves —
// keys are claim / visit ids, messages carry no patient data) and marts.files counted by kind and status (internal:
// files that were not loaded, and the latest loads).
import { loader } from './lib/loader.ts';

loader('quality', async (ctx) => {
  const checks = await ctx.db
    .selectFrom('marts.data_quality')
    .select((eb) => ['check', 'severity', 'source', 'entity', eb.fn.countAll<number>().as('findings')])
    .groupBy(['check', 'severity', 'source', 'entity'])
    .orderBy('severity')
    .orderBy('findings', 'desc')
    .orderBy('check')
    .orderBy('entity')
    .execute();
  const files = await ctx.db
    .selectFrom('marts.files')
    .select((eb) => [
      'kind', 'status',
      eb.fn.countAll<number>().as('files'),
      eb.fn.sum<number>('rows').as('rows'),
      eb.fn.sum<number>('size_bytes').as('bytes'),
      eb.fn.max('received_at').as('last_received_at'),
    ])
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .orderBy('status')
    .execute();
  const findings = ctx.benchmark
    ? []
    : await ctx.db
        .selectFrom('marts.data_quality')
        .select((eb) => ['check', 'severity', 'source', 'entity', 'key', 'message',
          eb.fn<string>('left', ['file_sha256', eb.val(12)]).as('file_sha256')])
        .orderBy('severity')
        .orderBy('check')
        .orderBy('key')
        .orderBy('message')
        .limit(2000)
        .execute();
  // UNION of two ordered, limited selects: raw SQL.
  const fileList = ctx.benchmark
    ? []
    : await ctx.query(`
        (SELECT file_name, kind, status, reason, error_code, rows, received_at, loaded_at, left(sha256, 12) AS sha256, load_seq
           FROM marts.files WHERE status <> 'loaded')
        UNION ALL
        (SELECT file_name, kind, status, reason, error_code, rows, received_at, loaded_at, left(sha256, 12), load_seq
           FROM marts.files WHERE status = 'loaded' ORDER BY load_seq DESC LIMIT 200)
        ORDER BY load_seq DESC NULLS LAST, file_name`);
  return {
    // Findings are about claims and visits: small counts are suppressed like any other count.
    data_quality_checks: ctx.suppress(checks, [{ counts: ['findings'] }]),
    data_quality: findings,
    // The rows a kind of file loaded count its records (6 authorisation requests, …): small ones are suppressed too.
    files_summary: ctx.suppress(files, [{ counts: ['rows'] }]),
    files: fileList,
  };
});
