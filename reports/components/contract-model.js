// The contract model of the payers page (DESIGN.md §6.9), computed in the browser from marts.payer_profitability:
// change a payer's rates, move volume between payers, or take a payer out of network (its patients become cash-pay at
// the cash rate, minus those who leave) — and see the margin change. Pure functions, no imports (unit-tested).
//
// Per payer the baseline is what the mart says: visits, allowed (what the payer and patients pay), cost (visits ×
// cost per visit + claims × billing cost + denied claims × rework) and margin = allowed − cost. The scenario keeps
// each payer's allowed and cost per visit, except:
//   1. rate change r%: allowed per visit × (1 + r);
//   2. moving a share s of payer A's visits to payer B: A loses s × its visits (with their allowed and cost), B gains
//      them at B's (scenario) allowed and cost per visit;
//   3. out of network: the payer's visits stop; (1 − attrition) of them come back as cash-pay visits that earn the
//      cash rate and cost the direct cost per visit (no claim to send, no denial to rework).

/** Sum the rows of marts.payer_profitability (one or many months) per payer. '*' rows are ignored. */
export function payerTotals(rows) {
  const by = new Map();
  for (const r of rows) {
    if (r.payer_id === "*") continue;
    const t = by.get(r.payer_id) ?? {payer_id: r.payer_id, visits: 0, claims: 0, allowed: 0, cost: 0, billed: 0, underpaid_amount: 0};
    t.visits += r.visits ?? 0;
    t.claims += r.claims ?? 0;
    t.allowed += r.allowed ?? 0;
    t.cost += r.cost ?? 0;
    t.billed += r.billed ?? 0;
    t.underpaid_amount += r.underpaid_amount ?? 0;
    by.set(r.payer_id, t);
  }
  return [...by.values()]
    .map((t) => ({...t, margin: t.allowed - t.cost}))
    .sort((a, b) => a.payer_id.localeCompare(b.payer_id));
}

const perVisit = (amount, visits) => (visits > 0 ? amount / visits : 0);

/**
 * @param {Array<{payer_id, visits, allowed, cost}>} payers  baseline per payer (payerTotals)
 * @param {{rateChanges?: Record<string, number>, move?: {from, to, share}, outOfNetwork?: {payer_id, attrition},
 *          cashRatePerVisit: number, costPerVisit: number}} scenario
 * @returns {{rows: Array, totals: {baseline, scenario, delta}}}
 */
export function modelContracts(payers, scenario) {
  const {rateChanges = {}, move, outOfNetwork, cashRatePerVisit = 0, costPerVisit = 0} = scenario ?? {};
  const rows = payers.map((p) => {
    const rate = 1 + (rateChanges[p.payer_id] ?? 0);
    return {
      payer_id: p.payer_id,
      baseline: {visits: p.visits, allowed: p.allowed, cost: p.cost, margin: p.allowed - p.cost},
      allowedPerVisit: perVisit(p.allowed, p.visits) * rate,
      costPerVisit: perVisit(p.cost, p.visits),
      visits: p.visits
    };
  });
  const find = (id) => rows.find((r) => r.payer_id === id);

  if (move && move.from && move.to && move.from !== move.to && move.share > 0) {
    const from = find(move.from);
    const to = find(move.to);
    if (from && to) {
      const moved = from.visits * Math.min(1, move.share);
      from.visits -= moved;
      to.visits += moved;
    }
  }

  let cash = null;
  if (outOfNetwork && outOfNetwork.payer_id) {
    const p = find(outOfNetwork.payer_id);
    if (p) {
      const kept = p.visits * (1 - Math.min(1, Math.max(0, outOfNetwork.attrition ?? 0)));
      cash = {
        payer_id: `cash:${p.payer_id}`,
        baseline: {visits: 0, allowed: 0, cost: 0, margin: 0},
        visits: kept,
        allowedPerVisit: cashRatePerVisit,
        costPerVisit
      };
      p.visits = 0;
    }
  }

  const out = [...rows, ...(cash ? [cash] : [])].map((r) => {
    const allowed = r.visits * r.allowedPerVisit;
    const cost = r.visits * r.costPerVisit;
    const s = {visits: r.visits, allowed, cost, margin: allowed - cost};
    return {
      payer_id: r.payer_id,
      baseline: r.baseline,
      scenario: s,
      margin_change: s.margin - r.baseline.margin,
      baseline_margin_per_visit: r.baseline.visits > 0 ? r.baseline.margin / r.baseline.visits : null,
      scenario_margin_per_visit: s.visits > 0 ? s.margin / s.visits : null
    };
  });
  const sum = (key) =>
    out.reduce(
      (acc, r) => ({
        visits: acc.visits + r[key].visits,
        allowed: acc.allowed + r[key].allowed,
        cost: acc.cost + r[key].cost,
        margin: acc.margin + r[key].margin
      }),
      {visits: 0, allowed: 0, cost: 0, margin: 0}
    );
  const baseline = sum("baseline");
  const scenarioTotals = sum("scenario");
  return {
    rows: out,
    totals: {
      baseline,
      scenario: scenarioTotals,
      delta: {
        visits: scenarioTotals.visits - baseline.visits,
        allowed: scenarioTotals.allowed - baseline.allowed,
        cost: scenarioTotals.cost - baseline.cost,
        margin: scenarioTotals.margin - baseline.margin
      }
    }
  };
}
