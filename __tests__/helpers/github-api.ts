import type { IncomingMessage } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

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
  /** The dispatches answered 204. */
  dispatches(): RecordedRequest[];
  /** Answers the next dispatch requests with these statuses (e.g. GitHub's 502s during an outage), then 204 again. */
  failNext(statuses: readonly number[]): void;
  /** The review history of a workflow run (its environments' approvals and rejections); other runs are not found. */
  setReviews(
    runId: string,
    reviews: readonly { login: string; state: 'approved' | 'rejected'; comment: string; environment: string }[],
  ): void;
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
 * answers 204 as GitHub does when the token is the expected one, 401 otherwise, and records every request. `GET
 * /repos/{owner}/{repo}/actions/runs/{run_id}/approvals` answers a run's review history in the shape GitHub's REST
 * reference gives (`environment-approvals`: state, comment, user, environments), 404 for a run it does not know.
 */
export async function startGithubApi(token: string): Promise<GithubApiStandIn> {
  const requests: RecordedRequest[] = [];
  const accepted = new Set<RecordedRequest>();
  let failures: number[] = [];
  const reviews = new Map<string, unknown[]>();
  const { url, close } = await listenOnLoopback((request, response) => {
    void readBody(request).then((text) => {
      const path = request.url ?? '';
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path,
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      requests.push(recorded);
      response.setHeader('content-type', 'application/json');
      if (request.headers.authorization !== `token ${token}` && request.headers.authorization !== `Bearer ${token}`) {
        response.statusCode = 401;
        response.end(JSON.stringify({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }));
      } else if (request.method === 'POST' && /^\/repos\/[^/]+\/[^/]+(\/actions\/workflows\/[^/]+)?\/dispatches$/.test(path)) {
        const failure = failures.shift();
        response.statusCode = failure ?? 204;
        if (failure === undefined) accepted.add(recorded);
        response.end(failure === undefined ? undefined : JSON.stringify({ message: 'Server Error' }));
      } else if (
        request.method === 'GET' &&
        /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/\d+\/approvals$/.test(path) &&
        reviews.has(path.split('/')[6]!)
      ) {
        response.statusCode = 200;
        response.end(JSON.stringify(reviews.get(path.split('/')[6]!)));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ message: 'Not Found' }));
      }
    });
  });
  return {
    url,
    requests,
    dispatches: () => requests.filter((request) => accepted.has(request)),
    failNext: (statuses) => {
      failures = [...statuses];
    },
    setReviews: (runId, list) => {
      reviews.set(
        runId,
        list.map((review, index) => ({
          state: review.state,
          comment: review.comment,
          environments: [{ id: 100 + index, name: review.environment, url: '', html_url: '' }],
          user: { login: review.login, id: 1000 + index, type: 'User' },
        })),
      );
    },
    close,
  };
}
