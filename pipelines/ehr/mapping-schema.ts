/**
 * Vendor column mappings for EHR / practice-management CSV exports (config key `csvMappings`).
 *
 * A mapping lets a clinic load its vendor's export as it comes: renamed columns, US dates, Y/N booleans, value
 * translations and constant columns. See docs/formats.md for a worked example (a WebPT-style visit report). The
 * `.describe()` texts are the documentation of each key in docs/formats.md.
 */
import { z } from 'zod';
import { entityByName, ENTITY_NAMES } from './schemas.ts';

export const CsvMappingSchema = z
  .strictObject({
    name: z.string().min(1).describe('A name for messages and the ledger note (e.g. `webpt-visits`).'),
    entity: z.string().min(1).describe(`The canonical entity the file loads into: ${ENTITY_NAMES.join(', ')}.`),
    match: z
      .strictObject({
        fileNamePrefix: z.string().min(1).optional(),
        headerIncludes: z.array(z.string().min(1)).optional(),
      })
      .refine((m) => m.fileNamePrefix !== undefined || (m.headerIncludes?.length ?? 0) > 0, {
        message: 'match needs fileNamePrefix or headerIncludes',
      })
      .describe(
        'Which files the mapping applies to: `fileNamePrefix` (case-insensitive) and/or `headerIncludes` (vendor columns that must all be in the header, case-insensitive). When both are given, both must hold.',
      ),
    columns: z
      .record(z.string(), z.string())
      .default({})
      .describe('Canonical column → vendor column header. Canonical columns not listed are looked up under their own name.'),
    constants: z
      .record(z.string(), z.string())
      .default({})
      .describe('Canonical column → a constant value for every row (e.g. the clinic id a single-clinic export lacks). Validated like a cell.'),
    dateFormat: z
      .enum(['YYYY-MM-DD', 'MM/DD/YYYY'])
      .default('YYYY-MM-DD')
      .describe('Form of date columns. `MM/DD/YYYY` also accepts single-digit month and day (`1/5/2025`).'),
    timestampFormat: z
      .enum(['ISO', 'MM/DD/YYYY HH:mm'])
      .default('ISO')
      .describe(
        'Form of date-time columns. `MM/DD/YYYY HH:mm` also accepts seconds and a 12-hour clock with AM/PM (`1/5/2025 4:07 PM`); the value is stored as ISO local time.',
      ),
    booleans: z
      .strictObject({ true: z.array(z.string()).default([]), false: z.array(z.string()).default([]) })
      .prefault({})
      .describe('Extra spellings of true / false in boolean columns, besides true/false (e.g. `{"true": ["Y"], "false": ["N"]}`); case-insensitive.'),
    values: z
      .record(z.string(), z.record(z.string(), z.string()))
      .default({})
      .describe(
        'Canonical column → { vendor value → canonical value } (e.g. status `Canceled` → `cancelled`); case-insensitive; applied before validation. Map to `""` to blank a value (e.g. `Self Pay` → no payer). Unlisted values pass through unchanged.',
      ),
    delimiter: z.string().length(1).default(',').describe('Field delimiter of the vendor file (`,`, `;`, `|` or a tab).'),
    encoding: z
      .enum(['utf-8', 'latin1'])
      .default('utf-8')
      .describe('Character encoding of the vendor file: `utf-8` (with or without BOM) or `latin1` (Windows-1252 exports).'),
  })
  .superRefine((m, ctx) => {
    const entity = entityByName(m.entity);
    if (!entity) {
      ctx.addIssue({ code: 'custom', path: ['entity'], message: `unknown entity "${m.entity}" (expected one of ${ENTITY_NAMES.join(', ')})` });
      return;
    }
    const known = new Set(entity.columns.map((c) => c.name));
    for (const key of ['columns', 'constants', 'values'] as const) {
      for (const col of Object.keys(m[key])) {
        if (!known.has(col)) {
          ctx.addIssue({ code: 'custom', path: [key, col], message: `"${col}" is not a column of ${m.entity} (columns: ${[...known].join(', ')})` });
        }
      }
    }
    for (const col of Object.keys(m.constants)) {
      if (col in m.columns) ctx.addIssue({ code: 'custom', path: ['constants', col], message: `"${col}" is both mapped and constant` });
    }
  });

export type CsvMapping = z.infer<typeof CsvMappingSchema>;
