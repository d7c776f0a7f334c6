import { describe, expect, test } from '@jest/globals';
import { closeMatches, didYouMean } from '@mlops-actions/common';

const REGISTRY = ['mnist-demo', 'mnist-mlp', 'cifar10-alexnet', 'digits', 'MNIST-Demo2'];

describe('closeMatches: the names a typo away', () => {
  test.each([
    ['mnsit-demo', ['mnist-demo', 'MNIST-Demo2']], // two letters swapped; closest first
    ['mnist-dem', ['mnist-demo', 'MNIST-Demo2', 'mnist-mlp']], // within a third of its length
    ['MNIST-DEMO', ['mnist-demo', 'MNIST-Demo2']], // letter case aside
    ['cifar-alexnet', ['cifar10-alexnet']],
    ['digit', ['digits']],
    ['resnet50', []], // nothing close: no guess
    ['', []],
  ])('%j → %j', (typed, expected) => {
    expect(closeMatches(typed, REGISTRY)).toEqual(expected);
  });

  test('a short word is not matched by a different short word', () => {
    expect(closeMatches('ab', ['xy', 'ab', 'abc'])).toEqual(['abc']);
  });

  test('at most three, each once, and never the word itself', () => {
    expect(closeMatches('stage', ['stage', 'stag', 'stages', 'stages', 'stagex', 'stagey', 'stagez'])).toEqual([
      'stag',
      'stages',
      'stagex',
    ]);
    expect(closeMatches('stage', ['stage', 'stag', 'stages'], 1)).toEqual(['stag']);
  });
});

describe('didYouMean', () => {
  test.each([
    [[], ''],
    [['mnist-demo'], " (did you mean 'mnist-demo'?)"],
    [['a', 'b'], " (did you mean 'a' or 'b'?)"],
    [['a', 'b', 'c'], " (did you mean 'a', 'b' or 'c'?)"],
  ])('%j → %j', (matches, said) => {
    expect(didYouMean(matches)).toBe(said);
  });

  test('a name from the registry shows as text: its control characters cannot colour, move or forge a line', () => {
    expect(didYouMean(['demo\u001b[2J\u001b]8;;https://evil.example\u0007x\r\nerror: forged'])).toBe(
      " (did you mean 'demo\\u001b[2J\\u001b]8;;https://evil.example\\u0007x\\u000d\\u000aerror: forged'?)",
    );
  });
});
