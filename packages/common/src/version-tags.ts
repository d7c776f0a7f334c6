/**
 * The tags evaluate-promote and deploy-hf set on a registered model version — the contract between the steps, and
 * what a person reads in MLflow's UI.
 */
export const VERSION_TAGS = {
  /** The gate's decision: `promote`, `reject`, … */
  decision: 'mlops.gate.decision',
  passed: 'mlops.gate.passed',
  reason: 'mlops.gate.reason',
  condition: 'mlops.gate.condition',
  /** `<dataset> <fingerprint>` */
  testset: 'mlops.gate.testset',
  /** The MLflow run holding the evaluation (its gate-result.json and predictions.csv). */
  evaluationRun: 'mlops.gate.evaluation_run',
  championVersion: 'mlops.gate.champion_version',
  accuracy: 'mlops.gate.accuracy',
  /** The Space the version was deployed to, and the Hub commit. */
  space: 'mlops.space',
  spaceCommit: 'mlops.space.commit',
} as const;
