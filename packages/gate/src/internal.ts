// The gate's building blocks, for its tests and benchmarks: samplers, exact tails, special functions. Other packages
// use the index.
export { sampleBinomial, sampleMultinomial } from './binomial.js';
export { binomialUpperTail, pairedRejects } from './exact.js';
export { pairedBootstrap } from './intervals.js';
export { createRandom } from './random.js';
export { hoeffdingHalfWidth } from './sample-size.js';
export { logChoose, logFactorial, normalQuantile } from './special.js';
export { latencyInterval, quantileBounds } from './latency.js';
export { calibrationInterval, calibrationItemsRequired, ECE_BINS, expectedCalibrationError } from './calibration-metrics.js';
