import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { createMlflowHttp, type MlflowHttp } from '@mlops-actions/mlflow';
import { startMlflowServer, type MlflowServer } from '@mlops-actions/mlflow-server';

export interface TestServer {
  /** A scratch directory for the suite (the server's data lies under it). */
  dir: string;
  readonly server: MlflowServer;
  /** A client that talks to the server directly. */
  readonly http: MlflowHttp;
}

/** An embedded MLflow server on a free loopback port for the suite: started before its tests, closed after. */
export function useMlflowServer(prefix: string, options: { basicAuth?: { username: string; password: string } } = {}): TestServer {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let server: MlflowServer | undefined;
  let http: MlflowHttp | undefined;
  beforeAll(async () => {
    const auth = options.basicAuth;
    server = await startMlflowServer({
      dataDir: join(dir, 'server'),
      port: 0,
      basicAuth: auth ? `${auth.username}:${auth.password}` : undefined,
    });
    http = createMlflowHttp({ trackingUri: server.url, auth: auth ? { kind: 'basic', ...auth } : undefined });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    dir,
    get server() {
      return server!;
    },
    get http() {
      return http!;
    },
  };
}
