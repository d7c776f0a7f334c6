import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '@mlops-actions/common';
import {
  deployHfCommand,
  dispatchOnRegistrationCommand,
  evaluatePromoteCommand,
  promoteCommand,
  rollbackCommand,
  trainCommand,
  type CliContext,
} from '@mlops-actions/cli/internal';
import type { Command } from 'commander';
import { readAction } from '../../helpers/action-contract.js';
import { runMlops } from '../../helpers/mlops-cli.js';

const context: CliContext = {
  stdout: () => undefined,
  stderr: () => undefined,
  logger: silentLogger,
  setExitCode: () => undefined,
  env: {},
  untilStopped: () => new Promise(() => undefined),
};

/** The flags a command takes, as the user sees them: name, whether it must be given, its help. */
const flagsOf = (command: Command) =>
  Object.fromEntries(command.options.map((option) => [option.long!.slice(2), { mandatory: option.mandatory, help: option.description }]));

/** Flags of the CLI that are no action input: its own output switch and the GitHub target the relay shares. */
const CLI_ONLY = ['json', 'github-repo', 'github-token-file', 'run', 'run-timeout', 'run-env'];

describe("each command that does an action's work takes the action's inputs as flags, made from one spec", () => {
  test.each([
    ['train', trainCommand, []],
    ['evaluate-promote', evaluatePromoteCommand, []],
    ['deploy-hf', deployHfCommand, []],
    // The token is read from a file or GITHUB_TOKEN: a flag would show in `ps`.
    ['dispatch-on-registration', dispatchOnRegistrationCommand, ['github-token']],
    ['rollback', rollbackCommand, ['github-token']],
    ['promote', promoteCommand, ['github-token', 'environment']],
  ] as const)('mlops %s', (action, make, notFlags) => {
    const inputs = readAction(action).inputs;
    const flags = flagsOf(make(context));
    const inputNames = Object.keys(inputs).filter((name) => !(notFlags as readonly string[]).includes(name));
    expect(
      Object.keys(flags)
        .filter((name) => !CLI_ONLY.includes(name))
        .sort(),
    ).toEqual(inputNames.sort());
    for (const name of inputNames) {
      // A required input is a flag that must be given; the help is the input's description unless the CLI says more.
      expect({ name, mandatory: flags[name]!.mandatory }).toEqual({ name, mandatory: inputs[name]!.required ?? false });
      expect(flags[name]!.help.length).toBeGreaterThan(0);
    }
  });

  test("a flag's help is the input's description, with the default when the description does not say it", () => {
    const flags = flagsOf(trainCommand(context));
    const inputs = readAction('train').inputs;
    expect(flags.params!.help).toBe(inputs.params!.description);
    expect(flags['model-dir']!.help).toBe(`${inputs['model-dir']!.description} (default: model_artifacts)`);
    expect(flags.experiment!.help).toBe(inputs.experiment!.description); // it says "Default: the model name" itself
  });

  test.each([
    [['--command', 'true', '--register', 'false', '--params', 'lr=0.1: 1'], "error: --params: 'lr=0.1' is not a valid MLflow param name"],
    [['--command', 'true'], 'error: --model-name is required to register the model: name it, or set --register to false'],
  ])('messages name flags, not action inputs: mlops train %j', async (args, message) => {
    const { code, stderr } = await runMlops(['train', ...args], { env: { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' } });
    expect(stderr).toContain(message);
    expect(code).toBe(2);
    expect(stderr).not.toContain('input ');
  });
});
