import { binomialCdf, normalQuantile } from './special.js';

export interface McNemarResult {
  /** Items the new model gets right and the old model wrong. */
  newRightOldWrong: number;
  /** Items the old model gets right and the new model wrong. */
  newWrongOldRight: number;
  /** Exact two-sided p-value: the two models are equally accurate. */
  pValue: number;
  /** Exact one-sided p-value: the new model is not more accurate. */
  pValueImprovement: number;
}

/** McNemar's exact test on the discordant pairs (a binomial test with p = 1/2). */
export function mcnemarExact(newRightOldWrong: number, newWrongOldRight: number): McNemarResult {
  const discordant = newRightOldWrong + newWrongOldRight;
  const smaller = Math.min(newRightOldWrong, newWrongOldRight);
  const pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomialCdf(smaller, discordant, 0.5));
  // P(X >= b) = P(X <= D - b) for X ~ Binomial(D, 1/2): no cancellation for small p-values.
  const pValueImprovement = discordant === 0 ? 1 : binomialCdf(discordant - newRightOldWrong, discordant, 0.5);
  return { newRightOldWrong, newWrongOldRight, pValue, pValueImprovement };
}

/** The Wilson score interval for a proportion, two-sided at `confidence`. */
export function wilsonInterval(successes: number, total: number, confidence: number): [number, number] {
  if (total === 0) return [0, 1];
  const z = normalQuantile(1 - Math.max(1e-15, 1 - confidence) / 2);
  const p = successes / total;
  const z2n = (z * z) / total;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / (1 + z2n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
