import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import { readTrainInputs, train, TRAIN_DEFAULTS, trainOptionsFromInputs, trainOutputs } from '@mlops-actions/training';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { flag, optionReader } from '../options.js';

/** `mlops train`: the train action on this machine, with the action's inputs as flags. */
export function trainCommand(context: CliContext): Command {
  return new Command('train')
    .description('run a training command as a tracked MLflow run and register its ONNX model (the train action, locally)')
    .requiredOption('--command <command>', 'the training command, run by bash in --working-directory')
    .option('--working-directory <dir>', 'where the command runs (default .)')
    .option('--experiment <name>', 'the MLflow experiment (default: the model name)')
    .option('--run-name <name>', 'the MLflow run name')
    .option('--model-name <name>', 'the registered model (required unless --register false)')
    .option('--model-dir <dir>', `where the command leaves model.onnx and preprocessing.json (default ${TRAIN_DEFAULTS.modelDir})`)
    .option('--register <bool>', 'register the model when training succeeds (default true)')
    .option('--alias <alias>', `the alias set on the new version, "none" for none (default ${TRAIN_DEFAULTS.alias})`)
    .option('--params <yaml>', "hyper-parameters as a YAML map, e.g. 'hidden: 64\\nepochs: 8'")
    .option('--cache-paths <paths>', 'only used on GitHub runners (the Actions cache)')
    .option('--cache-key <key>', 'only used on GitHub runners (the Actions cache)')
    .option('--timeout-minutes <minutes>', 'stop the command after this many minutes')
    .option('--gpu <requirement>', `required | optional | none (default ${TRAIN_DEFAULTS.gpu})`)
    .option('--command-env <names>', 'withheld variables the command gets after all, e.g. HF_TOKEN (default: none)')
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
        http: createMlflowHttp(mlflow),
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
