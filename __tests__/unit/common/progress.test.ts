import { PassThrough } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { consoleLogger, progressLines, progressTerminal, startProgress, type ProgressOptions } from '@mlops-actions/common';
import { recordingLogger } from '../../helpers/recording-logger.js';

const download: ProgressOptions = { label: 'downloading cifar-10-binary.tar.gz', total: 163_000_000, unit: 'bytes' };

/** Runs an operation of `steps` equal steps, each taking `stepMs` on a fake clock, and returns the lines it said. */
function linesOf(options: ProgressOptions, steps: number, stepMs: number): string[] {
  const logger = recordingLogger();
  let now = 0;
  const progress = progressLines(logger, options, { now: () => now });
  for (let step = 1; step <= steps; step++) {
    now += stepMs;
    progress.update(Math.round(((options.total ?? 1_000_000) * step) / steps));
  }
  progress.end();
  return logger.lines;
}

describe('progress in plain lines (Actions logs, CI, a piped stderr)', () => {
  test('a fast operation gets a line every 10 s, with the amount, the total and the share', () => {
    // 100 steps of 0.5 s: 50 s in all, so one line every 10 s (every 20%) rather than every 10%.
    const lines = linesOf(download, 100, 500);
    expect(lines).toEqual([
      'downloading cifar-10-binary.tar.gz: 32.6 MB of 163 MB (20%)',
      'downloading cifar-10-binary.tar.gz: 65.2 MB of 163 MB (40%)',
      'downloading cifar-10-binary.tar.gz: 97.8 MB of 163 MB (60%)',
      'downloading cifar-10-binary.tar.gz: 130 MB of 163 MB (80%)',
      'downloading cifar-10-binary.tar.gz: 163 MB of 163 MB (100%)',
    ]);
  });

  test('a slow operation gets a line every 10%, not every 10 s', () => {
    // 20 steps of 30 s: ten minutes, one line per 10%.
    const lines = linesOf({ label: 'challenger v3', total: 10_000, unit: 'items' }, 20, 30_000);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('challenger v3: 1,000 of 10,000 items (10%)');
    expect(lines.at(-1)).toBe('challenger v3: 10,000 of 10,000 items (100%)');
  });

  test('an operation under 10 s says nothing; one without a total says the amount every 10 s', () => {
    expect(linesOf(download, 9, 1000)).toEqual([]);
    expect(linesOf({ label: 'downloading model.onnx', unit: 'bytes' }, 4, 6000)).toEqual([
      'downloading model.onnx: 500 kB',
      'downloading model.onnx: 1 MB',
    ]);
  });

  test('a log that showed an operation under way shows where it stopped, also when it failed half-way', () => {
    const logger = recordingLogger();
    let now = 0;
    const progress = progressLines(logger, { label: 'downloading model.onnx', total: 1000, unit: 'bytes' }, { now: () => now });
    now = 11_000;
    progress.update(200);
    now = 12_000;
    progress.update(450);
    progress.end();
    expect(logger.lines).toEqual(['downloading model.onnx: 200 B of 1 kB (20%)', 'downloading model.onnx: 450 B of 1 kB (45%)']);
  });

  test('a logger without bars of its own gets the lines through its info', () => {
    const logger = recordingLogger();
    const progress = startProgress(logger, download);
    progress.update(1);
    progress.end();
    // Too quick for a line: nothing said, and nothing else happened.
    expect(logger.lines).toEqual([]);
  });
});

/** A stream that says it is a terminal, 100 columns wide, keeping what was drawn. */
function fakeTerminal(): NodeJS.WriteStream & { drawn: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { drawn: () => string };
  let drawn = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (drawn += chunk.toString()));
  Object.assign(stream, { isTTY: true, columns: 100 });
  stream.drawn = () => drawn;
  return stream;
}

describe('progress bars on a terminal', () => {
  test('only on a terminal, and never in CI or GitHub Actions', () => {
    const terminal = fakeTerminal();
    expect(progressTerminal(terminal, {})).toBe(terminal);
    expect(progressTerminal(terminal, { CI: 'true' })).toBeUndefined();
    expect(progressTerminal(terminal, { GITHUB_ACTIONS: 'true' })).toBeUndefined();
    expect(progressTerminal(terminal, { CI: 'false' })).toBe(terminal);
    expect(progressTerminal(Object.assign(fakeTerminal(), { isTTY: false }), {})).toBeUndefined();
  });

  test('a bar appears once an operation has taken a second, lines said meanwhile go above it, and it goes at the end', async () => {
    const terminal = fakeTerminal();
    const lines: string[] = [];
    const logger = consoleLogger({ out: (line) => lines.push(line), terminal });
    const quick = startProgress(logger, download);
    quick.update(1000);
    quick.end();
    expect(terminal.drawn()).toBe('');

    const slow = startProgress(logger, download);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    slow.update(81_500_000);
    logger.info('a line while the bar is shown');
    slow.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(terminal.drawn()).toContain('downloading cifar-10-binary.tar.gz');
    expect(terminal.drawn()).toContain('81.5 MB of 163 MB (50%)');
    // The line went to the terminal above the bar, not to the ordinary output where it would cut through it.
    expect(terminal.drawn()).toContain('a line while the bar is shown\n');
    expect(lines).toEqual([]);
    // With no bar left, lines go out as usual.
    logger.info('after');
    expect(lines).toEqual(['after']);
  });
});
