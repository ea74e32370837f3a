// Data quality and file status: marts.data_quality counted by check (internal profile: the findings themselves —
// keys are claim / visit ids, messages carry no patient data) and marts.files counted by kind and status (internal:
// files that were not loaded, and the latest loads).
import { loader } from './lib/loader.ts';

loader('quality', async (ctx) => {
  const checks = await ctx.query(`
    SELECT "check", severity, source, entity, count(*) AS findings
    FROM marts.data_quality GROUP BY ALL ORDER BY severity, findings DESC, "check", entity`);
  const files = await ctx.query(`
    SELECT kind, status, count(*) AS files, sum(rows) AS rows, sum(size_bytes) AS bytes, max(received_at) AS last_received_at
    FROM marts.files GROUP BY ALL ORDER BY kind, status`);
  const findings = ctx.benchmark
    ? []
    : await ctx.query(`
        SELECT "check", severity, source, entity, key, message, left(file_sha256, 12) AS file_sha256
        FROM marts.data_quality ORDER BY severity, "check", key, message LIMIT 2000`);
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
    files_summary: files,
    files: fileList,
  };
});
