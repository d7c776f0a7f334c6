import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMlflowHttp, type MlflowAuth, type MlflowHttp } from '@mlops-actions/mlflow';
import { startMlflowServer, type MlflowServer } from '@mlops-actions/mlflow-server';

/** The server the conformance suite talks to: MLFLOW_CONFORMANCE_URI when set, else the embedded server. */
export interface ConformanceTarget {
  http: MlflowHttp;
  trackingUri: string;
  /** The embedded server, when that is the target. */
  embedded: MlflowServer | undefined;
  /** A name no earlier run of the suite used, so the suite can run against a real server again and again. */
  unique(prefix: string): string;
  close(): Promise<void>;
}

export async function startTarget(): Promise<ConformanceTarget> {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const unique = (prefix: string): string => `${prefix}-${suffix}`;
  const external = process.env.MLFLOW_CONFORMANCE_URI;
  if (external) {
    const username = process.env.MLFLOW_TRACKING_USERNAME;
    const password = process.env.MLFLOW_TRACKING_PASSWORD;
    const token = process.env.MLFLOW_TRACKING_TOKEN;
    const auth: MlflowAuth | undefined =
      username && password ? { kind: 'basic', username, password } : token ? { kind: 'bearer', token } : undefined;
    return {
      http: createMlflowHttp({ trackingUri: external, auth }),
      trackingUri: external,
      embedded: undefined,
      unique,
      close: async () => undefined,
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'mlflow-conformance-'));
  const server = await startMlflowServer({ dataDir, port: 0, webhooks: { backoffMs: () => 50 } });
  return {
    http: createMlflowHttp({ trackingUri: server.url, retry: { baseDelayMs: 20 } }),
    trackingUri: server.url,
    embedded: server,
    unique,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
