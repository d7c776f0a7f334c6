/**
 * An AbortSignal that fires when the runner cancels the job (it sends SIGINT, then SIGTERM), so long work
 * can stop its children and record the cancellation before the runner kills the process.
 */
export function cancellationSignal(): AbortSignal {
  const controller = new AbortController();
  const cancel = (): void => controller.abort(new Error('the job was cancelled'));
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  return controller.signal;
}
