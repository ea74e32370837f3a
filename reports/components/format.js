// Number formatting shared by every page. Pure functions (no imports) so they can be unit-tested.

const intFmt = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});
const moneyFmt = new Intl.NumberFormat("en-US", {style: "currency", currency: "USD", maximumFractionDigits: 0});
const centsFmt = new Intl.NumberFormat("en-US", {style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2});
const daysFmt = new Intl.NumberFormat("en-US", {maximumFractionDigits: 1});

/**
 * Placeholder for a value hidden by small-cell suppression (benchmark profile): a count of 1 to smallCell − 1, a
 * value derived from one, or a sum over such cells. The tooltip of the cell says why.
 */
export function suppressedText() {
  return "suppressed";
}

export function suppressedTitle(smallCell = 11) {
  return `Hidden: fewer than ${smallCell} claims or visits are behind this number (small-cell suppression).`;
}

export function isNil(v) {
  return v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v));
}

const numFmt = new Intl.NumberFormat("en-US", {maximumFractionDigits: 2});
/** A plain number with up to 2 decimals (numerators and denominators of mixed units). */
export function num(v) {
  return isNil(v) ? "—" : numFmt.format(v);
}

export function count(v) {
  return isNil(v) ? "—" : intFmt.format(v);
}

export function money(v) {
  return isNil(v) ? "—" : moneyFmt.format(v);
}

export function cents(v) {
  return isNil(v) ? "—" : centsFmt.format(v);
}

export function pct(v, digits = 1) {
  return isNil(v) ? "—" : `${(v * 100).toFixed(digits)}%`;
}

export function days(v) {
  return isNil(v) ? "—" : `${daysFmt.format(v)} d`;
}

/** Format by the unit of marts.kpi_targets: ratio, money, days, count. */
export function byUnit(unit, v) {
  switch (unit) {
    case "ratio":
      return pct(v);
    case "money":
      return money(v);
    case "days":
      return days(v);
    default:
      return count(v);
  }
}

/** True when a change rounds to zero in the unit it is printed in. */
export function negligible(unit, v) {
  const eps = unit === "ratio" ? 0.0005 : unit === "days" ? 0.05 : 0.5;
  return isNil(v) || Math.abs(v) < eps;
}

/** A week-over-week change in the KPI's unit, with its sign ("+1.2 pts", "−$340", "+2 d"). */
export function change(unit, v) {
  if (isNil(v)) return "—";
  if (negligible(unit, v)) v = 0;
  const sign = v > 0 ? "+" : v < 0 ? "−" : "±";
  const a = Math.abs(v);
  switch (unit) {
    case "ratio":
      return `${sign}${(a * 100).toFixed(1)} pts`;
    case "money":
      return `${sign}${moneyFmt.format(a)}`;
    case "days":
      return `${sign}${daysFmt.format(a)} d`;
    default:
      return `${sign}${intFmt.format(a)}`;
  }
}

/** 'YYYY-MM-DD' → 'Mar 2025' / 'Mar 3, 2025' without time-zone surprises. */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export function month(iso) {
  if (!iso) return "all time";
  const [y, m] = iso.split("-");
  return `${MONTHS[Number(m) - 1]} ${y}`;
}
export function day(iso) {
  if (!iso) return "—";
  const [y, m, d] = iso.split("-");
  return `${MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
}

/** A Date at UTC midnight for a 'YYYY-MM-DD' string (charts use UTC so dates never shift by a day). */
export function utcDate(iso) {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

/** Human label of a snake_case category or status ("medical_necessity" → "Medical necessity"). */
export function label(s) {
  if (s === null || s === undefined) return "—";
  if (s === "*") return "All";
  const t = String(s).replaceAll("_", " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
}
