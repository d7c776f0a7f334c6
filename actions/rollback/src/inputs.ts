import { actionInputReader, maskEnvironmentSecrets } from '@mlops-actions/action-kit';
import {
  moveContext,
  readRollbackInputs,
  ROLLBACK_INPUT_SPECS,
  type MoveContext,
  type RollbackInputs,
} from '@mlops-actions/promotion/control';

export type Inputs = RollbackInputs & MoveContext;

/** The action's inputs and MLFLOW_* / GITHUB_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  maskEnvironmentSecrets(process.env);
  const reader = actionInputReader(ROLLBACK_INPUT_SPECS);
  return { ...readRollbackInputs(reader, reader.describe), ...moveContext(process.env) };
}
