import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import { readTrainInputs, train, TRAIN_INPUT_SPECS, trainOptionsFromInputs, trainOutputs } from '@mlops-actions/training';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { addInputFlags, flag, optionReader } from '../options.js';

const ON_RUNNERS_ONLY = 'only used on GitHub runners (the Actions cache)';

/** `mlops train`: the train action on this machine, with the action's inputs as flags. */
export function trainCommand(context: CliContext): Command {
  return addInputFlags(new Command('train').description(commandDescription('train')), TRAIN_INPUT_SPECS, {
    help: { 'cache-paths': ON_RUNNERS_ONLY, 'cache-key': ON_RUNNERS_ONLY },
  })
    .option('--json', 'print the outputs as JSON')
    .action(async (options: Record<string, unknown>) => {
      const inputs = readTrainInputs(optionReader(options), flag);
      if (inputs.cacheKey) context.logger.warning('--cache-paths and --cache-key only take effect on GitHub runners; ignored here');
      const mlflow = clientOptionsFromEnvironment(context.env);
      const trainOptions = trainOptionsFromInputs(inputs, {
        env: context.env,
        cwd: process.cwd(),
        tempDir: tmpdir(),
        trackingUri: mlflow.trackingUri,
      });
      const controller = new AbortController();
      let finished = false;
      void context.untilStopped().then(() => {
        if (!finished) controller.abort();
      });
      const output = new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          context.stderr(chunk.toString());
          done();
        },
      });
      const result = await train(trainOptions, {
        http: createMlflowHttp({ ...mlflow, logger: context.logger }),
        logger: context.logger,
        output,
        signal: controller.signal,
      });
      finished = true;
      if (options.json) context.stdout(`${JSON.stringify(trainOutputs(result), null, 2)}\n`);
      else
        context.stdout(
          result.modelUri
            ? `registered ${result.modelUri} (run ${result.runUrl})\n`
            : `run ${result.runUrl} ended ${result.outcome} (exit status ${result.exitCode})\n`,
        );
      context.setExitCode(result.exitCode);
    });
}
