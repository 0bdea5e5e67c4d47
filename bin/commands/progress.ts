// A one-line progress bar on stderr, redrawn in place with \r: count, rate and time left. Plain
// text (no dependency); redrawn at most 4 times a second on a terminal and every few seconds when
// stderr is a file or pipe, so a log does not fill with redraws.

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const two = (v: number) => String(v).padStart(2, "0");
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

export class Progress {
  private readonly t0 = performance.now();
  private last = -Infinity;
  private width = 0;
  private readonly every: number;

  constructor(private readonly total: number, private readonly out: NodeJS.WriteStream = process.stderr) {
    this.every = out.isTTY ? 250 : 5000;
  }

  /** `done` items finished; `note` is appended (e.g. the running accuracy). */
  update(done: number, note = "", force = false): void {
    const now = performance.now();
    if (!force && now - this.last < this.every) return;
    this.last = now;
    const elapsed = (now - this.t0) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const cells = 24;
    const full = Math.round((cells * done) / this.total);
    const bar = `[${"#".repeat(full)}${"-".repeat(cells - full)}]`;
    const pct = ((100 * done) / this.total).toFixed(0).padStart(3);
    const line = `${bar} ${pct}% ${done}/${this.total}  ${rate.toFixed(1)} images/s  ETA ${clock((this.total - done) / rate)}${note ? `  ${note}` : ""}`;
    this.out.write(`\r${line.padEnd(this.width)}`);
    this.width = line.length;
  }

  /** Ends a drawn line early (an error follows), so the message does not land after the bar. */
  interrupt(): void {
    if (this.width) this.out.write("\n");
    this.width = 0;
  }

  /** Final redraw and a newline, so whatever follows starts on its own line. */
  finish(done: number, note = ""): { seconds: number; rate: number } {
    this.update(done, note, true);
    this.out.write("\n");
    const seconds = (performance.now() - this.t0) / 1000;
    return { seconds, rate: done / Math.max(seconds, 1e-9) };
  }
}
