// Plot-based charts shared by the pages: functions of (data, options) returning an SVG/figure element.
import * as Plot from "npm:@observablehq/plot";
import {utcDate} from "./format.js";

const TARGET_STROKE = "#b45309";

/**
 * Framework's resize() may first call a chart with the width of a container not laid out yet (0): never draw
 * narrower than this, or bars get negative widths.
 */
export const MIN_WIDTH = 360;
const atLeast = (width) => Math.max(MIN_WIDTH, width ?? MIN_WIDTH);

/**
 * What a chart shows instead of an empty or all-zero plot (Plot would draw a [0, 0] axis labelled "0.000000", or one
 * full-height bar for a zero): a sentence saying why there is nothing to draw.
 */
export function nothingToShow(data, key) {
  const hidden = data.some((d) => d[key] === null && d.suppressed?.includes(key));
  const p = document.createElement("p");
  p.className = "no-data";
  p.textContent = hidden
    ? "Nothing to draw: the values here are small cells, hidden in this profile."
    : "Nothing to draw for this selection (no values, or all zero).";
  return p;
}
const empty = (rows, key) => rows.every((d) => !d[key]);

/** Lines over time (x: 'YYYY-MM-DD'), one per `z`, with an optional dashed target line. */
export function trendChart(data, {x, y, z, target, yFormat, yLabel, width = 640, height = 240, color, title} = {}) {
  const rows = data.filter((d) => d[y] !== null && d[y] !== undefined).map((d) => ({...d, __x: utcDate(d[x])}));
  if (rows.length === 0) return nothingToShow(data, y);
  return Plot.plot({
    width: atLeast(width),
    height,
    marginLeft: 60,
    title,
    x: {type: "utc", label: null},
    y: {grid: true, label: yLabel ?? null, tickFormat: yFormat, zero: true},
    color: z ? {legend: true, ...color} : undefined,
    marks: [
      target !== undefined && target !== null ? Plot.ruleY([target], {stroke: TARGET_STROKE, strokeDasharray: "4,3"}) : null,
      target !== undefined && target !== null
        ? Plot.text([target], {y: (d) => d, frameAnchor: "right", dy: -6, text: () => "target", fill: TARGET_STROKE, fontSize: 10})
        : null,
      Plot.lineY(rows, {x: "__x", y, stroke: z ?? "steelblue", curve: "monotone-x"}),
      Plot.dotY(rows, {x: "__x", y, fill: z ?? "steelblue", r: 2, tip: {format: {x: "%b %d, %Y", y: yFormat}}})
    ]
  });
}

/** Horizontal bars: one per `y` category, length `x`, optional target rule and colour by `fill`. */
export function barChart(data, {x, y, fill, target, xFormat, xLabel, width = 640, sort = true, colorLegend = false, title} = {}) {
  const rows = data.filter((d) => d[x] !== null && d[x] !== undefined);
  if (empty(rows, x)) return nothingToShow(data, x);
  return Plot.plot({
    width: atLeast(width),
    height: Math.max(120, 28 * new Set(rows.map((d) => d[y])).size + 50),
    marginLeft: 210,
    title,
    x: {grid: true, label: xLabel ?? null, tickFormat: xFormat},
    y: {label: null},
    color: fill ? {legend: colorLegend} : undefined,
    marks: [
      Plot.barX(rows, {x, y, fill: fill ?? "steelblue", sort: sort ? {y: "-x"} : undefined, tip: {format: {x: xFormat}}}),
      target !== undefined && target !== null ? Plot.ruleX([target], {stroke: TARGET_STROKE, strokeDasharray: "4,3"}) : null,
      Plot.ruleX([0])
    ]
  });
}

/** Stacked horizontal bars (e.g. A/R balance by payer and age bucket). */
export function stackedBars(data, {x, y, fill, fillDomain, xFormat, xLabel, width = 640, scheme = "YlOrRd", title} = {}) {
  const rows = data.filter((d) => d[x] !== null && d[x] !== undefined);
  if (empty(rows, x)) return nothingToShow(data, x);
  return Plot.plot({
    width: atLeast(width),
    height: Math.max(120, 28 * new Set(rows.map((d) => d[y])).size + 70),
    marginLeft: 210,
    title,
    x: {grid: true, label: xLabel ?? null, tickFormat: xFormat},
    y: {label: null},
    color: {legend: true, domain: fillDomain, scheme},
    marks: [Plot.barX(rows, {x, y, fill, order: fillDomain, sort: {y: "-x"}, tip: {format: {x: xFormat}}}), Plot.ruleX([0])]
  });
}

/** A payer × category grid coloured by a rate, with the value printed in each cell. */
export function heatmap(data, {x, y, fill, text, fillFormat, width = 720, title, xDomain} = {}) {
  const rows = data.filter((d) => d[fill] !== null && d[fill] !== undefined);
  const max = Math.max(0, ...rows.map((d) => d[fill]));
  return Plot.plot({
    width: atLeast(width),
    height: Math.max(160, 30 * new Set(rows.map((d) => d[y])).size + 90),
    marginLeft: 210,
    marginBottom: 80,
    title,
    x: {label: null, tickRotate: -30, domain: xDomain},
    y: {label: null},
    color: {scheme: "Reds", legend: true, tickFormat: fillFormat, label: fill.replaceAll("_", " ")},
    marks: [
      Plot.cell(rows, {x, y, fill, inset: 1, tip: {format: {fill: fillFormat}}}),
      // Two text marks with constant colours (a colour channel would go through the colour scale).
      Plot.text(rows.filter((d) => d[fill] <= max * 0.55), {x, y, text: text ?? ((d) => fillFormat?.(d[fill]) ?? d[fill]), fill: "black", fontSize: 10, pointerEvents: "none"}),
      Plot.text(rows.filter((d) => d[fill] > max * 0.55), {x, y, text: text ?? ((d) => fillFormat?.(d[fill]) ?? d[fill]), fill: "white", fontSize: 10, pointerEvents: "none"})
    ]
  });
}

/**
 * A histogram of days (already counted: `value` = days, `weight` = count) against a target: bars at or under the
 * target in green, later ones in red; days beyond `clip` are pooled into the last bar ("≥ clip").
 */
export function daysHistogram(data, {value, weight, target = 1, clip = 14, width = 640, height = 240, yLabel = "claims", title} = {}) {
  const pooled = new Map();
  for (const d of data) {
    const k = Math.min(Number(d[value]), clip);
    pooled.set(k, (pooled.get(k) ?? 0) + Number(d[weight]));
  }
  const rows = [...pooled].map(([days, n]) => ({days, n, onTime: days <= target})).sort((a, b) => a.days - b.days);
  const domain = Array.from({length: clip + 1}, (_, i) => i);
  return Plot.plot({
    width: atLeast(width),
    height,
    title,
    x: {label: "days from first date of service to submission", domain, tickFormat: (d) => (d === clip ? `≥${clip}` : String(d))},
    y: {grid: true, label: yLabel},
    color: {domain: [true, false], range: ["#2f855a", "#c53030"], legend: true, tickFormat: (d) => (d ? `within ${target} day` : "late")},
    marks: [
      Plot.barY(rows, {x: "days", y: "n", fill: "onTime", tip: true}),
      Plot.ruleY([0])
    ]
  });
}

/** Median and p90 of a lag over time as a band, against the target (e.g. 1 day). */
export function lagBand(data, {x, median, p90, target = 1, width = 640, height = 240, yLabel = "days", z, title} = {}) {
  const rows = data.filter((d) => d[median] !== null && d[median] !== undefined).map((d) => ({...d, __x: utcDate(d[x])}));
  return Plot.plot({
    width: atLeast(width),
    height,
    title,
    x: {type: "utc", label: null},
    y: {grid: true, label: yLabel, zero: true},
    color: z ? {legend: true} : undefined,
    marks: [
      Plot.areaY(rows, {x: "__x", y1: median, y2: p90, fill: z ?? "steelblue", fillOpacity: 0.2, curve: "step"}),
      Plot.lineY(rows, {x: "__x", y: median, stroke: z ?? "steelblue", curve: "step"}),
      Plot.lineY(rows, {x: "__x", y: p90, stroke: z ?? "steelblue", strokeDasharray: "2,2", curve: "step"}),
      Plot.ruleY([target], {stroke: TARGET_STROKE, strokeDasharray: "4,3"}),
      Plot.dotY(rows, {x: "__x", y: median, r: 1.5, fill: z ?? "steelblue", tip: {channels: {p90: p90}, format: {x: "%b %d, %Y"}}})
    ]
  });
}

/** A small sparkline for a KPI tile. */
export function sparkline(data, {x, y, width = 180, height = 36, color = "currentColor"} = {}) {
  const rows = data.filter((d) => d[y] !== null && d[y] !== undefined).map((d) => ({...d, __x: utcDate(d[x])}));
  return Plot.plot({
    width,
    height,
    margin: 2,
    axis: null,
    x: {type: "utc"},
    marks: [Plot.lineY(rows, {x: "__x", y, stroke: color, strokeWidth: 1.5}), Plot.dotY(rows.slice(-1), {x: "__x", y, fill: color, r: 2})]
  });
}

/** Grouped comparison bars: for each `y`, one bar per series in `keys` (e.g. baseline vs scenario). */
export function compareBars(data, {y, keys, labels, xFormat, xLabel, width = 640, title} = {}) {
  const rows = data.flatMap((d) => keys.map((k, i) => ({y: d[y], series: labels?.[i] ?? k, value: d[k]})));
  return Plot.plot({
    width: atLeast(width),
    height: Math.max(140, 22 * rows.length + 70),
    marginLeft: 210,
    title,
    x: {grid: true, label: xLabel ?? null, tickFormat: xFormat},
    y: {label: null, axis: null},
    fy: {label: null},
    color: {legend: true, domain: labels ?? keys, range: ["#9ca3af", "#2563eb"]},
    marks: [
      Plot.barX(rows, {x: "value", y: "series", fy: "y", fill: "series", tip: {format: {x: xFormat}}}),
      Plot.ruleX([0])
    ]
  });
}
