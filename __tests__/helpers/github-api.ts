import type { IncomingMessage, ServerResponse } from 'node:http';
import sodium from 'libsodium-wrappers';
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
  /** The repository's Actions secrets, decrypted: what `gh secret set` stored (names upper-cased, as GitHub keeps them). */
  secrets: Map<string, string>;
  /** The repository's Actions variables. */
  variables: Map<string, string>;
  close(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * GitHub's rule for secret and variable names ("Naming your secrets", "Naming conventions for configuration
 * variables" in GitHub's Actions documentation): letters, digits and underscores, not starting with a digit or with
 * `GITHUB_`; case-insensitive.
 */
const CONFIGURATION_NAME = /^(?!GITHUB_)[A-Z_][A-Z0-9_]*$/i;
/** The most a secret or variable may hold: 48 KB. */
const CONFIGURATION_VALUE_BYTES = 48 * 1024;

const answer = (response: ServerResponse, status: number, body?: unknown): void => {
  response.statusCode = status;
  response.end(body === undefined ? undefined : JSON.stringify(body));
};

/** 422 with GitHub's error shape, for a name or value GitHub refuses. */
const invalid = (response: ServerResponse, message: string): void =>
  answer(response, 422, { message, documentation_url: 'https://docs.github.com/rest/actions' });

/**
 * The repository's Actions secrets and variables, as GitHub's REST reference describes them: `GET
 * …/actions/secrets/public-key` gives the repository's libsodium public key; `PUT …/actions/secrets/{name}` takes
 * `{encrypted_value, key_id}` (a sealed box of the value) and answers 201 when created, 204 when updated; `POST
 * …/actions/variables` takes `{name, value}` and answers 201, or 409 when it exists; `PATCH …/actions/variables/{name}`
 * answers 204, 404 when missing. Returns false for any other request.
 */
function repositoryConfiguration(
  keys: { id: string; publicKey: Uint8Array; privateKey: Uint8Array },
  secrets: Map<string, string>,
  variables: Map<string, string>,
): (method: string, path: string, body: Record<string, unknown> | undefined, response: ServerResponse) => boolean {
  return (method, path, body, response) => {
    const route = /^\/repos\/[^/]+\/[^/]+\/actions\/(secrets|variables)(?:\/([^/?]+))?(?:\?.*)?$/.exec(path);
    if (!route) return false;
    const [, kind, name] = route;
    if (kind === 'secrets' && name === 'public-key' && method === 'GET') {
      answer(response, 200, { key_id: keys.id, key: sodium.to_base64(keys.publicKey, sodium.base64_variants.ORIGINAL) });
      return true;
    }
    const checkName = (candidate: unknown): string | undefined => {
      if (typeof candidate === 'string' && CONFIGURATION_NAME.test(candidate)) return candidate.toUpperCase();
      invalid(response, `Invalid name: ${String(candidate)}`);
      return undefined;
    };
    if (kind === 'secrets' && name && method === 'PUT') {
      const key = checkName(decodeURIComponent(name));
      if (!key) return true;
      if (body?.key_id !== keys.id || typeof body.encrypted_value !== 'string') {
        invalid(response, 'Invalid request: encrypted_value and the current key_id are required');
        return true;
      }
      let value: string;
      try {
        value = sodium.to_string(
          sodium.crypto_box_seal_open(
            sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL),
            keys.publicKey,
            keys.privateKey,
          ),
        );
      } catch {
        invalid(response, 'Bad encrypted_value: it does not open with the repository public key');
        return true;
      }
      if (Buffer.byteLength(value) > CONFIGURATION_VALUE_BYTES) return (invalid(response, 'Secret value is too large'), true);
      const created = !secrets.has(key);
      secrets.set(key, value);
      answer(response, created ? 201 : 204, created ? {} : undefined);
      return true;
    }
    if (kind === 'variables' && !name && method === 'POST') {
      const key = checkName(body?.name);
      if (!key) return true;
      if (typeof body?.value !== 'string' || Buffer.byteLength(body.value) > CONFIGURATION_VALUE_BYTES) {
        invalid(response, 'Invalid value');
        return true;
      }
      if (variables.has(key)) return (answer(response, 409, { message: 'Already exists - Variable already exists' }), true);
      variables.set(key, body.value);
      answer(response, 201, {});
      return true;
    }
    if (kind === 'variables' && name && method === 'PATCH') {
      const key = decodeURIComponent(name).toUpperCase();
      if (!variables.has(key)) return (answer(response, 404, { message: 'Not Found' }), true);
      if (typeof body?.value === 'string') variables.set(key, body.value);
      answer(response, 204);
      return true;
    }
    return false;
  };
}

/**
 * A loopback stand-in for the GitHub REST API's dispatches: `POST /repos/{owner}/{repo}/actions/workflows/{id}/dispatches`
 * (workflow_dispatch) and `POST /repos/{owner}/{repo}/dispatches` (repository_dispatch)
 * answers 204 as GitHub does when the token is the expected one, 401 otherwise, and records every request. `GET
 * /repos/{owner}/{repo}/actions/runs/{run_id}/approvals` answers a run's review history in the shape GitHub's REST
 * reference gives (`environment-approvals`: state, comment, user, environments), 404 for a run it does not know.
 * It also keeps the repository's secrets and variables (see repositoryConfiguration). It answers requests in proxy
 * form too (`GET http://api.github.localhost/repos/…`), so the real `gh` reaches it with `GH_HOST=github.localhost`
 * and `HTTP_PROXY` set to its URL: gh sends that host's API requests to `http://api.github.localhost/`.
 */
export async function startGithubApi(token: string): Promise<GithubApiStandIn> {
  const requests: RecordedRequest[] = [];
  const accepted = new Set<RecordedRequest>();
  let failures: number[] = [];
  const reviews = new Map<string, unknown[]>();
  await sodium.ready;
  const pair = sodium.crypto_box_keypair();
  const secrets = new Map<string, string>();
  const variables = new Map<string, string>();
  const configuration = repositoryConfiguration(
    { id: '3380204578043523366', publicKey: pair.publicKey, privateKey: pair.privateKey },
    secrets,
    variables,
  );
  const { url, close } = await listenOnLoopback((request, response) => {
    void readBody(request).then((text) => {
      const target = request.url ?? '';
      const path = /^https?:\/\//.test(target) ? target.replace(/^https?:\/\/[^/]+/, '') : target;
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
      } else if (configuration(recorded.method, path, recorded.body as Record<string, unknown> | undefined, response)) {
        // answered
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
    secrets,
    variables,
    close,
  };
}
