/**
 * X12 ingest throughput: end-to-end (parse + validate + committed DuckDB load through the real Ingestor) on large
 * synthetic 835 and 837P files, against node-x12's `parse()` on the same bytes (parse only, no load).
 *
 *   node --import tsx test/x12/bench/x12-throughput.ts [MB=50] [--no-node-x12] [--only=835|837]
 *
 * Prints MB/s and peak RSS. Files are written to .bench/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempWarehouse } from '../../helpers/warehouse.ts';
import { bill837, claim835, DEFAULT_DELIMS, file835, file837, interchangeSegments, line835, remit835 } from '../builder.ts';

const args = process.argv.slice(2);
const mb = Number(args.find((a) => /^\d+$/.test(a)) ?? 50);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const skipNodeX12 = args.includes('--no-node-x12');
const dir = path.resolve('.bench');
fs.mkdirSync(dir, { recursive: true });

function write(file: string, segsFor: (i: number) => string[], head: string[], tail: string[]): number {
  const fd = fs.openSync(file, 'w');
  const t = DEFAULT_DELIMS.terminator + '\n';
  let bytes = 0;
  let count = 0;
  const out = (s: string) => {
    fs.writeSync(fd, s);
    bytes += s.length;
  };
  out(head.map((s) => s + t).join(''));
  count += head.length;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const segs = segsFor(i);
    count += segs.length;
    out(segs.map((s) => s + t).join(''));
  }
  // tail: SE with the real count (ST..SE), GE, IEA
  const st = head.findIndex((s) => s.startsWith('ST*'));
  const setSegs = count - st + tail.length - 2;
  out(tail.map((s) => s.replace('SE*0*', `SE*${setSegs}*`) + t).join(''));
  fs.closeSync(fd);
  return bytes;
}

function make835(file: string): void {
  let paid = 0;
  const claims = (i: number) => {
    const c = claim835(`PCN${i}*1*300*200*20*12*PAYERCLM${i}*11*1`, {
      memberId: `ZCM${100000000 + i}`,
      lines: [
        line835('HC:97110:GP*150*100**2', { cas: ['CAS*CO*45*40*2', 'CAS*PR*2*10'], ref6r: `L${i}A`, allowed: '110' }),
        line835('HC:97140:GP:59*150*100**2', { cas: ['CAS*CO*45*40', 'CAS*PR*2*10'], ref6r: `L${i}B`, allowed: '110' }),
      ],
    });
    paid += 200;
    return c;
  };
  const all = interchangeSegments(file835(remit835({ amount: 'AMOUNT', trn02: 'BENCH835', claims: [] })));
  const st = all.findIndex((s) => s.startsWith('ST*'));
  const se = all.findIndex((s) => s.startsWith('SE*'));
  const head = [...all.slice(0, se), 'LX*1'];
  const tail = ['SE*0*0001', ...all.slice(se + 1)];
  void st;
  write(file, claims, head, tail);
  // fix BPR02 (Σ CLP04) in place: same width trick — rewrite the head
  const text = fs.readFileSync(file, 'latin1').replace('BPR*I*AMOUNT*', `BPR*I*${paid}*`);
  fs.writeFileSync(file, text, 'latin1');
}

function make837(file: string): void {
  const all = interchangeSegments(file837(bill837({ claims: [] })));
  const se = all.findIndex((s) => s.startsWith('SE*'));
  const head = all.slice(0, se);
  const tail = ['SE*0*0001', ...all.slice(se + 1)];
  write(
    file,
    (i) =>
      bill837({
        claims: [
          {
            clm01: `PCN${i}`,
            charge: '300',
            lines: [
              { sv1: 'HC:97110:GP*150*UN*2***1', refs: [`REF*6R*L${i}A`] },
              { sv1: 'HC:97140:GP:59*150*UN*2***1', refs: [`REF*6R*L${i}B`] },
            ],
          },
        ],
      })
        .slice(4)
        .map((s) => (s.startsWith('HL*1**20') ? `HL*${2 * i + 3}**20*1` : s.startsWith('HL*2*1*22') ? `HL*${2 * i + 4}*${2 * i + 3}*22*0` : s)),
    head,
    tail,
  );
}

async function run(kind: '835' | '837'): Promise<void> {
  const file = path.join(dir, `bench-${kind}-${mb}mb.edi`);
  if (!fs.existsSync(file)) (kind === '835' ? make835 : make837)(file);
  const size = fs.statSync(file).size;
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const tw = tempWarehouse();
  const t0 = performance.now();
  const [r] = await tw.ingest([file]);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const counts = await tw.tableCounts();
  tw.cleanup();
  console.log(`${kind}: ${(size / 1e6).toFixed(1)} MB ${r!.status} ${r!.code ?? ''} in ${(ms / 1000).toFixed(2)} s = ${(size / 1e6 / (ms / 1000)).toFixed(1)} MB/s end-to-end; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; rows ${r!.rows}`);
  if (r!.status !== 'loaded') console.log(r!.reason);
  void counts;
  if (!skipNodeX12) {
    const { X12Parser } = await import('node-x12');
    const text = fs.readFileSync(file, 'utf8');
    const t1 = performance.now();
    new X12Parser(true).parse(text);
    const ms1 = performance.now() - t1;
    console.log(`${kind}: node-x12 parse() ${(ms1 / 1000).toFixed(2)} s = ${(size / 1e6 / (ms1 / 1000)).toFixed(1)} MB/s (parse only); ratio ${(ms1 / ms).toFixed(1)}×`);
  }
}

for (const k of ['835', '837'] as const) if (!only || only === k) await run(k);
