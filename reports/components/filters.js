// The filter bar: clinic, payer and a month range, shown only for the dimensions the page's marts have.
import * as Inputs from "npm:@observablehq/inputs";
import {html} from "npm:htl";
import {month as monthLabel} from "./format.js";

/**
 * `view(filterBar(site, {months, clinic: true, payer: true}))` → {clinic, payer, from, to}; '*' means all.
 * `months` are 'YYYY-MM-01' strings (the range defaults to the last 12 of them).
 */
export function filterBar(site, {months = [], clinic = false, payer = false, note} = {}) {
  const inputs = {};
  if (clinic) {
    const ids = ["*", ...site.clinics.map((c) => c.clinic_id)];
    const labels = new Map(site.clinics.map((c) => [c.clinic_id, c.label]));
    inputs.clinic = Inputs.select(ids, {label: "Clinic", format: (id) => (id === "*" ? "All clinics" : labels.get(id) ?? id)});
  }
  if (payer) {
    const ids = ["*", ...site.payers.map((p) => p.payer_id)];
    const names = new Map(site.payers.map((p) => [p.payer_id, payerName(p)]));
    inputs.payer = Inputs.select(ids, {label: "Payer", format: (id) => (id === "*" ? "All payers" : names.get(id) ?? id)});
  }
  const sorted = [...new Set(months)].filter(Boolean).sort();
  if (sorted.length) {
    const start = sorted[Math.max(0, sorted.length - 12)];
    inputs.from = Inputs.select(sorted, {label: "From", value: start, format: monthLabel});
    inputs.to = Inputs.select(sorted, {label: "To", value: sorted[sorted.length - 1], format: monthLabel});
  }
  const form = Inputs.form(inputs, {
    template: (parts) => html`<div class="filter-bar">${Object.values(parts)}${note ? html`<span class="filter-note">${note}</span>` : ""}</div>`
  });
  return form;
}

/** Keep rows matching the filters: `clinic`/`payer` columns compared when given, `date` column within [from, to]. */
export function applyFilters(rows, f, {clinic, payer, date} = {}) {
  return rows.filter(
    (r) =>
      (!clinic || !f.clinic || f.clinic === "*" ? true : r[clinic] === f.clinic) &&
      (!payer || !f.payer || f.payer === "*" ? true : r[payer] === f.payer) &&
      (!date || !f.from ? true : r[date] >= f.from && r[date] <= endOfMonth(f.to))
  );
}

/**
 * The rows of a periodised mart (period_grain month / all) to sum over the filter's month range: its 'all' rows when
 * the range covers every month it has (the same sums, and in the benchmark profile an all-time cell is often
 * publishable when one of its months is not), else its month rows within the range.
 */
export function periodRows(rows, f, {clinic, payer} = {}) {
  const months = rows.filter((r) => r.period_grain === "month");
  const all = rows.filter((r) => r.period_grain === "all");
  const starts = months.map((r) => r.period_start).filter(Boolean).sort();
  const whole = all.length > 0 && (!f.from || starts.length === 0 || (f.from <= starts[0] && endOfMonth(f.to) >= starts[starts.length - 1]));
  return applyFilters(whole ? all : months, f, {clinic, payer, date: whole ? undefined : "period_start"});
}

/** The last day of the month of 'YYYY-MM-01' as 'YYYY-MM-DD' (for comparing week starts with a month range). */
export function endOfMonth(iso) {
  const [y, m] = iso.split("-").map(Number);
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

/** "BLUE CROSS BLUE SHIELD" → "Blue Cross Blue Shield" (payer names come in upper case from the EHR export). */
export function payerName(p) {
  if (!p) return "—";
  const name = p.payer_name ?? p.payer_id;
  return name === name.toUpperCase() ? name.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()) : name;
}

/** payer_id → display name, '*' → "All payers". */
export function payerLabeler(site) {
  const names = new Map(site.payers.map((p) => [p.payer_id, payerName(p)]));
  return (id) => (id === "*" ? "All payers" : names.get(id) ?? id);
}

export function clinicLabeler(site) {
  const labels = new Map(site.clinics.map((c) => [c.clinic_id, c.label]));
  return (id) => (id === "*" ? "All clinics" : labels.get(id) ?? id);
}
