/** Every command's name. */
export type CommandName =
  | 'gate'
  | 'server'
  | 'ui'
  | 'train'
  | 'evaluate-promote'
  | 'ledger'
  | 'rollback'
  | 'promote'
  | 'deploy-hf'
  | 'serve-space'
  | 'dispatch-on-registration'
  | 'relay';

/** A command as the program lists it. */
export interface CommandListing {
  name: string;
  /** The line `mlops --help` shows; the command's own help shows it too. */
  description: string;
  /** Its arguments as commander writes them (`<dir>`), for the list. */
  arguments?: string;
}

/**
 * Every `mlops` command, as `mlops --help` lists it, in that order. Kept apart from the commands' modules, which are
 * loaded only for the command that runs (program.ts): listing them loads none.
 */
export const COMMAND_LISTINGS: readonly (CommandListing & { name: CommandName })[] = [
  {
    name: 'gate',
    description: 'the statistical promotion gate (ease.ml/ci conditions)',
  },
  {
    name: 'server',
    description: 'run a local MLflow-compatible tracking, registry, artifact and webhook server (not for production)',
  },
  {
    name: 'ui',
    description:
      'browse the runs, models and promotion ledger of any MLflow server, read-only: serves the page and forwards only its reads, ' +
      'with the credentials of MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN',
  },
  {
    name: 'train',
    description: 'run a training command as a tracked MLflow run and register its ONNX model (the train action, locally)',
  },
  {
    name: 'evaluate-promote',
    description: 'evaluate a challenger against the production model, gate it, record it in MLflow and promote it (the action, locally)',
  },
  {
    name: 'ledger',
    // mlops-ledger: promotion's LEDGER_EXPERIMENT, written out so that listing the commands loads no promotion code.
    description:
      "print a model's ledger: every move of its production alias — when, from and to which version, who, why (kept in MLflow, experiment mlops-ledger)",
  },
  {
    name: 'rollback',
    description:
      'move the production alias back to the previous champion that passed its gate (or --to a version), under the promotion lock, with the reason entered in the ledger',
  },
  {
    name: 'promote',
    description:
      'promote the challenger of a recorded evaluation (evaluate-promote --promote false) over the champion it was compared with, if that still is the champion; entered in the ledger as an approval',
  },
  {
    name: 'deploy-hf',
    description: 'deploy a registered model version as a static Hugging Face Space (or into a folder) that runs it in the browser',
  },
  {
    name: 'serve-space',
    description: 'serve a Space folder (written by deploy-hf --space folder:<dir>) on http://127.0.0.1',
    arguments: '<dir>',
  },
  {
    name: 'dispatch-on-registration',
    description: 'start the evaluation of every model version that became ready and was not dispatched yet (the action, once)',
  },
  {
    name: 'relay',
    description: 'receive MLflow (>= 3.3) webhooks and start evaluations from a durable queue (the secret in MLFLOW_WEBHOOK_SECRET)',
  },
];

/** A command's listing. */
export function commandListing(name: CommandName): CommandListing {
  return COMMAND_LISTINGS.find((command) => command.name === name)!;
}

/** A command's description: the one place it is written. */
export function commandDescription(name: CommandName): string {
  return commandListing(name).description;
}
