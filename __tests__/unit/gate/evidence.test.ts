import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import {
  countPairs,
  evaluateGate,
  parseCondition,
  renderGateMarkdown,
  renderGateText,
  resolveSettings,
  type GateEvidence,
  type ModelEvidence,
} from '@mlops-actions/gate';
import { classTestSet, gateOn } from '../../helpers/class-test-set.js';

function configurationError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isConfigurationError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

const NO_SLICE_WORSE = 'forall class: n[class] - o[class] > -0.02 +/- 0.02';

describe('forall class', () => {
  // Better overall (0.89 vs 0.8725) but 5 points worse on ships.
  const worseOnShips = classTestSet([
    { name: 'cat', items: 40_000, newRight: 0.92, oldRight: 0.88 },
    { name: 'dog', items: 40_000, newRight: 0.92, oldRight: 0.88 },
    { name: 'bird', items: 40_000, newRight: 0.92, oldRight: 0.88 },
    { name: 'ship', items: 40_000, newRight: 0.8, oldRight: 0.85 },
  ]);

  test('a challenger better overall but 5 points worse on one class is rejected, the reason naming the class', () => {
    const result = gateOn(NO_SLICE_WORSE, worseOnShips);
    expect(result.n).toBeGreaterThan(result.o!);
    expect(result.decision).toBe('reject');
    expect(result.reason).toMatch(
      /^rejected: n\[ship\] − o\[ship\] = −0\.05, 99\.\d+% interval \[−0\.0\d+, −0\.0\d+\] is below −0\.02 \(class ship\)$/,
    );
    // One row per class, each at a quarter of δ; the other classes hold.
    expect(result.clauses.map((c) => [c.clause, c.value])).toEqual([
      ['n[cat] - o[cat] > -0.02 +/- 0.02', 'true'],
      ['n[dog] - o[dog] > -0.02 +/- 0.02', 'true'],
      ['n[bird] - o[bird] > -0.02 +/- 0.02', 'true'],
      ['n[ship] - o[ship] > -0.02 +/- 0.02', 'false'],
    ]);
    expect(result.clauses[0]!.confidence).toBeCloseTo(1 - 0.01 / 4, 12);
    expect(result.clauses[3]).toMatchObject({ metric: 'accuracy', slice: { kind: 'class', name: 'ship', items: 40_000, tooSmall: false } });
  });

  test('the slice table is worst first, with each model’s accuracy on the slice', () => {
    const mixed = classTestSet([
      { name: 'cat', items: 40_000, newRight: 0.9, oldRight: 0.88 },
      { name: 'dog', items: 40_000, newRight: 0.95, oldRight: 0.85 },
      { name: 'ship', items: 40_000, newRight: 0.8, oldRight: 0.85 },
      { name: 'bird', items: 40_000, newRight: 0.86, oldRight: 0.86 },
    ]);
    const [table] = gateOn(NO_SLICE_WORSE, mixed).slices!;
    expect(table!.clause).toBe(NO_SLICE_WORSE);
    expect(table!.rows.map((row) => row.name)).toEqual(['ship', 'bird', 'cat', 'dog']);
    expect(table!.rows[0]).toMatchObject({ items: 40_000, value: 'false', tooSmall: false });
    expect(table!.rows[0]!.n).toBeCloseTo(0.8, 12);
    expect(table!.rows[0]!.o).toBeCloseTo(0.85, 12);
  });

  test('an undecided slice whose interval is wider than the tolerance is too small to judge, with the items it would need', () => {
    const evidence = classTestSet([
      { name: 'cat', items: 40_000, newRight: 0.92, oldRight: 0.88 },
      { name: 'rare', items: 200, newRight: 0.82, oldRight: 0.85 },
      { name: 'absent', items: 0, newRight: 0, oldRight: 0 },
    ]);
    const result = gateOn(NO_SLICE_WORSE, evidence);
    const rare = result.clauses.find((c) => c.slice?.name === 'rare')!;
    const absent = result.clauses.find((c) => c.slice?.name === 'absent')!;
    expect(rare.slice!.tooSmall).toBe(true);
    // Its interval, about ± 0.045 on 200 items, scaled as 1/√N to ± 0.02.
    const halfWidth = Math.max(rare.estimate - rare.interval[0], rare.interval[1] - rare.estimate);
    expect(rare.slice!.itemsRequired).toBe(Math.ceil(200 * (halfWidth / 0.02) ** 2));
    expect(rare.slice!.itemsRequired).toBeGreaterThan(1_000);
    expect(rare.value).toBe('unknown');
    expect(absent.slice).toMatchObject({ items: 0, tooSmall: true });
    expect(absent.value).toBe('unknown');
    expect(result.decision).toBe('reject');
    expect(result.reason).toContain(`(class rare, too small to judge: 200 items, ${rare.slice!.itemsRequired} needed)`);
    const note = result.notes.find((n) => n.startsWith('Too small to judge'))!;
    expect(note).toContain(`class rare in 'n[rare] - o[rare] > -0.02 +/- 0.02' has 200 items, needs ${rare.slice!.itemsRequired}`);
    expect(note).toContain('class absent');
    // fn-free passes undecided clauses, but the table still says which slices were too small.
    const lenient = gateOn(NO_SLICE_WORSE, evidence, { mode: 'fn-free' });
    expect(lenient.decision).toBe('promote');
    expect(lenient.slices![0]!.rows.filter((row) => row.tooSmall).map((row) => row.name)).toEqual(['rare', 'absent']);
  });

  test('a small slice whose interval already lies beyond the threshold is decided: its interval holds at its share of δ', () => {
    const evidence = classTestSet([
      { name: 'cat', items: 40_000, newRight: 0.92, oldRight: 0.88 },
      { name: 'worse', items: 2_000, newRight: 0.5, oldRight: 0.9 },
      { name: 'better', items: 200, newRight: 0.95, oldRight: 0.85 },
    ]);
    const result = gateOn(NO_SLICE_WORSE, evidence);
    const slice = (name: string) => result.clauses.find((c) => c.slice?.name === name)!;
    expect(slice('worse')).toMatchObject({ value: 'false', slice: { tooSmall: false } });
    expect(slice('better')).toMatchObject({ value: 'true', slice: { tooSmall: false } });
    expect(slice('better').interval[0]).toBeGreaterThan(-0.02);
  });

  test('under method bootstrap, slices are still decided by the exact tests: four items all right prove nothing', () => {
    const evidence = classTestSet([
      { name: 'cat', items: 40_000, newRight: 0.92, oldRight: 0.88 },
      { name: 'tiny', items: 4, newRight: 1, oldRight: 1 },
    ]);
    const result = gateOn('forall class: n[class] > 0.8 +/- 0.1', evidence, { method: 'bootstrap', samples: 2000 });
    const tiny = result.clauses.find((c) => c.slice?.name === 'tiny')!;
    // A bootstrap would resample four right answers to [1, 1]; the exact interval reaches far below 0.8.
    expect(tiny.method).toBe('clopper-pearson');
    expect(tiny.interval[0]).toBeLessThan(0.5);
    expect(tiny).toMatchObject({ value: 'unknown', slice: { tooSmall: true } });
    expect(result.decision).toBe('reject');
  });

  test('a pass names each forall clause once, by its closest slice and the number of slices', () => {
    const evidence = classTestSet([
      { name: 'cat', items: 20_000, newRight: 0.92, oldRight: 0.88 },
      { name: 'dog', items: 20_000, newRight: 0.9, oldRight: 0.89 },
      { name: 'fox', items: 20_000, newRight: 0.95, oldRight: 0.85 },
    ]);
    const result = gateOn(NO_SLICE_WORSE, evidence);
    expect(result.decision).toBe('promote');
    expect(result.reason).toMatch(/^passed: every class of 3, the closest n\[dog\] − o\[dog\] = 0\.01, .* is above −0\.02 \(class dog\)$/);
  });

  test('a slice name with a line break cannot start a workflow command in the log: it is shown escaped', () => {
    const evidence = classTestSet([
      { name: 'cat', items: 20_000, newRight: 0.92, oldRight: 0.88 },
      { name: 'x\n::warning::owned', items: 20_000, newRight: 0.5, oldRight: 0.9 },
    ]);
    const result = gateOn(NO_SLICE_WORSE, evidence);
    expect(result.reason).toContain('(class x\\u000a::warning::owned)');
    expect(result.reason).not.toContain('\n');
  });

  test('forall group: groups with no items are no slices; items in no group belong to none', () => {
    const evidence = classTestSet([
      { name: 'a', items: 30_000, newRight: 0.9, oldRight: 0.9 },
      { name: 'b', items: 30_000, newRight: 0.9, oldRight: 0.9 },
    ]);
    const ofItem = Int32Array.from(evidence.labels, (label, i) => (i % 10 === 0 ? -1 : label));
    const result = gateOn('forall group: n[group] > 0.8 +/- 0.05', { ...evidence, groups: { names: ['north', 'south', 'empty'], ofItem } });
    expect(result.slices![0]!.rows.map((row) => [row.name, row.items])).toEqual([
      ['north', 27_000],
      ['south', 27_000],
    ]);
    expect(result.decision).toBe('promote');
    expect(configurationError(() => gateOn('forall group: n[group] > 0.8 +/- 0.05', evidence))).toContain('give the groups input');
  });
});

describe('top-K, recall, precision', () => {
  test('n@K is decided on the label ranks, paired', () => {
    const evidence = classTestSet([
      { name: 'a', items: 5_000, newRight: 0.6, oldRight: 0.6 },
      { name: 'b', items: 5_000, newRight: 0.6, oldRight: 0.6 },
      { name: 'c', items: 5_000, newRight: 0.6, oldRight: 0.6 },
    ]);
    // The new model has its label in its top 2 on 95% of items, the old on 80%.
    const ranks = (share: number): Int32Array =>
      Int32Array.from(evidence.labels, (_, i) => (evidence.new.predictions[i] === evidence.labels[i] ? 0 : i % 100 < share * 100 ? 1 : 2));
    evidence.new.labelRank = ranks(0.95);
    evidence.old!.labelRank = ranks(0.8);
    const result = gateOn('n@2 - o@2 > 0.05 +/- 0.02', evidence);
    expect(result.clauses[0]).toMatchObject({ metric: 'accuracy@2', value: 'true', method: 'exact-score' });
    expect(result.metrics!.topK).toEqual([{ k: 2, n: expect.closeTo(0.98, 2), o: expect.closeTo(0.92, 2) }]);
    expect(gateOn('n@2 - o@2 > 0.1 +/- 0.02', evidence).decision).toBe('reject');
  });

  test('n@K with K at least the number of classes is refused: every label is within the top K', () => {
    const evidence = classTestSet([
      { name: 'a', items: 100, newRight: 0.6, oldRight: 0.6 },
      { name: 'b', items: 100, newRight: 0.6, oldRight: 0.6 },
      { name: 'c', items: 100, newRight: 0.6, oldRight: 0.6 },
    ]);
    evidence.new.labelRank = Int32Array.from(evidence.labels, () => 0);
    evidence.old!.labelRank = Int32Array.from(evidence.labels, () => 0);
    expect(configurationError(() => gateOn('n@3 > 0.9 +/- 0.05', evidence))).toContain(
      'asks for top-3 accuracy, but the test set has only 3 classes: every label is within the top 3',
    );
  });

  const binary = (newPositives: number[], oldPositives: number[], labels: number[]): GateEvidence => ({
    classes: ['negative', 'positive'],
    labels: Int32Array.from(labels),
    new: { predictions: Int32Array.from(newPositives) },
    old: { predictions: Int32Array.from(oldPositives) },
  });
  // 4,000 items, 2,000 positive. New: finds 1,900 positives, 100 false alarms. Old: finds 1,700, 300 false alarms.
  const labels = Array.from({ length: 4_000 }, (_, i) => (i < 2_000 ? 1 : 0));
  const detector = binary(
    labels.map((label, i) => (label === 1 ? (i < 1_900 ? 1 : 0) : i < 2_100 ? 1 : 0)),
    labels.map((label, i) => (label === 1 ? (i < 1_700 ? 1 : 0) : i < 2_300 ? 1 : 0)),
    labels,
  );

  test('recall is paired accuracy on the positive items', () => {
    const result = gateOn('recall(new) - recall(old) > 0.05 +/- 0.02', detector);
    expect(result.clauses[0]).toMatchObject({ metric: 'recall', value: 'true', method: 'exact-score' });
    expect(result.clauses[0]!.estimate).toBeCloseTo(0.1, 12);
    expect(gateOn('recall(new) > 0.97 +/- 0.02', detector).clauses[0]!.value).toBe('false');
    expect(result.metrics!.recall).toEqual({ new: 0.95, old: 0.85 });
  });

  test('precision: Clopper–Pearson for one model, a union bound for the difference', () => {
    const one = gateOn('precision(new) > 0.93 +/- 0.02', detector).clauses[0]!;
    expect(one).toMatchObject({ metric: 'precision', method: 'clopper-pearson', value: 'true' });
    expect(one.estimate).toBeCloseTo(0.95, 12);
    const difference = gateOn('precision(new) - precision(old) > 0.05 +/- 0.03', detector).clauses[0]!;
    expect(difference.estimate).toBeCloseTo(0.95 - 1_700 / 2_000, 12);
    expect(difference.value).toBe('true');
    expect(difference.interval[0]).toBeLessThan(difference.estimate);
    expect(gateOn('precision(new) - precision(old) > 0.15 +/- 0.03', detector).clauses[0]!.value).toBe('false');
  });

  test('recall and precision are for binary classifiers only', () => {
    const three = classTestSet([
      { name: 'a', items: 10, newRight: 1, oldRight: 1 },
      { name: 'b', items: 10, newRight: 1, oldRight: 1 },
      { name: 'c', items: 10, newRight: 1, oldRight: 1 },
    ]);
    expect(configurationError(() => gateOn('recall(new) > 0.5 +/- 0.1', three))).toContain(
      'binary classifiers (2 labels); this test set has 3 classes',
    );
  });
});

describe('latency and size', () => {
  const withTimes = (newMs: number[], oldMs: number[], bytes?: [number, number]): GateEvidence => {
    const evidence = classTestSet([{ name: 'a', items: 100, newRight: 0.9, oldRight: 0.9 }]);
    const model = (ms: number[], size: number | undefined): Partial<ModelEvidence> => ({
      batchMs: Float64Array.from(ms),
      batchSize: 32,
      ...(size === undefined ? {} : { bytes: size }),
    });
    return { ...evidence, new: { ...evidence.new, ...model(newMs, bytes?.[0]) }, old: { ...evidence.old!, ...model(oldMs, bytes?.[1]) } };
  };
  const times = (centre: number, count: number): number[] => Array.from({ length: count }, (_, i) => centre + ((i * 7) % 11) / 10);

  test('a slower model is rejected by a latency clause, a faster one passes', () => {
    const faster = gateOn('latency(new) < 1.2 * latency(old)', withTimes(times(10, 200), times(10, 200)));
    expect(faster.clauses[0]).toMatchObject({ metric: 'latency-p50', method: 'order-statistics', value: 'true', tolerance: null });
    const slower = gateOn('latency(new) < 1.2 * latency(old)', withTimes(times(15, 200), times(10, 200)));
    expect(slower.clauses[0]!.value).toBe('false');
    expect(slower.decision).toBe('reject');
    expect(slower.metrics!.latency).toMatchObject({ batchSize: 32, batches: 200 });
    expect(slower.metrics!.latency!.p50.new).toBeGreaterThan(15);
  });

  test('too few batches to bound a p95 leave the clause undecided', () => {
    const result = gateOn('latency(new, p95) < 25 ms', withTimes(times(10, 3), times(10, 3)));
    expect(result.clauses[0]!.interval[1]).toBe(Infinity);
    expect(result.clauses[0]!.value).toBe('unknown');
    expect(renderGateText(result)).toContain('∞');
    // 0.95^n ≤ δ = 0.01 from n = 90: the note says so, and 90 batches do bound it.
    expect(result.notes).toContain(
      "'latency(new, p95) < 25 ms' cannot be bounded on 3 batches per model at its share of δ: a p95 needs at least 90 timed batches. " +
        'Raise latency-rounds (the batches evaluate-promote times per model), or bound the median (p50).',
    );
    expect(gateOn('latency(new, p95) < 25 ms', withTimes(times(10, 89), times(10, 89))).clauses[0]!.interval[1]).toBe(Infinity);
    expect(gateOn('latency(new, p95) < 25 ms', withTimes(times(10, 90), times(10, 90))).clauses[0]!.value).toBe('true');
  });

  test('size is exact: below, above, and a tie is not below', () => {
    const evidence = withTimes(times(10, 10), times(10, 10), [40e6, 30e6]);
    expect(gateOn('size(new) < 50 MB', evidence).clauses[0]).toMatchObject({ value: 'true', method: 'measured', interval: [40, 40] });
    expect(gateOn('size(new) < 35000 KB', evidence).clauses[0]!.value).toBe('false');
    expect(gateOn('size(new) < 40 MB', evidence).clauses[0]!.value).toBe('false');
    expect(gateOn('size(new) - size(old) < 0.011 GB', evidence).clauses[0]!.value).toBe('true');
  });

  test('size clauses take no share of δ', () => {
    const evidence = withTimes(times(10, 10), times(10, 10), [40e6, 30e6]);
    const result = gateOn('n > 0.5 +/- 0.1 /\\ size(new) < 50 MB', evidence);
    expect(result.clauses[0]!.confidence).toBeCloseTo(0.99, 12);
  });

  test('non-finite evidence never decides', () => {
    const evidence = withTimes([...times(10, 50), NaN], times(10, 50));
    expect(configurationError(() => gateOn('latency(new) < 20 ms', evidence))).toContain('not a finite number');
    const sized = withTimes(times(10, 10), times(10, 10), [Infinity, 30e6]);
    expect(configurationError(() => gateOn('size(new) < 50 MB', sized))).toContain('is not a finite number of bytes');
  });
});

describe('missing evidence', () => {
  const counts = countPairs([0, 1, 0], [0, 1, 1], [0, 0, 0]);
  const settings = resolveSettings({});
  test.each([
    ['n@5 - o@5 > 0 +/- 0.01', "the clause 'n@5 - o@5 > 0 +/- 0.01' needs each item's label rank"],
    ['forall class: n[class] > 0.5 +/- 0.1', "needs each item's class"],
    ['ece(new) < 0.05 +/- 0.01', "needs each item's probabilities"],
    ['latency(new) < 20 ms', 'needs batch inference times'],
    ['size(new) < 50 MB', "needs model.onnx's size in bytes"],
  ])('%s', (condition, expected) => {
    const message = configurationError(() => evaluateGate({ condition: parseCondition(condition), settings, counts }));
    expect(message).toContain(expected);
    expect(message).toContain('use evaluate-promote');
  });

  test('ece without the confidence of the old model names it', () => {
    const evidence = classTestSet([{ name: 'a', items: 100, newRight: 0.9, oldRight: 0.9 }]);
    evidence.new.confidence = new Float32Array(100).fill(0.9);
    expect(configurationError(() => gateOn('ece(new) - ece(old) < 0.01 +/- 0.05', evidence))).toContain(
      "the old model's confidence of each top-1 prediction",
    );
  });
});

describe('first model', () => {
  const evidence = classTestSet([
    { name: 'a', items: 2_000, newRight: 0.9, oldRight: 0 },
    { name: 'b', items: 2_000, newRight: 0.9, oldRight: 0 },
  ]);
  const first = { ...evidence, old: undefined } as GateEvidence;
  const counts = countPairs(first.labels, first.new.predictions);

  test('a first-model condition may use the new model’s slices and metrics', () => {
    const settings = resolveSettings({
      overrides: { firstModel: { kind: 'condition', condition: parseCondition('forall class: n[class] > 0.85 +/- 0.05') } },
    });
    const result = evaluateGate({ condition: parseCondition(NO_SLICE_WORSE), settings, counts, evidence: first });
    expect(result.firstModel).toBe(true);
    expect(result.clauses.map((c) => c.value)).toEqual(['true', 'true']);
    expect(result.slices![0]!.rows[0]!.o).toBeNull();
  });

  test('old-model variables are refused', () => {
    const settings = resolveSettings({
      overrides: { firstModel: { kind: 'condition', condition: parseCondition('recall(new) - recall(old) > 0 +/- 0.1') } },
    });
    expect(
      configurationError(() => evaluateGate({ condition: parseCondition('n > 0 +/- 0.1'), settings, counts, evidence: first })),
    ).toContain("may only use the new model's values");
  });
});

describe('reports', () => {
  const hostile = classTestSet([
    { name: '<img src=x>', items: 40_000, newRight: 0.8, oldRight: 0.85 },
    { name: '[x](http://e)', items: 40_000, newRight: 0.9, oldRight: 0.88 },
  ]);
  const result = gateOn(NO_SLICE_WORSE, hostile);

  test('Markdown shows each slice table worst first, names as text', () => {
    const markdown = renderGateMarkdown(result);
    expect(markdown).toContain('Per class, worst first: `forall class: n[class] - o[class] > -0.02 +/- 0.02`');
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('[x](http://e)');
    expect(markdown).toContain('&lt;img src=x>');
    expect(markdown).toContain('\\[x\\](http:\u200b//e)');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| &lt;img') || line.startsWith('| \\[x'));
    expect(rows[0]).toMatch(/^\| &lt;img src=x> \| 40000 \| 0\.8 \| 0\.85 \| −0\.05 \|/);
    expect(rows[1]).toMatch(/^\| \\\[x\\\]/);
  });

  test('text shows the slices and the metrics', () => {
    const withMetrics = classTestSet([
      { name: 'negative', items: 1_000, newRight: 0.9, oldRight: 0.8 },
      { name: 'positive', items: 1_000, newRight: 0.9, oldRight: 0.8 },
    ]);
    withMetrics.new.bytes = 12_500_000;
    withMetrics.old!.bytes = 10_000_000;
    const text = renderGateText(gateOn('forall class: n[class] > 0.5 +/- 0.1', withMetrics));
    expect(text).toContain('slices     forall class: n[class] > 0.5 +/- 0.1, per class, worst first:');
    expect(text).toContain('  "negative": 1000 items, n = 0.9, o = 0.8;');
    expect(text).toContain('metric     recall: new 0.9, old 0.8');
    expect(text).toContain('metric     model size: new 12.5 MB, old 10 MB');
  });
});
