import { errorMessage, inputError, isConfigurationError, isOperationalError, type Logger, OperationalError } from '@mlops-actions/common';
import { escapeFilter, getOrCreateExperiment, searchModelVersions, type MlflowHttp, type ModelVersion } from '@mlops-actions/mlflow';
import { describeGpus, queryGpus, type Exec, type GpuSample } from './gpu.js';
import { IDEMPOTENCY_TAG, type GpuRequirement, type TrainOptions } from './session.js';

// What is checked before anything runs: the GPU the job asked for, MLflow, and whether an earlier attempt of this job
// registered the version already.

export async function checkGpus(requirement: GpuRequirement, exec: Exec, logger: Logger): Promise<GpuSample[] | undefined> {
  if (requirement === 'none') return undefined;
  const gpus = await queryGpus(exec);
  if (gpus && gpus.length > 0) {
    logger.info(`GPU: ${describeGpus(gpus)}`);
    return gpus;
  }
  if (requirement === 'required')
    throw inputError(
      'gpu',
      "is 'required', but nvidia-smi found no GPU on this runner: run the job on a GPU runner (e.g. runs-on: [self-hosted, gpu]) or set input 'gpu' to optional",
    );
  logger.info('GPU: none found (gpu: optional), training on CPU');
  return undefined;
}

export async function reachMlflow(http: MlflowHttp, experiment: string): Promise<{ id: string }> {
  try {
    return await getOrCreateExperiment(http, experiment);
  } catch (error) {
    if (isConfigurationError(error)) throw error;
    throw new OperationalError(
      `MLflow at ${http.trackingUri} cannot be used, so the training command was not started: ${errorMessage(error)}`,
      {
        service: 'MLflow',
        hint: isOperationalError(error) ? error.hint : undefined,
        cause: error,
      },
    );
  }
}

export async function findRegisteredByEarlierAttempt(http: MlflowHttp, options: TrainOptions): Promise<ModelVersion | undefined> {
  if (!options.register || !options.idempotencyKey) return undefined;
  const versions = await searchModelVersions(http, {
    filter: `name='${escapeFilter(options.modelName!)}' and tags.\`${IDEMPOTENCY_TAG}\`='${escapeFilter(options.idempotencyKey)}'`,
  });
  return versions.find((version) => version.status === 'READY');
}
