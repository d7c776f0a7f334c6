import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { COMMANDS, type CliContext } from '@mlops-actions/cli/internal';
import { silentLogger } from '@mlops-actions/common';
import { LEDGER_EXPERIMENT } from '@mlops-actions/promotion';
import { runMlops } from '../../helpers/mlops-cli.js';

const dotenv = join(mkdtempSync(join(tmpdir(), 'mlops-listings-')), '.env');
writeFileSync(dotenv, 'MLFLOW_TRACKING_URI=http://127.0.0.1:5000\n');

const context: CliContext = {
  stdout: () => undefined,
  stderr: () => undefined,
  logger: silentLogger,
  setExitCode: () => undefined,
  env: {},
  untilStopped: () => new Promise(() => undefined),
};

describe('mlops lists every command without loading it, as the command itself would say', () => {
  test.each(COMMANDS.map((listing) => [listing.name, listing] as const))(
    '%s: the listing has the name, description and arguments the loaded command has',
    async (name, listing) => {
      const command = (await listing.load())(context);
      expect(command.name()).toBe(name);
      expect(command.description()).toBe(listing.description);
      const usage = command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}>` : `[${argument.name()}]`));
      expect(usage.join(' ') || undefined).toBe(listing.arguments);
    },
  );

  test("the ledger's description names the experiment the ledger is kept in", () => {
    expect(COMMANDS.find((listing) => listing.name === 'ledger')!.description).toContain(`experiment ${LEDGER_EXPERIMENT})`);
  });

  test.each([
    [['--', 'ledger'], "error: required option '--model-name <name>' not specified"],
    [['help', 'ledger'], '--model-name <name>'],
    [[`--dotenv=${dotenv}`, 'ledger', '--help'], '--model-name <name>'],
  ])('mlops %j reaches the real command', async (args, expected) => {
    const { stdout, stderr } = await runMlops(args);
    expect(stdout + stderr).toContain(expected);
  });

  test('a mistyped command is suggested from the listings', async () => {
    const { code, stderr } = await runMlops(['ledgr']);
    expect(code).toBe(2);
    expect(stderr).toContain('(Did you mean ledger?)');
  });
});
