/** Σ dᵢ·wᵢ over the leading digits of `digits`, one weight per digit. */
export function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += Number(digits[i]) * (weights[i] ?? 0);
  }
  return sum;
}
