// Plain-language definitions of the columns the pages show, one hover away (the `title` of a ⓘ mark or a table
// header). The authoritative rule of each mart is its header comment, published in site.json (`marts`) and shown
// under every table; KPI definitions and targets come from marts.kpi_targets.
import {html} from "npm:htl";
import {targetText} from "./kpi-tile.js";

export const COLUMN_HELP = {
  clinic_id: "The clinic that billed (in the benchmark profile clinics are labelled, not named).",
  payer_id: "The insurer the claim was sent to.",
  patient_key: "A pseudonymous key for the patient (a keyed hash): look the patient up in the EHR by claim or visit id.",
  claim_id: "The claim number sent in the 837 (CLM01).",
  visit_id: "The visit id from the EHR export.",
  auth_id: "The authorisation id from the EHR export.",
  category: "Denial category of the payer's reason code (CARC): drives the resolution path.",
  primary_carc: "The reason code (CARC) of the largest denial adjustment on the first remittance.",
  denied_amount: "Denial adjustments on the first remittance, in dollars.",
  amount_at_stake: "What the clinic stands to recover: the denied amount, or the billed amount when the payer sent no adjustment.",
  denial_received_on: "The day the remittance with the denial arrived (GS04 of the 835).",
  age_days: "Days since the denial arrived (or, for A/R, since the first date of service).",
  past_sla: "Waiting longer than the routing SLA (config alerts.denialRoutingSlaDays, 2 days by default): the playbook says route every denial within 48 hours.",
  resolution_path: "What to do for this category: patient outreach, retro-auth, correct and resubmit, send records, clinical appeal…",
  owner: "Who usually works this category.",
  adjudicated_claims: "Claims the payer decided for the first time in the period.",
  denied_claims: "Of those, claims initially denied (fully or partly).",
  denial_rate: "Initially denied claims ÷ claims first adjudicated.",
  first_pass_rate: "Claims paid on the first remittance with no denial ÷ claims first adjudicated.",
  systematic: "Over the last 8 weeks: denial rate over 10%, at least 5 denials, one category more than half of them — usually a contract or credentialing problem.",
  initial_denials: "Claims first adjudicated in the period with an initial denial.",
  routed_within_sla_pct: "Denials whose first action (appeal, correction, outreach, write-off, replacement claim) came within the routing SLA (config alerts.denialRoutingSlaDays, 2 days by default).",
  overturn_rate: "Initially denied claims a later remittance paid ÷ initially denied claims.",
  recovered_amount: "What the later remittances paid on overturned denials.",
  written_off_amount: "Denied dollars written off.",
  open_denials: "Denials neither overturned nor written off: still money owed.",
  bucket: "Age of the open balance from the first date of service.",
  claims: "Number of claims.",
  balance: "Open insurance balance: billed − paid − contractual − patient responsibility − write-offs.",
  total_balance: "Open insurance A/R (positive claim balances).",
  days_in_ar: "Open insurance A/R ÷ average daily billed over the last 90 days.",
  ar_over_90_pct: "Open A/R older than 90 days ÷ all open A/R.",
  credit_balance: "A negative balance: the payer or patient paid more than was owed — a possible refund.",
  patient_balance: "Patient responsibility not yet paid by the patient.",
  days_unbilled: "Days since the visit with no claim sent.",
  visit_date: "Date of the visit.",
  visits_remaining: "Approved visits not yet used by completed visits.",
  days_to_expiry: "Days until the authorisation ends.",
  projected_exhaustion_date: "The booked appointment that would use the last approved visit.",
  reauth_due_on: "When to ask for re-authorisation: 7 days before expiry or projected exhaustion.",
  needs_reauth: "Not yet requested and (3 or fewer visits left, expiring within 7 days, or due now).",
  patient_message: "What to tell the patient.",
  visits: "Completed visits.",
  allowed: "What the payer allowed (payment + patient responsibility) to date.",
  cost: "Visits × cost per visit + claims × billing cost + denied claims × rework cost.",
  margin: "Allowed − cost.",
  margin_per_visit: "Margin ÷ visits: what one more visit with this payer earns.",
  allowed_per_visit: "Allowed ÷ visits.",
  cost_per_visit: "Cost ÷ visits.",
  underpaid_amount: "Paid lines below the contracted fee schedule: the shortfall.",
  status: "Where the record stands.",
  days_in_pipeline: "Days from application to effective date (or to today while pending).",
  visits_before_effective: "Visits seen for the payer before the provider was effective: revenue at risk.",
  revenue_at_risk: "Expected reimbursement of those visits.",
  credentialing_denials: "Claims denied for credentialing (e.g. CARC 185).",
  severity: "error: numbers may be wrong; warn: worth a look.",
  findings: "Number of findings of the check.",
  message: "What the check found (never patient data).",
};

/** A small ⓘ mark whose tooltip is `text`. */
export function help(text) {
  return html`<span class="help" title=${text} tabindex="0" aria-label=${text}>i</span>`;
}

/** A table header cell: the label with the column's definition on hover. */
export function headerCell(column, labelText, extra) {
  const text = [COLUMN_HELP[column], extra].filter(Boolean).join(" ");
  // Not a <span>: Inputs styles every span of a table header as its 0.5em sort mark.
  return text ? html`<abbr title=${text} class="th-help">${labelText}</abbr>` : labelText;
}

/** The definition of a mart, from its header comment (site.json `marts`). */
export function martDefinition(site, mart) {
  const doc = site.marts.find((m) => m.mart === mart);
  if (!doc) return "";
  return [doc.summary, doc.grain && `Grain: ${doc.grain}.`, doc.rule && `Rule: ${doc.rule}`].filter(Boolean).join(" ");
}

/** "Source: marts.x" line with the full definition on hover. */
export function source(site, ...marts) {
  return html`<p class="source">Source: ${marts.map((m, i) => html`${i ? ", " : ""}<span title=${martDefinition(site, m)} class="th-help">marts.${m}</span>`)}</p>`;
}

/** The metric dictionary entry of a KPI (marts.kpi_targets). */
export function kpiInfo(site, kpi) {
  return site.kpi_targets.find((k) => k.kpi === kpi);
}

/** "target < 5%": the KPI's target in force (seed or config), as the scorecard prints it. */
export function targetOf(site, kpi) {
  return targetText(kpiInfo(site, kpi));
}
