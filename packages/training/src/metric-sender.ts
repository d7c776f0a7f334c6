import { logBatch, type Metric, type MlflowHttp } from '@mlops-actions/mlflow';

/**
 * Points waiting to reach one MLflow run. A failed send keeps them for the next flush; a resent point is an
 * exact duplicate (its timestamp was fixed when it was added), which MLflow stores once.
 */
export interface MetricSender {
  add(points: readonly Metric[]): void;
  /** Sends everything pending; on failure keeps it and throws. Returns the log-batch requests made. */
  flush(): Promise<number>;
  readonly pending: number;
}

export function createMetricSender(http: MlflowHttp, runId: string): MetricSender {
  let pending: Metric[] = [];
  return {
    add(points) {
      if (points.length > 0) pending = pending.concat(points);
    },
    async flush() {
      if (pending.length === 0) return 0;
      const sending = pending;
      const requests = await logBatch(http, { runId, metrics: sending });
      pending = pending.slice(sending.length);
      return requests;
    },
    get pending() {
      return pending.length;
    },
  };
}
