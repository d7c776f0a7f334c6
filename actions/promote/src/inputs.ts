import { actionInputReader, maskEnvironmentSecrets } from '@mlops-actions/action-kit';
import {
  moveContext,
  readPromoteInputs,
  PROMOTE_INPUT_SPECS,
  type MoveContext,
  type PromoteInputs,
} from '@mlops-actions/promotion/control';

export type Inputs = PromoteInputs & MoveContext;

/** The action's inputs and MLFLOW_* / GITHUB_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  maskEnvironmentSecrets(process.env);
  const reader = actionInputReader(PROMOTE_INPUT_SPECS);
  return { ...readPromoteInputs(reader, reader.describe), ...moveContext(process.env) };
}
