import { describe, expect, test } from '@jest/globals';
import { normalizeParams, paramVariables } from '@mlops-actions/training/internal';

describe('params', () => {
  test('scalars become MLflow params and MLOPS_PARAM_ variables', () => {
    const params = normalizeParams({ 'learning-rate': 0.01, epochs: 30, augment: true, 'optimizer.name': 'sgd' });
    expect(params).toEqual({ 'learning-rate': '0.01', epochs: '30', augment: 'true', 'optimizer.name': 'sgd' });
    expect(paramVariables(params)).toEqual({
      MLOPS_PARAM_LEARNING_RATE: '0.01',
      MLOPS_PARAM_EPOCHS: '30',
      MLOPS_PARAM_AUGMENT: 'true',
      MLOPS_PARAM_OPTIMIZER_NAME: 'sgd',
    });
  });

  test('a key MLflow refuses, or two keys sharing a variable, are input errors', () => {
    expect(() => normalizeParams({ 'lr=0.1': 1 })).toThrow("input 'params': 'lr=0.1' is not a valid MLflow param name");
    expect(() => paramVariables({ 'batch-size': '1', batch_size: '2' })).toThrow(
      "input 'params': 'batch-size' and 'batch_size' would both be passed as MLOPS_PARAM_BATCH_SIZE; rename one",
    );
  });
});
