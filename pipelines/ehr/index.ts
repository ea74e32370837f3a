/**
 * EHR / practice-management CSV ingestion entry point (being built: zod schemas, mappings, rejects, merges).
 */
import type { Config } from '../../src/config.ts';
import type { LoadContext, ParseOutcome } from '../types.ts';
import { QuarantineError } from '../types.ts';

export interface CsvDetection {
  entity: string;
  mappingName?: string;
}

export function detectCsv(fileName: string, head: string, config: Config): CsvDetection | undefined {
  void head;
  void config;
  const m = /^([a-z_]+?)(?:[_\-.\d].*)?\.csv$/i.exec(fileName);
  return m ? { entity: m[1]!.toLowerCase() } : undefined;
}

export async function loadCsv(filePath: string, detection: CsvDetection, ctx: LoadContext): Promise<ParseOutcome> {
  void filePath;
  void ctx;
  throw new QuarantineError('UNSUPPORTED', `CSV ingestion of ${detection.entity} is not built yet`);
}
