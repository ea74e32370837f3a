/**
 * Column types of the canonical CSV formats, as zod schemas with metadata.
 *
 * Each builder returns a zod schema that validates one CSV cell (a trimmed, non-empty string; an empty cell is passed
 * as a missing key) and registers what the rest of the pipeline derives from it: the raw column type, the column's
 * documentation and the accepted form. Required / optional / default is expressed with zod itself
 * (`.optional()`, `.default(…)`) in `schemas.ts`. Error messages are reject reasons (`reasons.ts`): they never
 * contain the value.
 */
import { z } from 'zod';
import type { SqlType } from '../../src/db/raw-schema.ts';
import { reason, REJECT_CODES } from './reasons.ts';

export type ColumnKind =
  | 'id'
  | 'patient_id'
  | 'npi'
  | 'code'
  | 'text'
  | 'note'
  | 'timezone'
  | 'date'
  | 'timestamp'
  | 'money'
  | 'integer'
  | 'boolean'
  | 'enum';

export interface ColumnMeta {
  readonly kind: ColumnKind;
  readonly sqlType: SqlType;
  /** What the column means. */
  readonly doc: string;
  /** The accepted form, for docs/formats.md. */
  readonly format: string;
  /** Name of the raw column when it differs from the CSV column (patient_id → patient_key). */
  readonly storedAs?: string;
}

/** Metadata of every column schema built here. */
export const columnMeta = z.registry<ColumnMeta>();

function register<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
  columnMeta.add(schema, meta);
  return schema;
}

/** Error for the base type: a missing value, or else `bad`. */
const missingOr = (bad: string) => (iss: { input?: unknown }) => (iss.input === undefined ? reason('MISSING_VALUE') : bad);

const tooLong = (max: number) => ({ error: reason('TOO_LONG', `longer than ${max} characters`) });

/** One line of text: no tab or line break (they belong in notes only, and would break every TSV/CSV export). */
const ONE_LINE = /^[^\t\r\n]*$/;
const oneLine = { error: reason('BAD_FORMAT', 'contains a tab or line break') };

/** An identifier (visit id, claim id, payer id, …), kept as text. */
export function id(doc: string, max = 80) {
  return register(z.string({ error: missingOr(reason('BAD_FORMAT')) }).max(max, tooLong(max)).regex(ONE_LINE, oneLine), {
    kind: 'id',
    sqlType: 'VARCHAR',
    doc,
    format: `text (at most ${max} characters, one line)`,
  });
}

/** The EHR patient id: never stored; the raw table holds `patient_key`, a keyed hash of it. */
export function patientId(doc: string) {
  return register(z.string({ error: missingOr(reason('BAD_FORMAT')) }).max(80, tooLong(80)), {
    kind: 'patient_id',
    sqlType: 'VARCHAR',
    doc,
    format: 'text (at most 80 characters); stored only as `patient_key`, a keyed hash',
    storedAs: 'patient_key',
  });
}

/** A 10-digit National Provider Identifier. */
export function npi(doc: string) {
  const bad = reason('BAD_FORMAT', 'not a 10-digit NPI');
  return register(z.string({ error: missingOr(bad) }).regex(/^\d{10}$/, { error: bad }), {
    kind: 'npi',
    sqlType: 'VARCHAR',
    doc,
    format: '10 digits',
  });
}

/** A short code with a fixed shape (CPT/HCPCS, modifier). */
export function code(doc: string, pattern: RegExp, shape: string) {
  const bad = reason('BAD_FORMAT', `not ${shape}`);
  return register(z.string({ error: missingOr(bad) }).regex(pattern, { error: bad }), {
    kind: 'code',
    sqlType: 'VARCHAR',
    doc,
    format: shape,
  });
}

/** Short free text (names, disciplines). */
export function text(doc: string, max = 200) {
  return register(z.string({ error: missingOr(reason('BAD_FORMAT')) }).max(max, tooLong(max)).regex(ONE_LINE, oneLine), {
    kind: 'text',
    sqlType: 'VARCHAR',
    doc,
    format: `text (at most ${max} characters, one line)`,
  });
}

/** Long free text (notes: the only kind that may hold tabs and line breaks): kept in raw only, never copied into marts. */
export function note(doc: string, max = 4000) {
  return register(z.string({ error: missingOr(reason('BAD_FORMAT')) }).max(max, tooLong(max)), {
    kind: 'note',
    sqlType: 'VARCHAR',
    doc,
    format: `free text (at most ${max} characters; commas, quotes and line breaks inside double quotes)`,
  });
}

const knownZones = new Map<string, boolean>();
/** An IANA time zone name (Area/Location, or UTC) that Intl knows; DuckDB's ICU knows the same names. */
export function isTimeZone(v: string): boolean {
  let ok = knownZones.get(v);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v });
      ok = v.includes('/') || v === 'UTC';
    } catch {
      ok = false;
    }
    knownZones.set(v, ok);
  }
  return ok;
}

/** An IANA time zone name. */
export function timezone(doc: string) {
  const bad = reason('BAD_FORMAT', 'not an IANA time zone name (e.g. America/New_York)');
  return register(z.string({ error: missingOr(bad) }).refine(isTimeZone, { error: bad }), {
    kind: 'timezone',
    sqlType: 'VARCHAR',
    doc,
    format: 'IANA time zone name, e.g. `America/New_York`',
  });
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** y-m-d is a day of the proleptic Gregorian calendar (years 0001–9999). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS[m - 1]!);
}

/** Digits of `v` from `start` to `end` as a number, or -1 when one of them is not a digit. */
function digits(v: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** `YYYY-MM-DD` and a real date (hand-written: this runs for every date cell of every row). */
export function isIsoDate(v: string): boolean {
  return v.length === 10 && isoDateAt(v);
}

function isoDateAt(v: string): boolean {
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  return isRealDate(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10));
}

/** `YYYY-MM-DD[T ]HH:MM[:SS[.f…]][Z|±HH[[:]MM]]` with a real date and time. */
export function isIsoTimestamp(v: string): boolean {
  const len = v.length;
  if (len < 16 || !isoDateAt(v)) return false;
  const sep = v.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || v.charCodeAt(13) !== 58) return false;
  const hh = digits(v, 11, 13);
  const mi = digits(v, 14, 16);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return false;
  let i = 16;
  if (v.charCodeAt(i) === 58) {
    const ss = digits(v, 17, 19);
    if (ss < 0 || ss > 59 || len < 19) return false;
    i = 19;
    if (v.charCodeAt(i) === 46) {
      let j = i + 1;
      while (j < len && v.charCodeAt(j) >= 48 && v.charCodeAt(j) <= 57) j++;
      if (j === i + 1 || j - i - 1 > 9) return false;
      i = j;
    }
  }
  if (i === len) return true;
  const z = v.charCodeAt(i);
  if (z === 90) return i + 1 === len;
  if (z !== 43 && z !== 45) return false;
  const rest = len - i - 1;
  const oh = digits(v, i + 1, i + 3);
  if (rest === 2) return oh >= 0 && oh <= 18;
  const om = rest === 4 ? digits(v, i + 3, i + 5) : rest === 5 && v.charCodeAt(i + 3) === 58 ? digits(v, i + 4, i + 6) : -1;
  return oh >= 0 && oh <= 18 && om >= 0 && om <= 59;
}

/** A calendar date `YYYY-MM-DD` (a real one: 2025-02-30 is rejected). Loaded as DATE. */
export function isoDate(doc: string) {
  const bad = reason('BAD_DATE');
  return register(z.string({ error: missingOr(bad) }).refine(isIsoDate, { error: bad }), {
    kind: 'date',
    sqlType: 'DATE',
    doc,
    format: '`YYYY-MM-DD`, a real calendar date',
  });
}

/** An ISO 8601 date-time, kept as validated text (a raw VARCHAR column; staging models interpret it). */
export function timestamp(doc: string) {
  const bad = reason('BAD_TIMESTAMP');
  return register(z.string({ error: missingOr(bad) }).refine((v) => isIsoTimestamp(v) || (v.length === 10 && isIsoDate(v)), { error: bad }), {
    kind: 'timestamp',
    sqlType: 'VARCHAR',
    doc,
    format: '`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (ISO 8601; a space may replace the `T`; no offset = clinic local time), or a date alone `YYYY-MM-DD` (that day, clinic time); kept as text',
  });
}

// `.50` and `+5.00` are amounts too (DuckDB casts them as written), and so is `12.500` (zeros after the cents are
// exact: spreadsheets and pandas write them).
const MONEY = /^[-+]?(?:\d{1,16}(?:\.\d{1,2}0*)?|\.\d{1,2}0*)$/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

/** Why a money value is bad, or undefined when it is fine. */
export function moneyProblem(v: string, signed: boolean): string | undefined {
  if (MONEY.test(v)) return !signed && v.charCodeAt(0) === 45 ? reason('NEGATIVE_AMOUNT') : undefined;
  if (!NUMBER.test(v)) return reason('BAD_NUMBER', `${REJECT_CODES.BAD_NUMBER} (expected an amount such as 123.45, without currency sign or thousands separator)`);
  return reason('BAD_MONEY', `${REJECT_CODES.BAD_MONEY} (and at most 16 digits before the point)`);
}

/** A money amount: a decimal with at most 2 decimal places, no currency sign or separators. Loaded as DECIMAL(18,2). */
export function money(doc: string, opts: { signed?: boolean } = {}) {
  const signed = opts.signed ?? false;
  return register(
    z.string({ error: missingOr(reason('BAD_NUMBER')) }).check((ctx) => {
      const problem = moneyProblem(ctx.value, signed);
      if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
    }),
    {
      kind: 'money',
      sqlType: 'DECIMAL(18,2)',
      doc,
      format: signed
        ? 'decimal amount, at most 2 decimals, may be negative (e.g. `-12.50`; `-12.500` is the same amount)'
        : 'decimal amount ≥ 0, at most 2 decimals (e.g. `123.45`; `123.450` is the same amount)',
    },
  );
}

// `45.0` too: pandas writes an integer column with empty cells as floats (DuckDB casts it to 45).
const COUNT = /^\d{1,9}(?:\.0*)?$/;

/**
 * A whole number ≥ 0 (visits, minutes, days). Loaded as INTEGER. The schemas only validate: values stay text (the
 * bulk loader writes text and DuckDB casts it), which keeps zod free of transform pipes on the hot path.
 */
export function count(doc: string) {
  return register(
    z.string({ error: missingOr(reason('BAD_INTEGER')) }).check((ctx) => {
      if (COUNT.test(ctx.value)) return;
      ctx.issues.push({ code: 'custom', input: ctx.value, message: NUMBER.test(ctx.value) ? reason('BAD_INTEGER') : reason('BAD_NUMBER') });
    }),
    { kind: 'integer', sqlType: 'INTEGER', doc, format: 'whole number ≥ 0 (`45.0` is 45)' },
  );
}

const BOOL = /^(?:true|false)$/i;

/** `true` or `false` (any letter case: spreadsheets write TRUE/FALSE). Loaded as BOOLEAN (DuckDB casts the text). */
export function bool(doc: string) {
  const bad = reason('BAD_BOOLEAN');
  return register(z.string({ error: missingOr(bad) }).regex(BOOL, { error: bad }), {
    kind: 'boolean',
    sqlType: 'BOOLEAN',
    doc,
    format: '`true` or `false`; also `yes`/`no`, `y`/`n`, `t`/`f`, `1`/`0` (any letter case)',
  });
}

/** One of a fixed list of values (lower case; the column plan folds other letter cases to it). */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V, doc: string) {
  const bad = reason('NOT_ALLOWED', `${REJECT_CODES.NOT_ALLOWED} (${values.join(', ')})`);
  return register(z.enum(values, { error: missingOr(bad) }), {
    kind: 'enum',
    sqlType: 'VARCHAR',
    doc,
    format: `one of ${values.map((v) => `\`${v}\``).join(', ')} (any letter case)`,
  });
}

/** What the pipeline knows about one column of an entity, derived from its zod schema. */
export interface EntityColumn {
  /** CSV column name. */
  readonly name: string;
  /** Raw table column name (differs for patient_id → patient_key). */
  readonly storedAs: string;
  readonly required: boolean;
  /** Value used when the cell is empty or the column absent (already typed). */
  readonly defaultValue?: unknown;
  /** Allowed values of an enum column. */
  readonly values?: readonly string[];
  readonly meta: ColumnMeta;
}

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown };

/** Unwrap `.optional()` / `.default()` down to the registered column schema. */
export function describeColumn(name: string, schema: z.ZodType): EntityColumn {
  let s: z.ZodType = schema;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    const meta = columnMeta.get(s);
    if (meta) {
      const values = s instanceof z.ZodEnum ? (s.options as string[]) : undefined;
      return { name, storedAs: meta.storedAs ?? name, required, defaultValue, values, meta };
    }
    const def = s._zod.def as unknown as Def;
    if (def.type === 'optional' || def.type === 'default') {
      required = false;
      if (def.type === 'default') defaultValue = def.defaultValue;
      s = def.innerType!;
      continue;
    }
    throw new Error(`column ${name}: not built with a column builder of pipelines/ehr/columns.ts`);
  }
}
