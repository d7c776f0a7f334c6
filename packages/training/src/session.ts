import type { Logger } from '@mlops-actions/common';
import type { MlflowHttp, Run } from '@mlops-actions/mlflow';
import type { CommandOutcome } from './command.js';
import type { Exec } from './gpu.js';
import type { Lineage } from './lineage.js';

export type GpuRequirement = 'required' | 'optional' | 'none';

export interface TrainOptions {
  /** The training command, run by bash in `workingDirectory`. */
  command: string;
  workingDirectory: string;
  experiment: string;
  runName?: string | undefined;
  /** The registered model; required when `register` is true. */
  modelName?: string | undefined;
  /** Where the command leaves model.onnx and preprocessing.json, relative to the working directory. */
  modelDir: string;
  register: boolean;
  /** The alias set on the new version once it is READY and tagged; none when empty. */
  alias?: string | undefined;
  params: Readonly<Record<string, string>>;
  timeoutMs?: number | undefined;
  gpu: GpuRequirement;
  /** The tracking URI the command gets as MLFLOW_TRACKING_URI. */
  trackingUri: string;
  /**
   * The environment the command starts from (MLFLOW_* credentials included). The GitHub and Hugging Face tokens and
   * the runner's own tokens are withheld from the command unless named in `commandEnv`; every secret in it is masked
   * in the saved output.
   */
  env: NodeJS.ProcessEnv;
  /** Withheld variables (WITHHELD_VARIABLES) the command gets after all, such as HF_TOKEN for a trainer that pushes. */
  commandEnv?: readonly string[];
  /** Builds the lineage once the GPUs are known. */
  lineage: (gpu: string) => Promise<Lineage>;
  /** Identifies this job across re-runs (repository/run id/job): a version registered under it is never registered again. */
  idempotencyKey?: string | undefined;
  /** Datasets and downloads restored before and saved after the command. */
  cache?: { paths: readonly string[]; key: string } | undefined;
  /** Where temporary files go (RUNNER_TEMP on a runner). */
  tempDir: string;
  metricsIntervalMs?: number;
  systemMetricsIntervalMs?: number;
  /**
   * After the command succeeded, how long MLflow failing to take the model (down, restarting, overloaded) is
   * waited out before the step fails (default 10 minutes): the model is in hand and costly to make again.
   */
  publishPatienceMs?: number;
}

/** How long MLflow failing after a successful command is waited out, by default. */
export const PUBLISH_PATIENCE_MS = 10 * 60_000;

/** A cache of files between workflow runs (actions/cache on a runner). */
export interface FileCache {
  /** Restores the paths; returns the key that matched, or undefined on a miss. */
  restore(paths: readonly string[], key: string): Promise<string | undefined>;
  save(paths: readonly string[], key: string): Promise<void>;
}

export interface TrainDependencies {
  http: MlflowHttp;
  logger: Logger;
  /** Where the command's output streams live. */
  output?: NodeJS.WritableStream;
  /** Aborted when the job is cancelled: the command is stopped and the run ends KILLED. */
  signal?: AbortSignal;
  exec?: Exec;
  fileCache?: FileCache;
  now?: () => number;
}

export interface TrainResult {
  /** The step's exit status: the command's own, or 0 once the model is registered. */
  exitCode: number;
  outcome: CommandOutcome;
  runId: string;
  experimentId: string;
  runUrl: string;
  modelVersion?: number;
  modelUri?: string;
  /** The final value of each metric the run logged (system metrics excluded). */
  metrics: Record<string, number>;
  /** An earlier attempt of this job had registered the version; nothing ran. */
  reused: boolean;
  /** Markdown for the job summary. */
  summary: string;
}

/** The tag that ties a registered version to the job that made it. */
export const IDEMPOTENCY_TAG = 'mlops.idempotency_key';

/** One training run under way: what was asked, what it works with, and the MLflow run it records into. */
export interface TrainSession {
  options: TrainOptions;
  deps: TrainDependencies;
  http: MlflowHttp;
  logger: Logger;
  now: () => number;
  run: Run;
  runUrl: string;
  /** The run's lineage tags, also set on the version it registers. */
  tags: Record<string, string>;
  /** A folder of this run's own for temporary files, removed at the end. */
  scratch: string;
}
