import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, type InputReader } from '@mlops-actions/common';
import { parseGateConfig, readSettingOverrides, resolveSettings, type GateConfig } from './config.js';
import type { GateSettings } from './settings.js';

export interface LoadGateOptions {
  /** How an input is named in messages (`input 'condition'`, `--condition`). */
  describe: (name: string) => string;
  /** The condition file read when neither input is given; without one, a condition is required. */
  defaultConditionFile?: string;
  /** Where relative file paths start (the workspace). */
  cwd?: string;
}

export interface LoadedGate {
  config: GateConfig;
  /** The settings in force: defaults < the reference format's flag < the file < the inputs. */
  settings: GateSettings;
}

/** Reads `condition` or `condition-file` and the setting inputs (reliability, mode, …) into the gate's configuration. */
export async function loadGate(reader: InputReader, options: LoadGateOptions): Promise<LoadedGate> {
  const text = reader.optionalString('condition');
  const givenFile = reader.optionalString('condition-file');
  const file = givenFile ?? (text === undefined ? options.defaultConditionFile : undefined);
  if (text !== undefined && givenFile !== undefined)
    throw new ConfigurationError(`give ${options.describe('condition')} or ${options.describe('condition-file')}, not both`, {
      subject: 'condition',
    });
  let config: GateConfig;
  if (text !== undefined) {
    config = parseGateConfig(text, { file: options.describe('condition') });
  } else if (file === undefined) {
    throw new ConfigurationError(
      `give the condition: ${options.describe('condition')} 'n - o > 0.02 +/- 0.01' or ${options.describe('condition-file')} configs/test_condition.txt`,
      { subject: 'condition' },
    );
  } else {
    const path = isAbsolute(file) || !options.cwd ? file : resolve(options.cwd, file);
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch {
      throw new ConfigurationError(
        givenFile === undefined
          ? `no condition given, and the default ${options.describe('condition-file')} '${file}' cannot be read: create it (one line such as n - o > 0.02 +/- 0.01), or give ${options.describe('condition')} or ${options.describe('condition-file')}`
          : `${options.describe('condition-file')}: cannot read '${file}': check the path`,
        { subject: 'condition-file' },
      );
    }
    config = parseGateConfig(content, { file });
  }
  const overrides = readSettingOverrides(reader, options.describe);
  return { config, settings: resolveSettings({ referenceFlag: config.condition.referenceFlag, file: config.settings, overrides }) };
}
