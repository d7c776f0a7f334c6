import { describe, expect, test } from '@jest/globals';
import { appModule } from './app-modules.js';

interface Clause {
  clause: string;
  threshold: number;
  estimate: number | undefined;
  lower: number;
  upper: number;
  value: string;
  comparison: string;
  confidence: number | undefined;
}
interface Geometry {
  low: number;
  high: number;
  decimals: number;
  lowerX: number;
  upperX: number;
  thresholdX: number;
  estimateX: number | undefined;
  openLower: boolean;
  openUpper: boolean;
}
interface NumberLine {
  WIDTH: number;
  MARGIN: number;
  readClause: (clause: unknown) => Clause | undefined;
  numberLineGeometry: (clause: Clause) => Geometry;
  describeClause: (clause: Clause) => string;
}
const { WIDTH, MARGIN, readClause, numberLineGeometry, describeClause } = await appModule<NumberLine>('number-line.js');

/** A clause as gate-result.json holds it (JSON writes an infinite bound as null). */
const recorded = (interval: [number | null, number | null], threshold: number, estimate: number | null = null, value = 'true') => ({
  clause: 'n - o > 0.01',
  comparison: '>',
  threshold,
  tolerance: 0.02,
  estimate,
  interval,
  confidence: 0.99,
  value,
});

describe("the decision's number line", () => {
  test('the axis spans the interval, threshold and estimate, padded by 15% each side as in the summary text chart', () => {
    const clause = readClause(recorded([0.02, 0.06], 0.01, 0.04))!;
    const line = numberLineGeometry(clause);
    expect(line.low).toBeCloseTo(0.01 - 0.0075, 12);
    expect(line.high).toBeCloseTo(0.06 + 0.0075, 12);
    expect(line.decimals).toBe(3);
    // Left to right: threshold, lower end, estimate, upper end, all inside the drawing.
    expect(line.thresholdX).toBeLessThan(line.lowerX);
    expect(line.lowerX).toBeLessThan(line.estimateX!);
    expect(line.estimateX!).toBeLessThan(line.upperX);
    expect(line.thresholdX).toBeGreaterThan(MARGIN);
    expect(line.upperX).toBeLessThan(WIDTH - MARGIN);
    // Positions are proportional to the values.
    const scale = (line.upperX - line.lowerX) / (0.06 - 0.02);
    expect(line.estimateX! - line.lowerX).toBeCloseTo(scale * 0.02, 9);
  });

  test('an unbounded end (null in the JSON) lies open at the edge of the axis; a narrow range gets at least 0.005 of padding', () => {
    const clause = readClause(recorded([null, 0.012], 0.01, 0.011, 'unknown'))!;
    expect(clause.lower).toBe(-Infinity);
    const line = numberLineGeometry(clause);
    expect(line.openLower).toBe(true);
    expect(line.openUpper).toBe(false);
    expect(line.low).toBeCloseTo(0.01 - 0.005, 12);
    expect(line.lowerX).toBeLessThan(line.thresholdX);
    expect(line.lowerX).toBe(MARGIN);
    expect(describeClause(clause)).toBe('n - o > 0.01 not decided: 99% interval [−∞, 0.012], estimate 0.011, threshold > 0.01');
  });

  test('a clause without a finite threshold or a two-ended interval is not drawn', () => {
    expect(readClause(recorded([0.1, 0.2], Number.NaN))).toBeUndefined();
    expect(readClause({ ...recorded([0.1, 0.2], 0.1), interval: [0.1] })).toBeUndefined();
    expect(readClause('<svg onload=alert(1)>')).toBeUndefined();
  });
});
