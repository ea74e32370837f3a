/**
 * Vendor column mappings for EHR / practice-management CSV exports (config key `csvMappings`).
 *
 * A mapping lets a clinic load its vendor's export as it comes: renamed columns, US dates, Y/N booleans, value
 * translations and constant columns. See docs/formats.md for a worked example (a WebPT-style visit report).
 */
import { z } from 'zod';

export const CsvMappingSchema = z.strictObject({
  /** A name for messages and the ledger. */
  name: z.string().min(1),
  /** The canonical entity the file loads into (visits, payers, …). */
  entity: z.string().min(1),
  /** Which files this mapping applies to: a file-name prefix and/or header columns that must all be present. */
  match: z
    .strictObject({
      fileNamePrefix: z.string().optional(),
      headerIncludes: z.array(z.string()).optional(),
    })
    .refine((m) => m.fileNamePrefix !== undefined || (m.headerIncludes?.length ?? 0) > 0, {
      message: 'match needs fileNamePrefix or headerIncludes',
    }),
  /** canonical column → vendor column header. */
  columns: z.record(z.string(), z.string()).default({}),
  /** canonical column → constant value for every row (e.g. a clinic id the export lacks). */
  constants: z.record(z.string(), z.string()).default({}),
  /** Date format of date columns: ISO (default) or US `MM/DD/YYYY`. */
  dateFormat: z.enum(['YYYY-MM-DD', 'MM/DD/YYYY']).default('YYYY-MM-DD'),
  /** Date-time format of timestamp columns. */
  timestampFormat: z.enum(['ISO', 'MM/DD/YYYY HH:mm']).default('ISO'),
  /** Spellings of true / false in boolean columns, besides true/false. */
  booleans: z
    .strictObject({ true: z.array(z.string()).default([]), false: z.array(z.string()).default([]) })
    .prefault({}),
  /** canonical column → { vendor value → canonical value } (e.g. status "Canceled" → cancelled). */
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /** Field delimiter of the vendor file. */
  delimiter: z.string().length(1).default(','),
});

export type CsvMapping = z.infer<typeof CsvMappingSchema>;
