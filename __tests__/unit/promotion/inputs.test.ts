import { describe, expect, test } from '@jest/globals';
import { createInputReader } from '@mlops-actions/common';
import { readEvaluateInputs } from '@mlops-actions/promotion';

const BASE = { 'model-name': 'cifar10', dataset: 'cifar10', condition: 'latency(new, p95) < 1.2 * latency(old, p95)' };

const read = (inputs: Record<string, string>, describe?: (name: string) => string) => {
  const reader = createInputReader({ get: (name) => inputs[name] ?? '', ...(describe ? { describe } : {}) });
  return readEvaluateInputs(reader, reader.describe, '/work');
};

describe('the evaluate-promote inputs of the latency timing pass', () => {
  test('by default it times single items, as many rounds as the condition calls for', async () => {
    const { options } = await read(BASE);
    expect(options).toMatchObject({ batchSize: 256, latencyBatchSize: 1, latencyRounds: 'auto' });
  });

  test.each([
    [{ 'latency-batch-size': '32', 'latency-rounds': '500' }, 32, 500],
    [{ 'latency-rounds': 'auto' }, 1, 'auto'],
    [{ 'latency-rounds': ' 1 ' }, 1, 1],
  ])('%j gives batches of %i, %s rounds', async (inputs, batchSize, rounds) => {
    const { options } = await read({ ...BASE, ...inputs });
    expect(options).toMatchObject({ latencyBatchSize: batchSize, latencyRounds: rounds });
  });

  test.each([
    [{ 'latency-rounds': '0' }, "input 'latency-rounds' must be 'auto' or a whole number of batches from 1 to 1,000,000, got '0'"],
    [{ 'latency-rounds': '2.5' }, "input 'latency-rounds' must be 'auto' or a whole number of batches from 1 to 1,000,000, got '2.5'"],
    [{ 'latency-rounds': 'Auto' }, "input 'latency-rounds' must be 'auto' or a whole number of batches from 1 to 1,000,000, got 'Auto'"],
    [
      { 'latency-rounds': '1000001' },
      "input 'latency-rounds' must be 'auto' or a whole number of batches from 1 to 1,000,000, got '1000001'",
    ],
    [{ 'latency-batch-size': '0' }, "input 'latency-batch-size' must be"],
    [{ 'latency-batch-size': 'one' }, "input 'latency-batch-size' must be a number, got 'one'"],
  ])('%j is refused: %s', async (inputs, message) => {
    await expect(read({ ...BASE, ...inputs })).rejects.toThrow(message);
  });

  test('on the command line the message names the flag', async () => {
    await expect(read({ ...BASE, 'latency-rounds': 'lots' }, (name) => `--${name}`)).rejects.toThrow(
      "--latency-rounds must be 'auto' or a whole number of batches from 1 to 1,000,000, got 'lots'",
    );
  });
});
