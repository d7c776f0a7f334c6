import { ConfigurationError, type InputReader, type InputSpec } from '@mlops-actions/common';
import { aliasNameProblem } from '@mlops-actions/mlflow';

// This module is the rollback and promote actions' (no inference): evaluate-promote's inputs share its specs, not the
// other way round, so that these actions' bundles carry nothing of the evaluation's native modules.

/** The inputs every action that moves the champion alias shares. */
export const SHARED_INPUT_SPECS = {
  'model-name': { description: 'The registered model in MLflow.', required: true, placeholder: '<name>' },
  'champion-alias': {
    description: 'The alias of the model in production, moved to the challenger on promotion.',
    default: 'production',
    placeholder: '<alias>',
  },
  'deploy-ref': { description: 'The ref the deploy workflow runs on. Default: the ref of this run.', placeholder: '<ref>' },
  'github-token': {
    description: 'Token for dispatching deploy-workflow (needs actions: write), e.g. ${{ github.token }}.',
    secret: true,
    placeholder: '<token>',
  },
} as const satisfies Record<string, InputSpec>;

/** The deploy dispatch after a move of the champion alias: the same inputs as evaluate-promote's. */
const DEPLOY_INPUT_SPECS = {
  'deploy-workflow': {
    description: 'A workflow (file name) dispatched after the move with inputs model-name and version.',
    placeholder: '<file>',
  },
  'deploy-ref': SHARED_INPUT_SPECS['deploy-ref'],
  'github-token': SHARED_INPUT_SPECS['github-token'],
} as const satisfies Record<string, InputSpec>;

/** The rollback action's inputs, which are also `mlops rollback`'s flags. */
export const ROLLBACK_INPUT_SPECS = {
  'model-name': SHARED_INPUT_SPECS['model-name'],
  reason: { description: 'Why the champion goes back, in a sentence: entered in the ledger.', required: true, placeholder: '<text>' },
  to: {
    description: 'The version to go back to. Default: the champion before the current one that passed its gate.',
    placeholder: '<version>',
  },
  'champion-alias': { ...SHARED_INPUT_SPECS['champion-alias'], description: 'The alias of the model in production, moved back.' },
  force: {
    description: 'Go back to a version that never passed a gate (true); the ledger records that it was forced.',
    default: 'false',
    placeholder: '<bool>',
  },
  ...DEPLOY_INPUT_SPECS,
} as const satisfies Record<string, InputSpec>;

/** The promote action's inputs (the approval workflow's second job), which are also `mlops promote`'s flags. */
export const PROMOTE_INPUT_SPECS = {
  'model-name': SHARED_INPUT_SPECS['model-name'],
  'evaluation-run': {
    description: "The evaluation to promote: the gate job's evaluate-promote output evaluation-run-id (run with promote: false).",
    required: true,
    placeholder: '<run-id>',
  },
  environment: {
    description:
      'The GitHub environment the job is bound to: one of its required reviewers must have approved this run, or nothing is promoted.',
    default: 'production',
    placeholder: '<name>',
  },
  ...DEPLOY_INPUT_SPECS,
  'github-token': {
    ...SHARED_INPUT_SPECS['github-token'],
    description:
      "Token for reading who approved this run (GitHub's review history, actions: read) and for dispatching deploy-workflow (actions: write).",
    default: '${{ github.token }}',
  },
} as const satisfies Record<string, InputSpec>;

export const ROLLBACK_OUTPUTS = { from: 'from', to: 'to', forced: 'forced' } as const;
export const PROMOTE_OUTPUTS = { promoted: 'promoted', version: 'version', reason: 'reason' } as const;

/** The deploy workflow to dispatch after a move, with the token and ref to do it; none without a workflow. */
export type DeployInputs = { workflow: string; ref: string | undefined; token: string } | undefined;

function readDeploy(reader: InputReader, describe: (name: string) => string): DeployInputs {
  const workflow = reader.optionalString('deploy-workflow');
  const token = reader.optionalString('github-token');
  if (workflow && !token)
    throw new ConfigurationError(
      `${describe('deploy-workflow')} needs ${describe('github-token')} (e.g. \${{ github.token }} with actions: write)`,
      {
        subject: 'github-token',
      },
    );
  return workflow && token ? { workflow, ref: reader.optionalString('deploy-ref'), token } : undefined;
}

export interface RollbackInputs {
  modelName: string;
  alias: string;
  reason: string;
  to: number | undefined;
  force: boolean;
  deploy: DeployInputs;
}

/** Reads and checks the rollback inputs (action inputs or CLI flags, through the same reader). */
export function readRollbackInputs(reader: InputReader, describe: (name: string) => string): RollbackInputs {
  const modelName = reader.requiredString('model-name');
  const reason = reader.requiredString('reason');
  const alias = reader.optionalString('champion-alias') ?? SHARED_INPUT_SPECS['champion-alias'].default;
  const aliasProblem = aliasNameProblem(alias);
  if (aliasProblem) throw new ConfigurationError(`${describe('champion-alias')}: ${aliasProblem}`, { subject: 'champion-alias' });
  return {
    modelName,
    alias,
    reason,
    to: reader.optionalNumber('to', { integer: true, min: 1 }),
    force: reader.boolean('force', false),
    deploy: readDeploy(reader, describe),
  };
}

export interface PromoteInputs {
  modelName: string;
  evaluationRunId: string;
  deploy: DeployInputs;
  /** For the deploy dispatch, and for reading who approved the run (GitHub's review history). */
  githubToken: string | undefined;
  /** The environment whose approval the promotion needs. */
  environment: string;
}

/** Reads and checks the promote inputs (action inputs or CLI flags, through the same reader). */
export function readPromoteInputs(reader: InputReader, describe: (name: string) => string): PromoteInputs {
  return {
    modelName: reader.requiredString('model-name'),
    evaluationRunId: reader.requiredString('evaluation-run'),
    deploy: readDeploy(reader, describe),
    githubToken: reader.optionalString('github-token'),
    environment: reader.optionalString('environment') ?? PROMOTE_INPUT_SPECS.environment.default,
  };
}
