/**
 * EHR / practice-management CSV ingestion: the entry points the ingest orchestrator calls.
 *
 * - `detectCsv(fileName, head, config)`: which entity a file is (file-name prefix, header, or a vendor mapping).
 * - `loadCsv(filePath, detection, ctx)`: stream, validate, reject bad rows, merge by primary key, in the file's
 *   transaction; throws a QuarantineError (CSV_STRUCTURAL, CSV_REJECT_RATE) to hold the whole file.
 *
 * The formats are defined once, as zod schemas, in `schemas.ts`; docs/formats.md is generated from them.
 */
export { detectCsv, type CsvDetection } from './detect.ts';
export { loadCsv } from './load-csv.ts';
