/** What to start: the evaluation of one model version. */
export interface DispatchRequest {
  modelName: string;
  version: number;
  /** What made the version ready: `created`, or `alias:<name>`. */
  event: string;
}

/** Starts an evaluation somewhere (a GitHub workflow, a local command); returns a line saying where. */
export interface Dispatcher {
  dispatch(request: DispatchRequest): Promise<string>;
}

/** A dispatcher that calls a function on this machine (the demo runs evaluation in-process with it). */
export function localDispatcher(run: (request: DispatchRequest) => Promise<void>): Dispatcher {
  return {
    async dispatch(request) {
      await run(request);
      return `ran locally for ${request.modelName} v${request.version}`;
    },
  };
}
