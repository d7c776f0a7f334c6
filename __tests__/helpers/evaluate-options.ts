import { join } from 'node:path';
import { parseGateConfig, resolveSettings, type SettingsOverrides } from '@mlops-actions/gate';
import type { EvaluatePromoteOptions } from '@mlops-actions/promotion';

/**
 * evaluate-promote's options for a test: the condition (text, with any settings it carries) on the test set named,
 * CPU inference, promotion on, models and downloads cached under `dir`; `settings` and `extra` override.
 */
export function evaluateOptions(
  name: string,
  condition: string,
  dataset: string,
  dir: string,
  settings: SettingsOverrides = {},
  extra: Partial<EvaluatePromoteOptions> = {},
): EvaluatePromoteOptions {
  const config = parseGateConfig(condition);
  return {
    modelName: name,
    challenger: undefined,
    championAlias: 'production',
    dataset,
    labelColumn: 'label',
    condition: config.condition,
    settings: resolveSettings({ file: config.settings, overrides: settings }),
    executionProvider: 'cpu',
    batchSize: 256,
    promote: true,
    cacheDir: join(dir, 'cache'),
    holder: 'test',
    ...extra,
  };
}
