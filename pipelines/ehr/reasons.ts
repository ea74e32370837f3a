/**
 * Reject reasons of CSV rows (`raw.csv_rejects.reason`) and the file-level quarantine codes.
 *
 * A reason is `CODE: text`. It says what is wrong and what was expected, never the offending value (it may be PHI).
 * The code before the colon is stable: data-quality summaries and tests group by it.
 */

export const REJECT_CODES = {
  MISSING_VALUE: 'required value missing',
  BAD_DATE: 'not a real date in YYYY-MM-DD form',
  BAD_TIMESTAMP: 'not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])',
  BAD_NUMBER: 'not a number',
  BAD_MONEY: 'not an amount with at most 2 decimal places',
  NEGATIVE_AMOUNT: 'must not be negative',
  BAD_INTEGER: 'not a whole number of 0 or more',
  BAD_BOOLEAN: 'not true or false (nor yes/no, y/n, t/f, 1/0)',
  NOT_ALLOWED: 'not one of the allowed values',
  BAD_FORMAT: 'not in the expected format',
  TOO_LONG: 'longer than allowed',
  COLUMN_COUNT: 'wrong number of fields on the line',
  UNTERMINATED_QUOTE: 'a quoted field is never closed (or runs over several lines and breaks the row)',
} as const;

export type RejectCode = keyof typeof REJECT_CODES;

/** `CODE: text`, with an optional detail that replaces the generic text (never the value itself). */
export function reason(code: RejectCode, detail?: string): string {
  return `${code}: ${detail ?? REJECT_CODES[code]}`;
}

/** The code of a reason string. */
export function reasonCode(r: string): string {
  const i = r.indexOf(':');
  return i < 0 ? r : r.slice(0, i);
}

/** File-level quarantine codes (`raw.files.error_code`). */
export const QUARANTINE_CODES = {
  CSV_STRUCTURAL:
    'the file cannot be read as the entity: a required column is missing (after mapping), a column appears twice, the header is empty or unreadable, or the content is binary / not UTF-8',
  CSV_REJECT_RATE: 'every data row, or more than half of the data rows of a file of 10 rows or more, was rejected: the file is probably not what it claims to be (a smaller file keeps its good rows)',
} as const;
