// The lab worker's Cache API writes still under way, by graph key. The analysis worker reads the lab's compiled graph
// from the Cache API instead of compiling its own; opened on the lab's first result, it can ask before the write of
// that graph is done (a loaded CI runner did: the analysis tabs compiled a second copy). It waits for the write here.

const writing = new Map<string, { done: Promise<void>; settle(): void }>();

/** The lab worker started storing the graph under `key`. */
export function graphWriteStarted(key: string): void {
  if (writing.has(key)) return;
  let settle = () => {};
  const done = new Promise<void>((r) => (settle = r));
  writing.set(key, { done, settle });
}

/** The write under `key` ended (stored, or failed: then the reader compiles its own, as before). */
export function graphWriteEnded(key: string): void {
  writing.get(key)?.settle();
  writing.delete(key);
}

/** Every write under way ended with its worker (crashed or replaced): nobody will report them. */
export function graphWritesAbandoned(): void {
  for (const key of [...writing.keys()]) graphWriteEnded(key);
}

/** Settles once no write under `key` is under way. */
export function graphWritten(key: string): Promise<void> {
  return writing.get(key)?.done ?? Promise.resolve();
}
