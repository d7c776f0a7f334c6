import { OperationalError } from '@mlops-actions/common';

/** Removes credentials (user:password@) and secret-looking query values from a URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|secret|password|key|signature|credential/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}

export interface MlflowApiErrorParams {
  /** MLflow's error_code, or `HTTP_<status>` when the body was not MLflow's JSON. */
  errorCode: string;
  status: number;
  method: string;
  /** The request URL, credentials removed. */
  url: string;
  /** What the server said (its message, or the start of a non-JSON body). */
  serverMessage: string;
}

/** What to check when MLflow failed or refused a request this way, for the failure boundary. */
function hintFor(params: MlflowApiErrorParams): string | undefined {
  if (params.status === 0)
    return params.errorCode === 'DEADLINE_PASSED'
      ? 'MLflow did not answer within the time the operation had left (a lock lease): check how loaded the server is'
      : 'check MLFLOW_TRACKING_URI and that the server is reachable from this machine (a GitHub-hosted runner needs an address on the internet)';
  if (params.status === 401 || params.status === 403)
    return 'check the credentials: MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN';
  if (params.status === 429 || params.status >= 500)
    return "MLflow failed on its side: retrying later may work, and the server's log says why";
  if (params.status === 404 && params.errorCode.startsWith('HTTP_'))
    return 'the address answers, but not as MLflow: check MLFLOW_TRACKING_URI (the server root, without /api/2.0)';
  return undefined;
}

/** A request MLflow answered with an error, or one that never got an answer (status 0): an operational failure. */
export class MlflowApiError extends OperationalError {
  override readonly name = 'MlflowApiError';
  readonly errorCode: string;
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly serverMessage: string;

  constructor(params: MlflowApiErrorParams, options?: { cause?: unknown }) {
    const url = redactUrl(params.url);
    const status = params.status === 0 ? 'no response' : `HTTP ${params.status}`;
    super(`MLflow ${params.method} ${url} failed: ${status} ${params.errorCode}: ${params.serverMessage}`, {
      service: 'MLflow',
      hint: hintFor(params),
      cause: options?.cause,
    });
    this.errorCode = params.errorCode;
    this.status = params.status;
    this.method = params.method;
    this.url = url;
    this.serverMessage = params.serverMessage;
  }
}

/** Builds the error from a failed response: MLflow's JSON body when there is one, else the text (HTML 404/405/500, text 403). */
export async function createApiError(response: Response, method: string, url: string): Promise<MlflowApiError> {
  const text = await response.text().catch(() => '');
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  if (isJson) {
    try {
      const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
      if (typeof body.error_code === 'string') {
        return new MlflowApiError({
          errorCode: body.error_code,
          status: response.status,
          method,
          url,
          serverMessage: typeof body.message === 'string' ? body.message : '',
        });
      }
    } catch {
      // Not JSON after all: fall through to the text form.
    }
  }
  return new MlflowApiError({
    errorCode: `HTTP_${response.status}`,
    status: response.status,
    method,
    url,
    serverMessage: summarizeBody(text, response.statusText),
  });
}

/** The readable part of an error body: HTML tags stripped, whitespace collapsed, at most 300 characters. */
function summarizeBody(text: string, fallback: string): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const summary = plain === '' ? fallback : plain;
  return summary.length > 300 ? `${summary.slice(0, 297)}...` : summary;
}
