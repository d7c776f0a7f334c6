/** MLflow's error codes and the HTTP status each maps to (mlflow/protos/databricks.proto, ERROR_CODE_TO_HTTP_STATUS). */
const STATUS_BY_CODE: Record<string, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
};

/** An error answered as MLflow does: `{"error_code", "message"}` with the code's HTTP status. */
export class MlflowError extends Error {
  readonly errorCode: string;
  readonly status: number;

  constructor(errorCode: string, message: string) {
    super(message);
    this.errorCode = errorCode;
    this.status = STATUS_BY_CODE[errorCode] ?? 500;
  }

  toJSON(): { error_code: string; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const invalid = (message: string): MlflowError => new MlflowError('INVALID_PARAMETER_VALUE', message);
export const notFound = (message: string): MlflowError => new MlflowError('RESOURCE_DOES_NOT_EXIST', message);
export const alreadyExists = (message: string): MlflowError => new MlflowError('RESOURCE_ALREADY_EXISTS', message);
