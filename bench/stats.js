// Statistics for the benchmarks' printed figures, shared so that every section means the same
// thing by the same word. Each definition is the one its sections computed before they shared
// it, so published figures keep their meaning; where two sections meant different things (an
// averaged median against one that is always a measured sample), both are here, named apart.
// Inputs are never modified; lists are assumed free of NaN.

/** @param {readonly number[]} values */
function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

/**
 * The median, averaging the two middle values of an even count (the textbook definition).
 *
 * @param {readonly number[]} values
 * @param {number} [empty] what an empty list gives (NaN unless the caller says otherwise)
 */
export function median(values, empty = Number.NaN) {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? empty) : ((s[mid - 1] ?? empty) + (s[mid] ?? empty)) / 2;
}

/**
 * The upper median: for an even count the higher middle value, not an average, so the figure is
 * always one measured run (the same as {@link median} for an odd count); NaN when empty.
 *
 * @param {readonly number[]} values
 */
export function medianUpper(values) {
  return sorted(values)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/**
 * Nearest-rank quantile, sorted[⌈q·n⌉ − 1]: the smallest sample with at least a fraction `q` of
 * the samples at or below it, so a p99 is a latency that actually happened, never interpolated;
 * NaN when empty (and for q = 0).
 *
 * @param {readonly number[]} values
 * @param {number} q between 0 and 1
 */
export function quantileNearestRank(values, q) {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
}

/**
 * Lower quantile, sorted[⌊q·(n − 1)⌋]: the sample at or just below where linear interpolation
 * (Excel's and NumPy's default) would fall, without interpolating; used for quartile spreads.
 *
 * @param {readonly number[]} values
 * @param {number} q between 0 and 1
 * @param {number} [empty] what an empty list gives (NaN unless the caller says otherwise)
 */
export function quantileLower(values, q, empty = Number.NaN) {
  const s = sorted(values);
  return s[Math.floor(q * (s.length - 1))] ?? empty;
}

/**
 * Median ({@link median}) of the per-round ratios a[i] / b[i]: rounds run the candidates back to
 * back, so this cancels most of the drift a shared machine adds; a missing b[i] counts as NaN.
 *
 * @param {readonly number[]} a
 * @param {readonly number[]} b
 * @param {number} [empty] what no rounds give (NaN unless the caller says otherwise)
 */
export function pairedRatio(a, b, empty = Number.NaN) {
  return median(a.map((value, i) => value / (b[i] ?? Number.NaN)), empty);
}

/**
 * The sum, added left to right (the order of the list, so the rounding is the same every time).
 *
 * @param {readonly number[]} values
 */
export function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Table cells `median | min | max`, whole numbers ({@link median}; min and max are Infinity and
 * -Infinity when empty).
 *
 * @param {readonly number[]} values
 * @param {number} [empty] the median of an empty list (NaN unless the caller says otherwise)
 */
export function medianMinMaxCells(values, empty = Number.NaN) {
  return `${median(values, empty).toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)}`;
}

/**
 * One table cell of per-phase medians over runs, `name ms · name ms`, whole numbers, in the
 * order of the first run's phases (a phase missing from a run counts as NaN there).
 *
 * @param {ReadonlyArray<Readonly<Record<string, number>>>} runs
 */
export function phaseMedians(runs) {
  return Object.keys(runs[0] ?? {}).map((name) => `${name} ${median(runs.map((p) => p[name] ?? Number.NaN)).toFixed(0)}`).join(' · ');
}
