// Re-aggregating mart rows over a filter (e.g. several months): sums of additive parts, ratios from the sums (never
// averages of averages). A sum over a cell hidden by small-cell suppression is unknown, so it is null and marked.
// Pure functions, no imports (unit-tested).

function hiddenIn(row, field) {
  return (row[field] === null || row[field] === undefined) && Array.isArray(row.suppressed) && row.suppressed.includes(field);
}

/** Sum `fields` over `rows`; a field is null (and listed in `suppressed`) if any contributing cell was suppressed. */
export function sumRows(rows, fields) {
  const out = {};
  const suppressed = [];
  for (const f of fields) {
    if (rows.some((r) => hiddenIn(r, f))) {
      out[f] = null;
      suppressed.push(f);
    } else {
      out[f] = rows.reduce((s, r) => s + (typeof r[f] === "number" ? r[f] : 0), 0);
    }
  }
  if (suppressed.length) out.suppressed = suppressed;
  return out;
}

/** numerator / denominator, null when either is unknown or the denominator is 0. */
export function ratio(n, d) {
  return n === null || n === undefined || d === null || d === undefined || d === 0 ? null : n / d;
}

/** Group rows by `keys` and sum `fields` in each group; `derive(sum)` adds computed fields (rates). */
export function rollup(rows, keys, fields, derive = () => ({})) {
  const groups = new Map();
  for (const r of rows) {
    const k = JSON.stringify(keys.map((c) => r[c]));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  return [...groups.values()].map((g) => {
    const base = Object.fromEntries(keys.map((c) => [c, g[0][c]]));
    const sums = sumRows(g, fields);
    const derived = derive(sums);
    const out = {...base, ...sums, ...derived};
    // A rate derived from a suppressed sum is suppressed too.
    if (sums.suppressed) {
      const hiddenDerived = Object.keys(derived).filter((k) => derived[k] === null);
      out.suppressed = [...new Set([...sums.suppressed, ...hiddenDerived])];
    }
    return out;
  });
}
