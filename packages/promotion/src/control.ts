// Promotion control without inference — the ledger, rollback, the approved promotion and their summaries — for the
// rollback and promote actions, whose bundles carry no native modules. The index re-exports all of it.
export { promoteEvaluated, type ApprovedPromotionOutcome, type ApprovedPromotionRequest } from './approve.js';
export {
  PROMOTE_INPUT_SPECS,
  PROMOTE_OUTPUTS,
  readPromoteInputs,
  readRollbackInputs,
  ROLLBACK_INPUT_SPECS,
  ROLLBACK_OUTPUTS,
  type DeployInputs,
  type PromoteInputs,
  type RollbackInputs,
} from './control-inputs.js';
export { ledgerForSummary, LEDGER_EXPERIMENT, readLedger, renderLedgerSection, type LedgerEntry, type LedgerKind } from './ledger.js';
export { rollbackChampion, type RollbackOutcome, type RollbackRequest } from './rollback.js';
export { evaluationNotice, renderApprovalSummary, renderRollbackSummary, rollbackNotice } from './summary.js';
export { deployAfterMove, DeployDispatchError, dispatchAfterMove, moveContext, type MoveContext } from './control-run.js';
