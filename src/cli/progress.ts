/**
 * A one-line progress display on stderr, shown only when stderr is a TTY (logs and pipes stay clean).
 */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly started = performance.now();
  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(what: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const secs = (now - this.started) / 1000;
    const line = `[${this.label}] [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${what} ${secs.toFixed(0)}s`;
    const cols = this.stream.columns ?? 100;
    this.stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length))}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown && this.enabled) {
      this.stream.write('\r\x1b[K');
      this.shown = false;
    }
  }
}

/** The lock-wait notice every warehouse command prints (stderr) while another process holds the warehouse. */
export function waitingFor(ctx: { err: (s: string) => void }): (holder: { pid: number; purpose: string; since: string } | undefined) => void {
  return (h) => ctx.err(h ? `waiting for the warehouse lock held by pid ${h.pid} (${h.purpose}) since ${h.since}…` : 'waiting for the warehouse…');
}
