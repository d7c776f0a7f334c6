import type { Logger } from '@mlops-actions/common';

/** What a command may touch: its output streams, a logger and its exit code; passed in for tests. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  logger: Logger;
  setExitCode: (code: number) => void;
  /** The environment (MLFLOW_*, tokens); read here, never inside the packages. */
  env: NodeJS.ProcessEnv;
  /** Resolves when a long-running command should stop (SIGINT or SIGTERM). */
  untilStopped: () => Promise<void>;
}
