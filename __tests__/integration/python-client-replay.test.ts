import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';

/**
 * The real MLflow 3.6 Python client talking to a real MLflow 3.6 server, recorded exchange by exchange
 * (`__tests__/fixtures/mlflow-python-client-flows.jsonl`, from the project's shared reference), replayed against
 * `mlops server`: the same requests in the same order, ids the server hands out learnt from its answers and put in
 * place of the recorded ones. Each exchange must match in status, error code and the keys of its answer.
 *
 * Every flow is asserted: tracking, artifacts, dataset inputs, MLflow 3's logged models (`log_model`, `load_model` of
 * `runs:/` and `models:/m-…` URIs, search), the registry and webhooks.
 */
interface Exchange {
  seq: number;
  flow: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  request_body: unknown;
  request_body_base64?: string;
  request_headers: Record<string, string>;
  status: number;
  response_body: unknown;
}

const exchanges = readFileSync('__tests__/fixtures/mlflow-python-client-flows.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Exchange);
const FLOWS = [...new Set(exchanges.map((e) => e.flow))];

const mlflow = useMlflowServer('python-client-replay-');

/** The shape of a JSON answer: its keys, recursively (a list by its first element), values left out. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shape((value as Record<string, unknown>)[key])]),
    );
  return typeof value;
}

/** Ids in an answer (experiment, run, webhook, logged model ids), by field name: what later requests refer to. */
function ids(value: unknown, found: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) for (const item of value) ids(item, found);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (/(^|_)id$/.test(key) && (typeof item === 'string' || typeof item === 'number')) found.push([key, String(item)]);
      else ids(item, found);
    }
  return found;
}

interface Outcome {
  exchange: Exchange;
  status: number;
  body: unknown;
  mismatch: string | undefined;
}

// The recording's webhook receiver; the replay puts a receiver of its own in its place, answering as that one did.
const RECORDED_RECEIVER = 'http://127.0.0.1:44791';

/** Replays every exchange in order, mapping recorded ids to the server's; returns what each one got. */
async function replay(url: string): Promise<Outcome[]> {
  const receiver = await listenOnLoopback((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok": true}'));
  });
  const mapped = new Map<string, string>([[RECORDED_RECEIVER, receiver.url]]);
  const substitute = (text: string): string => {
    let result = text;
    for (const [recorded, ours] of mapped) if (recorded !== ours) result = result.split(recorded).join(ours);
    return result;
  };
  const outcomes: Outcome[] = [];
  for (const exchange of exchanges) {
    const target = new URL(substitute(exchange.path), url);
    for (const [key, value] of Object.entries(exchange.query))
      for (const item of Array.isArray(value) ? value : [value]) target.searchParams.append(key, substitute(item));
    const body =
      exchange.request_body_base64 !== undefined
        ? Buffer.from(exchange.request_body_base64, 'base64')
        : exchange.request_body === null
          ? undefined
          : substitute(JSON.stringify(exchange.request_body));
    const response = await fetch(target, {
      method: exchange.method,
      headers: exchange.request_headers['content-type'] ? { 'content-type': exchange.request_headers['content-type'] } : {},
      body,
    });
    const raw = Buffer.from(await response.arrayBuffer());
    // An artifact's contents are recorded as their length and SHA-256.
    const binary = exchange.response_body as { bytes?: number; sha256?: string } | null;
    const recordedAsBytes = binary !== null && typeof binary === 'object' && typeof binary.sha256 === 'string';
    let answer: unknown = recordedAsBytes
      ? { bytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex') }
      : raw.toString('utf8');
    if (!recordedAsBytes) {
      try {
        answer = JSON.parse(raw.toString('utf8'));
      } catch {
        // not JSON: compared by status
      }
    }
    const recordedIds = ids(exchange.response_body);
    const ourIds = ids(answer);
    for (const [key, recorded] of recordedIds) {
      const ours = ourIds.find(([ourKey]) => ourKey === key)?.[1];
      if (ours !== undefined && recorded.length > 0 && !mapped.has(recorded)) mapped.set(recorded, ours);
    }
    let mismatch: string | undefined;
    if (response.status !== exchange.status) mismatch = `status ${response.status}, recorded ${exchange.status}`;
    else if (typeof exchange.response_body === 'object' && exchange.response_body !== null) {
      const recordedCode = (exchange.response_body as { error_code?: string }).error_code;
      const ourCode = (answer as { error_code?: string } | null)?.error_code;
      if (recordedCode !== ourCode) mismatch = `error code ${ourCode}, recorded ${recordedCode}`;
      else if (recordedAsBytes && JSON.stringify(answer) !== JSON.stringify(binary))
        mismatch = `contents ${JSON.stringify(answer)}, recorded ${JSON.stringify(binary)}`;
      else if (recordedCode === undefined && JSON.stringify(shape(answer)) !== JSON.stringify(shape(exchange.response_body)))
        mismatch = `answer keys ${JSON.stringify(shape(answer))}, recorded ${JSON.stringify(shape(exchange.response_body))}`;
    }
    outcomes.push({ exchange, status: response.status, body: answer, mismatch });
  }
  await receiver.close();
  return outcomes;
}

let outcomes: Outcome[] = [];

describe('the recorded MLflow 3.6 Python client flows, replayed against mlops server', () => {
  test.each(FLOWS)('%s: every exchange matches in status, error code and answer keys', async (flow) => {
    if (outcomes.length === 0) outcomes = await replay(mlflow.server.url);
    const mine = outcomes.filter((outcome) => outcome.exchange.flow === flow);
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.filter((outcome) => outcome.mismatch).map((o) => `#${o.exchange.seq} ${o.exchange.method} ${o.exchange.path}: ${o.mismatch}`),
    ).toEqual([]);
  });
});
