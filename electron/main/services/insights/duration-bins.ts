/**
 * Durations as logarithmic bins (16 per doubling, each about 4.4% wide), so percentiles over
 * any number of runs and any time range come from summed bin counts. Durations are whole
 * milliseconds (the engine's clock): bin 0 holds "under 1 ms", bin 1 + ⌊16·log2(ms)⌋ the rest.
 */
export const BINS_PER_DOUBLING = 16;
const LAST_BIN = 1 + BINS_PER_DOUBLING * 32;

export function durationBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(LAST_BIN, 1 + Math.floor(Math.log2(ms) * BINS_PER_DOUBLING));
}

/** A bin's representative duration: its geometric middle (0 for "under 1 ms"). */
export function binDuration(bin: number): number {
  if (bin <= 0) return 0;
  return 2 ** ((bin - 1 + 0.5) / BINS_PER_DOUBLING);
}

/** The duration under which a fraction `q` of the counted runs fall. `bins` is sorted by bin. */
export function percentileOfBins(bins: ReadonlyArray<{ bin: number; count: number }>, q: number): number | null {
  const total = bins.reduce((sum, entry) => sum + entry.count, 0);
  if (total <= 0) return null;
  const target = q * total;
  let seen = 0;
  for (const entry of bins) {
    seen += entry.count;
    if (seen >= target) return binDuration(entry.bin);
  }
  return binDuration(bins.at(-1)!.bin);
}
