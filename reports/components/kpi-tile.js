// A scorecard tile: the KPI's value this week coloured by its target status, the target and its source, the change
// from last week, a 12-week sparkline, and the definition on hover (marts.kpi_weekly + marts.kpi_targets).
import {html} from "npm:htl";
import {sparkline} from "./charts.js";
import {byUnit, change, isNil, negligible, suppressedText} from "./format.js";

export function targetText(info) {
  if (!info || isNil(info.target)) return "no target";
  const op = info.direction === "lower" ? (info.green_inclusive ? "≤" : "<") : info.green_inclusive ? "≥" : ">";
  return `target ${op} ${byUnit(info.unit, info.target)}`;
}

export function kpiTile(row, info, history = [], {smallCell = 11} = {}) {
  const unit = info?.unit ?? "count";
  const hidden = row && isNil(row.value) && Array.isArray(row.suppressed) && row.suppressed.includes("value");
  const value = hidden ? suppressedText(smallCell) : byUnit(unit, row?.value);
  const status = row?.status ?? "none";
  // A KPI without a target (the cash-pay share describes the practice model) moves, but neither way is better.
  const judged = Boolean(info?.direction) && !isNil(info?.target);
  const better = negligible(unit, row?.change)
    ? "flat"
    : !judged
      ? "neutral"
      : (row.change < 0) === (info.direction === "lower")
        ? "better"
        : "worse";
  const arrow = better === "flat" ? "→" : row.change > 0 ? "▲" : "▼";
  const tooltip = [
    info?.definition,
    info && !isNil(info.target) ? `Target: ${targetText(info).replace("target ", "")} (amber from ${byUnit(unit, info.green_threshold)}, red beyond ${byUnit(unit, info.red_threshold)}).` : "",
    info?.source ? `Source of the target: ${info.source}.` : "",
    row && !isNil(row.numerator) && !isNil(row.denominator) && unit === "ratio" ? `This week: ${row.numerator} of ${row.denominator}.` : ""
  ]
    .filter(Boolean)
    .join(" ");
  return html`<div class="card kpi kpi-${status}" data-kpi=${info?.kpi ?? row?.kpi} title=${tooltip}>
    <div class="kpi-label">${info?.label ?? row?.kpi} <span class="help" aria-label=${tooltip}>i</span></div>
    <div class="kpi-value">${value}</div>
    <div class="kpi-meta"><span class="kpi-status">${status === "none" ? "" : status}</span> ${targetText(info)}</div>
    <div class="kpi-change kpi-${better}">${arrow} ${change(unit, row?.change)} vs last week</div>
    ${history.length > 1 ? sparkline(history, {x: "week_start", y: "value", width: 200, height: 34}) : ""}
  </div>`;
}
