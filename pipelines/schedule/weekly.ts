/**
 * The weekly job: archive the owner scorecard of the week just ended (HTML and CSV, from marts.kpi_weekly) and write
 * a short `actions.md` of what needs doing (from the worklist marts the scorecard page counts), into
 * `<archive>/scorecards/<week_start>/`, plus an index of the archived weeks so owners can compare them.
 *
 * "The week just ended" is the Monday–Sunday week before the week of the reference date, which is today in the
 * clinic's time zone or the data's as-of date (config.params.as_of of the last build) if that is earlier: data that
 * stops on a Friday still gets the scorecard of its last complete week. Aggregates and payer ids only: no patient
 * keys, claim ids or names reach the archive.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Warehouse } from '../../src/db/warehouse.ts';
import { localDate } from './cron-time.ts';
import { makeDirs } from '../../src/make-dirs.ts';

export class WeeklyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface KpiRow {
  week_start: string;
  week_end: string;
  kpi: string;
  label: string | null;
  unit: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  green_threshold: number | null;
  red_threshold: number | null;
  direction: string | null;
  status: string | null;
  previous_value: number | null;
  change: number | null;
  definition: string | null;
}

export interface ActionItem {
  action: string;
  items: number;
  amount?: number;
  text: string;
}

export interface WeeklyResult {
  weekStart: string;
  weekEnd: string;
  asOf: string;
  dir: string;
  kpis: number;
  red: number;
  amber: number;
  actions: ActionItem[];
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Monday of the week before the week of `ref` (YYYY-MM-DD). */
export function previousWeekStart(ref: string): string {
  const dow = new Date(`${ref}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const monday = addDays(ref, -((dow + 6) % 7));
  return addDays(monday, -7);
}

async function tableExists(wh: Warehouse, schema: string, table: string): Promise<boolean> {
  const r = await wh.one<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
    [schema, table],
  );
  return (r?.n ?? 0) > 0;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function fmt(v: number | null, unit: string | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  if (unit === 'ratio') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'money') return `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (unit === 'days') return v.toFixed(1);
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function fmtChange(v: number | null, unit: string | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  if (v === 0) return '±0';
  const sign = v > 0 ? '+' : '−';
  const abs = Math.abs(v);
  if (unit === 'ratio') return `${sign}${(abs * 100).toFixed(1)} pts`;
  return `${sign}${fmt(abs, unit)}`;
}

function targetText(r: KpiRow): string {
  if (r.target === null) return '';
  return `${r.direction === 'higher' ? '≥' : '≤'} ${fmt(r.target, r.unit)}`;
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const CSV_COLUMNS: Array<keyof KpiRow> = [
  'week_start', 'week_end', 'kpi', 'label', 'unit', 'value', 'numerator', 'denominator', 'target', 'green_threshold',
  'red_threshold', 'direction', 'status', 'previous_value', 'change', 'definition',
];

export function scorecardCsv(rows: KpiRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

const STATUS_COLOR: Record<string, string> = { green: '#1a7f37', amber: '#9a6700', red: '#cf222e' };

export function scorecardHtml(rows: KpiRow[], actions: ActionItem[], meta: { weekStart: string; weekEnd: string; asOf: string; generatedAt: string }): string {
  const body = rows
    .map(
      (r) => `<tr title="${esc(r.definition)}">
  <td>${esc(r.label ?? r.kpi)}</td>
  <td class="n">${esc(fmt(r.value, r.unit))}</td>
  <td><span class="st" style="background:${STATUS_COLOR[r.status ?? ''] ?? '#6e7781'}">${esc(r.status ?? 'n/a')}</span></td>
  <td class="n">${esc(targetText(r))}</td>
  <td class="n">${esc(fmt(r.previous_value, r.unit))}</td>
  <td class="n">${esc(fmtChange(r.change, r.unit))}</td>
</tr>`,
    )
    .join('\n');
  const actionList = actions.length ? actions.map((a) => `<li>${esc(a.text)}</li>`).join('\n') : '<li>Nothing urgent on the work lists.</li>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Scorecard, week of ${esc(meta.weekStart)}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.st { color: #fff; border-radius: .6rem; padding: 0 .5rem; font-size: 85%; }
.muted { color: #656d76; }
</style>
</head>
<body>
<h1>Weekly scorecard: ${esc(meta.weekStart)} to ${esc(meta.weekEnd)}</h1>
<p class="muted">Archived ${esc(meta.generatedAt)} from the warehouse as of ${esc(meta.asOf)}. Hover a row for the KPI's definition. Other weeks: <a href="../index.html">all archived scorecards</a>.</p>
<table>
<thead><tr><th>KPI</th><th class="n">This week</th><th>Status</th><th class="n">Target</th><th class="n">Previous week</th><th class="n">Change</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<h2>This week's actions</h2>
<p class="muted">Open items on the work lists as of ${esc(meta.asOf)}.</p>
<ul>
${actionList}
</ul>
</body>
</html>
`;
}

export function actionsMarkdown(rows: KpiRow[], actions: ActionItem[], meta: { weekStart: string; weekEnd: string; asOf: string; generatedAt: string }): string {
  const lines = [`# Actions: week of ${meta.weekStart} to ${meta.weekEnd}`, '', `Archived ${meta.generatedAt} from the warehouse as of ${meta.asOf}.`, ''];
  const off = rows.filter((r) => r.status === 'red' || r.status === 'amber').sort((a, b) => (a.status === b.status ? a.kpi.localeCompare(b.kpi) : a.status === 'red' ? -1 : 1));
  lines.push('## KPIs off target', '');
  if (off.length === 0) lines.push('- none: every KPI with a target is green.');
  for (const r of off) {
    const change = r.change !== null && Number.isFinite(r.change) ? `, ${fmtChange(r.change, r.unit)} on the week before` : '';
    lines.push(`- **${r.label ?? r.kpi}** ${fmt(r.value, r.unit)} (${r.status}; target ${targetText(r) || 'n/a'}${change})`);
  }
  lines.push('', '## Work lists', '');
  if (actions.length === 0) lines.push('- nothing urgent.');
  for (const a of actions) lines.push(`- ${a.text}`);
  lines.push('', `Scorecard: scorecard.html (this folder); data: scorecard.csv.`, '');
  return lines.join('\n');
}

const money = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Open items on the worklist marts (the same lists the scorecard page counts). Missing marts are skipped. */
export async function openActions(wh: Warehouse): Promise<ActionItem[]> {
  const out: ActionItem[] = [];
  const count = async (table: string, sql: string): Promise<{ n: number; amount: number } | undefined> => {
    if (!(await tableExists(wh, 'marts', table))) return undefined;
    const r = await wh.one<{ n: unknown; amount: unknown }>(sql);
    return { n: Number(r?.n ?? 0), amount: Number(r?.amount ?? 0) };
  };
  const reauth = await count('auth_alerts', `SELECT count(*) AS n, 0 AS amount FROM marts.auth_alerts WHERE needs_reauth`);
  if (reauth?.n) out.push({ action: 'reauth_due', items: reauth.n, text: `Request ${plural(reauth.n, 're-authorisation')} now (marts.auth_alerts, needs_reauth).` });
  const sla = await count('denial_worklist', `SELECT count(*) AS n, coalesce(sum(amount_at_stake), 0)::DOUBLE AS amount FROM marts.denial_worklist WHERE past_sla`);
  if (sla?.n) {
    out.push({
      action: 'denials_past_sla',
      items: sla.n,
      amount: sla.amount,
      text: `Route ${plural(sla.n, 'denial')} waiting past the routing SLA, ${money(sla.amount)} at stake (marts.denial_worklist, past_sla).`,
    });
  }
  const unbilled = await count('unbilled_visits', `SELECT count(*) AS n, 0 AS amount FROM marts.unbilled_visits`);
  if (unbilled?.n) out.push({ action: 'unbilled_visits', items: unbilled.n, text: `Bill ${plural(unbilled.n, 'completed visit')} with no claim yet (marts.unbilled_visits).` });
  if (await tableExists(wh, 'marts', 'denial_systematic')) {
    const sys = await wh.all<{ payer_id: string; denial_rate: unknown; top_category: string | null }>(
      `SELECT payer_id, denial_rate, top_category FROM marts.denial_systematic WHERE systematic ORDER BY denial_rate DESC, payer_id`,
    );
    if (sys.length) {
      const list = sys.map((s) => `${s.payer_id} (${(Number(s.denial_rate) * 100).toFixed(0)}% denied${s.top_category ? `, mostly ${s.top_category}` : ''})`).join(', ');
      out.push({ action: 'systematic_payers', items: sys.length, text: `Fix the cause of systematic denials at ${list} (marts.denial_systematic).` });
    }
  }
  const credit = await count('credit_balances', `SELECT count(*) AS n, coalesce(-sum(credit_balance), 0)::DOUBLE AS amount FROM marts.credit_balances`);
  if (credit?.n) {
    out.push({
      action: 'credit_balances',
      items: credit.n,
      amount: credit.amount,
      text: `Resolve ${plural(credit.n, 'credit balance')}, ${money(Math.abs(credit.amount))} (marts.credit_balances).`,
    });
  }
  return out;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function writeIndex(root: string): void {
  const weeks = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .reverse();
  const items = weeks
    .map((w) => `<li><a href="${w}/scorecard.html">week of ${w}</a> · <a href="${w}/scorecard.csv">CSV</a> · <a href="${w}/actions.md">actions</a></li>`)
    .join('\n');
  writeAtomic(
    path.join(root, 'index.html'),
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Archived weekly scorecards</title></head>\n<body style="font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem">\n<h1>Archived weekly scorecards</h1>\n<ul>\n${items}\n</ul>\n</body>\n</html>\n`,
  );
}

export interface WeeklyOptions {
  archiveDir: string;
  timezone: string;
  now?: Date;
  /** Archive this week (its Monday) instead of the week just ended. */
  weekStart?: string;
}

export async function archiveWeeklyScorecard(wh: Warehouse, opts: WeeklyOptions): Promise<WeeklyResult> {
  if (!(await tableExists(wh, 'marts', 'kpi_weekly'))) throw new WeeklyError('NO_MARTS', 'the warehouse has no marts yet: nothing to archive until the models are built');
  const now = opts.now ?? new Date();
  const asOfRow = (await tableExists(wh, 'config', 'params')) ? await wh.json<{ as_of: string }>('SELECT as_of FROM config.params') : [];
  const today = localDate(now, opts.timezone);
  const asOf = asOfRow[0]?.as_of && asOfRow[0].as_of < today ? asOfRow[0].as_of : today;
  const weekStart = opts.weekStart ?? previousWeekStart(asOf);
  const rows = (
    await wh.json<Record<string, unknown>>(
      `SELECT week_start, week_end, kpi, label, unit, value, numerator, denominator, target, green_threshold, red_threshold,
              direction, status, previous_value, change, definition
       FROM marts.kpi_weekly WHERE week_start = $1::DATE ORDER BY kpi`,
      [weekStart],
    )
  ).map(
    (r) =>
      ({
        ...r,
        value: num(r.value),
        numerator: num(r.numerator),
        denominator: num(r.denominator),
        target: num(r.target),
        green_threshold: num(r.green_threshold),
        red_threshold: num(r.red_threshold),
        previous_value: num(r.previous_value),
        change: num(r.change),
      }) as KpiRow,
  );
  if (rows.length === 0) throw new WeeklyError('NO_WEEK_DATA', `marts.kpi_weekly has no rows for the week of ${weekStart} (data as of ${asOf})`);
  const weekEnd = addDays(weekStart, 6);
  const actions = await openActions(wh);
  const meta = { weekStart, weekEnd, asOf, generatedAt: now.toISOString() };
  const root = path.join(opts.archiveDir, 'scorecards');
  const dir = path.join(root, weekStart);
  makeDirs(dir, 0o700);
  writeAtomic(path.join(dir, 'scorecard.csv'), scorecardCsv(rows));
  writeAtomic(path.join(dir, 'scorecard.html'), scorecardHtml(rows, actions, meta));
  writeAtomic(path.join(dir, 'actions.md'), actionsMarkdown(rows, actions, meta));
  writeIndex(root);
  return {
    weekStart,
    weekEnd,
    asOf,
    dir,
    kpis: rows.length,
    red: rows.filter((r) => r.status === 'red').length,
    amber: rows.filter((r) => r.status === 'amber').length,
    actions,
  };
}
