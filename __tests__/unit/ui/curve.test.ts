import { describe, expect, test } from '@jest/globals';
import { appModule } from './app-modules.js';

interface Curve {
  curvePoints: (history: unknown[]) => { step: number; value: number | null }[];
  isCurve: (history: unknown[]) => boolean;
  describeCurve: (key: string, points: { step: number; value: number | null }[]) => string;
}
const { curvePoints, isCurve, describeCurve } = await appModule<Curve>('curve.js');

describe('a metric history as a curve', () => {
  test('points in step order; MLflow\'s "NaN" and infinities are gaps; one step is no curve', () => {
    const history = [
      { key: 'loss', value: 0.5, step: 2, timestamp: 3 },
      { key: 'loss', value: 'NaN', step: 1, timestamp: 2 },
      { key: 'loss', value: 2, step: 0, timestamp: 1 },
    ];
    expect(curvePoints(history)).toEqual([
      { step: 0, value: 2 },
      { step: 1, value: null },
      { step: 2, value: 0.5 },
    ]);
    expect(isCurve(history)).toBe(true);
    expect(
      isCurve([
        { value: 1, step: 0 },
        { value: 2, step: 0 },
      ]),
    ).toBe(false);
    expect(describeCurve('loss', curvePoints(history))).toBe('loss over 3 points: 2 at step 0, 0.5 at step 2; lowest 0.5, highest 2');
  });
});
