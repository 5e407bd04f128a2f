/** Timing for the benches: the median and 95th percentile of `n` runs of `fn`, in milliseconds. */
export async function percentiles(
  fn: () => Promise<unknown>,
  n: number,
  o: { warmUp?: boolean } = {},
): Promise<{ p50: number; p95: number }> {
  // A first run outside the samples, where caches and prepared statements would make it the outlier.
  if (o.warmUp) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return { p50: pct(50), p95: pct(95) };
}
