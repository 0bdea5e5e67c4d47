// The bench's one median: the upper middle of a sorted copy (for the odd repetition counts the sections use, the
// median); NaN for no samples, so a section that measured nothing prints "n/a" instead of throwing.
export const median = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
