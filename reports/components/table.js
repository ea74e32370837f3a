// Tables with a CSV download of exactly the rows shown (after the page's filters), and header definitions on hover.
import * as Inputs from "npm:@observablehq/inputs";
import {html} from "npm:htl";
import {csvFormat} from "npm:d3";
import {headerCell} from "./definitions.js";
import {isNil, suppressedText} from "./format.js";

const HIDDEN = Object.freeze({toString: () => "suppressed"});

/**
 * A number as it should read in a CSV: sums of cents made in the page (8277.81 as 8277.810000000001) lose their
 * binary noise; integers and exact values are unchanged.
 */
export function csvNumber(v) {
  return Number.isInteger(v) || !Number.isFinite(v) ? v : Number(v.toPrecision(15));
}

/** The CSV text of `rows` restricted to `columns` (header row first). Suppressed cells are written as "suppressed". */
export function toCsv(rows, columns, {smallCell} = {}) {
  const out = rows.map((r) => {
    const o = {};
    for (const c of columns) {
      const v = r[c];
      o[c] = isNil(v) && Array.isArray(r.suppressed) && r.suppressed.includes(c) ? suppressedText(smallCell) : typeof v === "number" ? csvNumber(v) : v ?? "";
    }
    return o;
  });
  return csvFormat(out, columns);
}

/** A button that downloads `rows` as `filename` (a Blob, so nothing leaves the browser). */
export function downloadButton(rows, {filename = "table.csv", columns, smallCell} = {}) {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]).filter((k) => k !== "suppressed") : []);
  const button = html`<button type="button" class="download" title="Download these ${rows.length} rows as CSV">⇩ CSV (${rows.length} rows)</button>`;
  button.onclick = () => {
    const blob = new Blob([toCsv(rows, cols, {smallCell})], {type: "text/csv;charset=utf-8"});
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return button;
}

/**
 * A table card: title, Inputs.table over `rows` with `columns` (name → label or {label, format, help, width}),
 * a CSV download of the same rows, and an optional note (e.g. the mart definition).
 */
export function dataTable(rows, {title, columns, filename, sort, reverse = false, maxRows = 12, smallCell = 11, note, empty} = {}) {
  const names = Object.keys(columns);
  const header = {};
  const format = {};
  const width = {};
  for (const [name, spec] of Object.entries(columns)) {
    const s = typeof spec === "string" ? {label: spec} : spec;
    header[name] = headerCell(name, s.label ?? name, s.help);
    const f = s.format ?? ((v) => (isNil(v) ? "—" : String(v)));
    format[name] = (v, i, data) =>
      v === HIDDEN
        ? html`<span class="suppressed" title="Fewer than ${smallCell} claims or visits: suppressed">${suppressedText(smallCell)}</span>`
        : f(v, data?.[i]);
    if (s.width) width[name] = s.width;
  }
  // Inputs.table leaves null cells blank; a marker object lets suppressed cells say so.
  const shown = rows.map((r) =>
    Array.isArray(r.suppressed) ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, isNil(v) && r.suppressed.includes(k) ? HIDDEN : v])) : r
  );
  const body = rows.length
    ? Inputs.table(shown, {columns: names, header, format, width, sort, reverse, rows: maxRows, select: false, layout: "auto"})
    : html`<p class="empty">${empty ?? "Nothing to show for these filters."}</p>`;
  return html`<div class="card table-card" data-table=${filename ?? title ?? ""}>
    ${title ? html`<h3>${title}</h3>` : ""}
    ${body}
    <div class="table-foot">${downloadButton(rows, {filename, columns: names, smallCell})}${note ?? ""}</div>
  </div>`;
}
