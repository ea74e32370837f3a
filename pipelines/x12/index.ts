/**
 * X12 ingestion entry point: stream the file through the tokenizer (reader.ts), the envelope checks (envelope.ts),
 * the spec-driven loop walker and element validation (walker.ts, validate-element.ts, specs/) and the transaction
 * mappers (mappers/), which emit raw rows to the file's bulk loader as they go. Memory stays bounded by one loop's
 * segments (999 sets by one set); inserts overlap parsing (`drain()` after each chunk). Any structural problem throws
 * a QuarantineError: the orchestrator rolls the file's transaction back, so nothing of it is loaded.
 *
 * Segments are views over the chunks (segment.ts), and the segments a loop keeps may point into earlier chunks: a
 * source must not reuse or modify a chunk's memory after yielding it (`fs.createReadStream` allocates a new buffer
 * per read).
 */
import { crashPoint } from '../../src/testing/crash-point.ts';
import type { LoadContext, ParseOutcome } from '../types.ts';
import { EnvelopeProcessor } from './envelope.ts';
import { X12Reader } from './reader.ts';

/** How many payer|TRN02 keys the ledger's business_key lists before summarising. */
const MAX_KEYS = 20;

export async function loadX12(source: AsyncIterable<Buffer>, ctx: LoadContext): Promise<ParseOutcome> {
  const reader = new X12Reader(undefined, { unwrapLines: ctx.config.x12.unwrapLines });
  const env = new EnvelopeProcessor(ctx, reader);
  reader.handler = env;
  for await (const chunk of source) {
    reader.push(chunk);
    ctx.progress(reader.consumed);
    await ctx.loader.drain();
    crashPoint('x12-chunk');
  }
  reader.end();
  ctx.progress(reader.consumed);

  const kind = env.firstKind ?? env.groupKind ?? 'x12';
  const keys = env.businessKeys;
  const businessKey = keys.length
    ? keys.length > MAX_KEYS
      ? `${keys.slice(0, MAX_KEYS).join(',')},… (+${keys.length - MAX_KEYS} more)`
      : keys.join(',')
    : undefined;
  const note = env.setCount === 0 ? 'no transaction sets in the file' : env.setCount > 1 ? `${env.setCount} transaction sets` : undefined;
  return { kind, ...(businessKey ? { businessKey } : {}), ...(note ? { note } : {}) };
}
