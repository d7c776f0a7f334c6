// What the page says while it waits and when MLflow refuses: every word from the server is shown as text.
import { MlflowError } from '../api.js';
import { details, el } from '../dom.js';

const UNAUTHENTICATED =
  'The MLflow server asks for credentials. On `mlops server` with basic auth, the browser asks for its user and password: ' +
  'reload the page to be asked again. Through `mlops ui`, the credentials are those of its environment ' +
  '(MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN): set them and start it again.';

/** An error as the page shows it: what was asked, MLflow's error_code and message, and what to do for the common ones. */
export function errorBox(error) {
  if (!(error instanceof MlflowError))
    return el(
      'div',
      { class: 'error', role: 'alert' },
      el('p', {}, `Something went wrong in this page: ${error?.message ?? String(error)}`),
    );
  const title = error.status === 0 ? 'The page could not reach its server' : `MLflow answered ${error.status}`;
  const hint =
    error.status === 401
      ? UNAUTHENTICATED
      : error.status === 403
        ? 'The server refused this read: the credentials in use may not allow it, or `mlops ui` does not forward it.'
        : error.status === 0
          ? 'Check that the server (mlops server or mlops ui) is still running.'
          : undefined;
  return el(
    'div',
    { class: 'error', role: 'alert', 'data-error-code': error.errorCode },
    el('p', { class: 'error-title' }, title),
    details([
      ['Request', error.endpoint],
      ['error_code', error.errorCode],
      ['message', error.message],
    ]),
    hint ? el('p', { class: 'hint' }, hint) : null,
  );
}

/** A note for an empty list. */
export const emptyNote = (text) => el('p', { class: 'empty' }, text);
