import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { actionInputReader, appendJobSummary, maskSecrets, setOutputs } from '@mlops-actions/action-kit';
import { DEPLOY_INPUT_SPECS } from '@mlops-actions/space';
import { EVALUATE_INPUT_SPECS } from '@mlops-actions/promotion';
import { consoleLogger } from '@mlops-actions/common';
import { captureStdout } from '../../helpers/capture-stdout.js';

describe('job summary, outputs and masking', () => {
  const saved = { ...process.env };
  let stdout: { text: () => string };
  beforeEach(() => {
    stdout = captureStdout();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
  });

  test('the job summary receives the Markdown, and nothing happens outside a runner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'));
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(await appendJobSummary('### no runner')).toBe(false);
    process.env.GITHUB_STEP_SUMMARY = summary;
    expect(await appendJobSummary('### Gate passed')).toBe(true);
    expect(readFileSync(summary, 'utf8')).toBe('### Gate passed\n');
  });

  test('outputs go to GITHUB_OUTPUT, objects as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    const output = join(dir, 'output');
    writeFileSync(output, '');
    process.env.GITHUB_OUTPUT = output;
    setOutputs({ passed: true, version: 3, result: { reason: 'ok' }, skipped: undefined });
    const text = readFileSync(output, 'utf8');
    expect(text).toMatch(/^passed<<ghadelimiter_[\w-]+\ntrue\n/);
    expect(text).toContain('\n3\n');
    expect(text).toContain('\n{"reason":"ok"}\n');
    expect(text).not.toContain('skipped');
  });

  test('secrets are masked, each line of a multi-line one too', () => {
    maskSecrets('hf_abc', undefined, '', 'line-one\nline-two');
    expect(stdout.text().split('\n').filter(Boolean)).toEqual([
      '::add-mask::hf_abc',
      '::add-mask::line-one%0Aline-two',
      '::add-mask::line-one',
      '::add-mask::line-two',
    ]);
  });

  test("reading an action's inputs masks those its spec calls secret, as the reader reads them (trimmed), before anything else", () => {
    process.env.INPUT_SPACE = 'acme/digits';
    process.env['INPUT_HF-TOKEN'] = '  hf_fromInput  ';
    delete process.env.MLOPS_INPUTS;
    expect(actionInputReader(DEPLOY_INPUT_SPECS).optionalString('hf-token')).toBe('hf_fromInput');
    // A composite action's step reads them from toJSON(inputs); an input left empty masks nothing.
    process.env.MLOPS_INPUTS = JSON.stringify({ 'model-name': 'digits', 'github-token': ' ghs_composite ', 'deploy-ref': '' });
    actionInputReader(EVALUATE_INPUT_SPECS);
    expect(stdout.text().split('\n').filter(Boolean)).toEqual(['::add-mask::hf_fromInput', '::add-mask::ghs_composite']);
  });

  test('the console logger prefixes warnings and shows debug only when verbose', async () => {
    const lines: string[] = [];
    const logger = consoleLogger({ out: (line) => lines.push(line) });
    logger.debug('hidden');
    logger.warning('careful');
    expect(await logger.group('Evaluate', async () => 42)).toBe(42);
    consoleLogger({ verbose: true, out: (line) => lines.push(line) }).debug('shown');
    expect(lines).toEqual(['warning: careful', '== Evaluate', 'debug: shown']);
  });
});
