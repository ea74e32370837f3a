/**
 * X12 ingestion entry point (being built: streaming reader, spec-driven transaction mappers, validation).
 */
import type { LoadContext, ParseOutcome } from '../types.ts';
import { QuarantineError } from '../types.ts';

export async function loadX12(source: AsyncIterable<Buffer>, ctx: LoadContext): Promise<ParseOutcome> {
  void source;
  void ctx;
  throw new QuarantineError('UNSUPPORTED', 'X12 ingestion is not built yet');
}
