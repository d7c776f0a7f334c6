import type { MlflowHttp } from './http.js';

// Pages of MLflow's UI — and of the page `mlops server` serves, which answers the same routes — on the tracking
// server (its URI never holds credentials: createMlflowHttp takes them out).

/** A run's page. */
export const runPageUrl = (http: Pick<MlflowHttp, 'trackingUri'>, experimentId: string, runId: string): string =>
  `${http.trackingUri.replace(/\/+$/, '')}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;

/** A registered model version's page. */
export const modelVersionPageUrl = (http: Pick<MlflowHttp, 'trackingUri'>, modelName: string, version: number): string =>
  `${http.trackingUri.replace(/\/+$/, '')}/#/models/${encodeURIComponent(modelName)}/versions/${version}`;
