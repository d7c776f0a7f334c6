import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface GithubApiStandIn {
  /** Use as GITHUB_API_URL. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * A loopback stand-in for the GitHub REST API's dispatches: `POST /repos/{owner}/{repo}/actions/workflows/{id}/dispatches`
 * (workflow_dispatch) and `POST /repos/{owner}/{repo}/dispatches` (repository_dispatch)
 * answers 204 as GitHub does when the token is the expected one, 401 otherwise, and records every request.
 */
export async function startGithubApi(token: string): Promise<GithubApiStandIn> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const path = request.url ?? '';
      requests.push({
        method: request.method ?? '',
        path,
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      });
      response.setHeader('content-type', 'application/json');
      if (request.headers.authorization !== `token ${token}` && request.headers.authorization !== `Bearer ${token}`) {
        response.statusCode = 401;
        response.end(JSON.stringify({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }));
      } else if (request.method === 'POST' && /^\/repos\/[^/]+\/[^/]+(\/actions\/workflows\/[^/]+)?\/dispatches$/.test(path)) {
        response.statusCode = 204;
        response.end();
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ message: 'Not Found' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
