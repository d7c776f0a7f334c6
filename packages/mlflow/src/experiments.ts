import { MlflowApiError } from './errors.js';
import type { MlflowHttp } from './http.js';
import { recordToTags, tagsToRecord, type WireExperiment } from './wire.js';

export interface Experiment {
  id: string;
  name: string;
  /** Where the experiment's runs keep artifacts, e.g. `mlflow-artifacts:/1`. */
  artifactLocation: string;
  lifecycleStage: string;
  creationTime: number | undefined;
  lastUpdateTime: number | undefined;
  tags: Record<string, string>;
}

function fromWire(wire: WireExperiment): Experiment {
  return {
    id: wire.experiment_id,
    name: wire.name,
    artifactLocation: wire.artifact_location ?? '',
    lifecycleStage: wire.lifecycle_stage ?? 'active',
    creationTime: wire.creation_time,
    lastUpdateTime: wire.last_update_time,
    tags: tagsToRecord(wire.tags),
  };
}

/** The experiment with this name (deleted ones included), or undefined when there is none. */
export async function getExperimentByName(http: MlflowHttp, name: string): Promise<Experiment | undefined> {
  try {
    const response = await http.call<{ experiment: WireExperiment }>('GET', 'mlflow/experiments/get-by-name', {
      query: { experiment_name: name },
    });
    return fromWire(response.experiment);
  } catch (error) {
    if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw error;
  }
}

export async function getExperiment(http: MlflowHttp, id: string): Promise<Experiment> {
  const response = await http.call<{ experiment: WireExperiment }>('GET', 'mlflow/experiments/get', { query: { experiment_id: id } });
  return fromWire(response.experiment);
}

export interface CreateExperimentParams {
  name: string;
  /** Where runs keep artifacts; the server's default when absent. */
  artifactLocation?: string;
  tags?: Record<string, string>;
}

/** Creates an experiment and returns its id. */
export async function createExperiment(http: MlflowHttp, params: CreateExperimentParams): Promise<string> {
  const response = await http.call<{ experiment_id: string }>('POST', 'mlflow/experiments/create', {
    body: { name: params.name, artifact_location: params.artifactLocation, tags: recordToTags(params.tags) },
    idempotent: false,
  });
  return response.experiment_id;
}

/**
 * The experiment with this name, created when missing. Safe under races and retries: a create whose answer
 * was lost is found by name before it is tried again, and one that finds the name taken (MLflow answers
 * 400 RESOURCE_ALREADY_EXISTS) reads the winner's experiment.
 */
export async function getOrCreateExperiment(http: MlflowHttp, name: string): Promise<Experiment> {
  const existing = await getExperimentByName(http, name);
  if (existing) return existing;
  try {
    return await http.createOnce(
      async () => getExperiment(http, await createExperiment(http, { name })),
      () => getExperimentByName(http, name),
    );
  } catch (error) {
    const found =
      error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS' ? await getExperimentByName(http, name) : undefined;
    if (found) return found;
    throw error;
  }
}
