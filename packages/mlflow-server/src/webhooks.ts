import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from './database.js';
import { invalid, notFound } from './errors.js';
import { paginate } from './filter.js';
import { pythonJsonDumps } from './python-json.js';
import { endpoint } from './routing.js';
import { maxResults, optionalList, optionalString, requiredString, type Params } from './validation.js';
import { errorMessage } from '@mlops-actions/common';

/** Entity → the actions MLflow accepts for it (mlflow/entities/webhook.py). */
const VALID_EVENTS: Record<string, string[]> = {
  registered_model: ['created'],
  model_version: ['created'],
  model_version_tag: ['set', 'deleted'],
  model_version_alias: ['created', 'deleted'],
};

/** The example payloads MLflow's test deliveries send. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  'registered_model.created': { name: 'example_model', tags: { example_key: 'example_value' }, description: 'An example registered model' },
  'model_version.created': {
    name: 'example_model',
    version: '1',
    source: 'models:/123',
    run_id: '42',
    tags: { example_key: 'example_value' },
    description: 'An example model version',
  },
  'model_version_tag.set': { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' },
  'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
  'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
  'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' },
};

export interface WebhookOptions {
  /** URL schemes a webhook may use (MLflow's MLFLOW_WEBHOOK_ALLOWED_SCHEMES; this local server allows http too). */
  allowedSchemes?: readonly string[];
  /** Retries after the first attempt on 429, 5xx and connection errors (default 3, as MLflow). */
  maxRetries?: number;
  /** Per-attempt timeout in ms (default 30,000). */
  timeoutMs?: number;
  /** Backoff before retry n (n ≥ 1) in ms; default MLflow's 0 s, 2 s, 4 s … plus up to 1 s of jitter. */
  backoffMs?: (retry: number) => number;
  fetch?: typeof fetch;
  log?: (message: string) => void;
}

/** Where registry changes are announced. */
export interface WebhookEvents {
  emit(entity: string, action: string, data: Record<string, unknown>): void;
  /** Waits for deliveries in flight (for a clean shutdown and for tests). */
  settle(): Promise<void>;
}

interface WebhookRow {
  webhook_id: string;
  name: string;
  description: string;
  url: string;
  events: string;
  secret: string;
  status: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

interface DeliveryResult {
  success: boolean;
  response_status?: number;
  response_body?: string;
  error_message?: string;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `v1,` + base64 HMAC-SHA256(secret, "{delivery id}.{timestamp}.{body}"), exactly as MLflow signs. */
export function signDelivery(secret: string, deliveryId: string, timestamp: string, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest('base64')}`;
}

/** Python's datetime.now(timezone.utc).isoformat(): microseconds and +00:00. */
function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

export function registerWebhooks(app: FastifyInstance, db: Db, options: WebhookOptions = {}): WebhookEvents {
  const allowedSchemes = options.allowedSchemes ?? ['http', 'https'];
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoff = options.backoffMs ?? ((retry: number) => (retry === 1 ? 0 : 1000 * 2 ** (retry - 1)) + Math.random() * 1000);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const log = options.log ?? (() => undefined);
  const inFlight = new Set<Promise<unknown>>();

  /** One delivery: the same id, timestamp and body on every attempt. */
  const deliver = async (row: WebhookRow, entity: string, action: string, data: Record<string, unknown>): Promise<DeliveryResult> => {
    const body = pythonJsonDumps({ entity, action, timestamp: isoTimestamp(new Date()), data });
    const deliveryId = randomUUID();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-MLflow-Delivery-Id': deliveryId,
      'X-MLflow-Timestamp': timestamp,
    };
    if (row.secret) headers['X-MLflow-Signature'] = signDelivery(row.secret, deliveryId, timestamp, body);
    let result: DeliveryResult = { success: false, error_message: 'not sent' };
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
      try {
        const response = await fetchImpl(row.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.text();
        result = { success: response.ok, response_status: response.status, response_body: text };
        if (![429, 500, 502, 503, 504].includes(response.status)) break;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0 && attempt < maxRetries)
          await new Promise((resolve) => setTimeout(resolve, Math.min(60, retryAfter) * 1000));
      } catch (error) {
        result = { success: false, error_message: errorMessage(error) };
      }
    }
    if (!result.success)
      log(
        `webhook ${row.name}: delivery ${deliveryId} of ${entity}.${action} to ${row.url} failed: ${result.error_message ?? `HTTP ${result.response_status}`}`,
      );
    return result;
  };

  const events: WebhookEvents = {
    emit(entity, action, data) {
      const rows = db.prepare("SELECT * FROM webhooks WHERE status = 'ACTIVE' AND deleted_timestamp IS NULL").all() as WebhookRow[];
      for (const row of rows) {
        const subscribed = (JSON.parse(row.events) as { entity: string; action: string }[]).some(
          (e) => e.entity.toLowerCase() === entity && e.action.toLowerCase() === action,
        );
        if (!subscribed) continue;
        const delivery = deliver(row, entity, action, data).finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
    },
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };

  const webhookRow = (id: string): WebhookRow => {
    const row = db.prepare('SELECT * FROM webhooks WHERE webhook_id = ? AND deleted_timestamp IS NULL').get(id) as WebhookRow | undefined;
    if (!row) throw notFound(`Webhook with ID ${id} not found.`);
    return row;
  };
  const webhookJson = (row: WebhookRow) => ({
    webhook_id: row.webhook_id,
    name: row.name,
    description: row.description === '' ? undefined : row.description,
    url: row.url,
    events: JSON.parse(row.events) as unknown[],
    status: row.status,
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
  });
  const checkName = (name: string): string => {
    if (!/^(?=.{1,63}$)[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/i.test(name))
      throw invalid(
        `Invalid webhook name '${name}'. Names must be 1 to 63 characters of letters, digits, '.', '_' and '-', starting and ending with a letter or digit.`,
      );
    return name;
  };
  const checkUrl = (url: string): string => {
    let scheme: string;
    try {
      scheme = new URL(url).protocol.replace(/:$/, '');
    } catch {
      throw invalid(`Invalid webhook URL '${url}'.`);
    }
    if (!allowedSchemes.includes(scheme))
      throw invalid(`Invalid webhook URL scheme: '${scheme}'. Allowed schemes are: ${allowedSchemes.join(', ')}.`);
    return url;
  };
  const checkEvents = (list: unknown[]): string => {
    if (list.length === 0) throw invalid('Webhook events cannot be empty.');
    const normalised = list.map((event) => {
      if (typeof event !== 'object' || event === null)
        throw invalid(`Invalid webhook event ${JSON.stringify(event)}: expected {"entity": "MODEL_VERSION", "action": "CREATED"}`);
      const entityName = requiredString(event as Params, 'entity');
      const actionName = requiredString(event as Params, 'action');
      // The REST API takes the proto enum names, in capitals: real MLflow 3.6 refuses {"entity": "model_version_alias",
      // "action": "created"} (measured: an HTML 500 page, from the enum parse); here the refusal is a 400 that says why.
      if (entityName !== entityName.toUpperCase() || actionName !== actionName.toUpperCase())
        throw invalid(
          `Invalid webhook event ${JSON.stringify(event)}: entities and actions are spelled in capitals, such as {"entity": "MODEL_VERSION_ALIAS", "action": "CREATED"}`,
        );
      const entity = entityName.toLowerCase();
      const action = actionName.toLowerCase();
      const valid = VALID_EVENTS[entity];
      if (!valid) throw invalid(`Invalid entity '${entity}'. Valid entities are: ${JSON.stringify(Object.keys(VALID_EVENTS))}`);
      if (!valid.includes(action))
        throw invalid(`Invalid action '${action}' for entity '${entity}'. Valid actions are: ${JSON.stringify(valid)}`);
      return { entity: entity.toUpperCase(), action: action.toUpperCase() };
    });
    normalised.sort((a, b) => (a.entity === b.entity ? compareText(a.action, b.action) : compareText(a.entity, b.entity)));
    return JSON.stringify(normalised);
  };
  const checkStatus = (status: string | undefined): string | undefined => {
    if (status !== undefined && status !== 'ACTIVE' && status !== 'DISABLED')
      throw invalid(`Invalid webhook status '${status}': expected ACTIVE or DISABLED`);
    return status;
  };

  endpoint(app, 'POST', 'mlflow/webhooks', (params) => {
    const id = randomUUID();
    const now = Date.now();
    db.prepare('INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)').run(
      id,
      checkName(requiredString(params, 'name')),
      optionalString(params, 'description') ?? '',
      checkUrl(requiredString(params, 'url')),
      checkEvents(optionalList(params, 'events') ?? []),
      optionalString(params, 'secret') ?? '',
      checkStatus(optionalString(params, 'status')) ?? 'ACTIVE',
      now,
      now,
    );
    return { webhook: webhookJson(webhookRow(id)) };
  });

  endpoint(app, 'GET', 'mlflow/webhooks', (params) => {
    const limit = maxResults(params, 100, 1000);
    const rows = db
      .prepare('SELECT * FROM webhooks WHERE deleted_timestamp IS NULL ORDER BY creation_timestamp, webhook_id')
      .all() as WebhookRow[];
    const { page, nextPageToken } = paginate(rows.map(webhookJson), limit, optionalString(params, 'page_token'));
    return { webhooks: page, next_page_token: nextPageToken };
  });

  endpoint(app, 'GET', 'mlflow/webhooks/:webhook_id', (params) => ({
    webhook: webhookJson(webhookRow(requiredString(params, 'webhook_id'))),
  }));

  endpoint(app, 'PATCH', 'mlflow/webhooks/:webhook_id', (params) => {
    const row = webhookRow(requiredString(params, 'webhook_id'));
    const nonEmpty = (field: string): string | undefined => optionalString(params, field) || undefined;
    const events = optionalList(params, 'events');
    db.prepare(
      'UPDATE webhooks SET name = ?, description = ?, url = ?, events = ?, secret = ?, status = ?, last_updated_timestamp = ? WHERE webhook_id = ?',
    ).run(
      nonEmpty('name') ? checkName(nonEmpty('name')!) : row.name,
      nonEmpty('description') ?? row.description,
      nonEmpty('url') ? checkUrl(nonEmpty('url')!) : row.url,
      events && events.length > 0 ? checkEvents(events) : row.events,
      nonEmpty('secret') ?? row.secret,
      checkStatus(nonEmpty('status')) ?? row.status,
      Date.now(),
      row.webhook_id,
    );
    return { webhook: webhookJson(webhookRow(row.webhook_id)) };
  });

  endpoint(app, 'DELETE', 'mlflow/webhooks/:webhook_id', (params) => {
    const row = webhookRow(requiredString(params, 'webhook_id'));
    db.prepare('UPDATE webhooks SET deleted_timestamp = ? WHERE webhook_id = ?').run(Date.now(), row.webhook_id);
    return {};
  });

  endpoint(app, 'POST', 'mlflow/webhooks/:webhook_id/test', async (params) => {
    const row = webhookRow(requiredString(params, 'webhook_id'));
    const requested = params.event as Params | undefined;
    const first = (JSON.parse(row.events) as { entity: string; action: string }[])[0]!;
    const entity = requested ? requiredString(requested, 'entity').toLowerCase() : first.entity.toLowerCase();
    const action = requested ? requiredString(requested, 'action').toLowerCase() : first.action.toLowerCase();
    const example = EXAMPLES[`${entity}.${action}`];
    if (!example) throw invalid(`Invalid event ${entity}.${action} for a test delivery`);
    return { result: await deliver(row, entity, action, example) };
  });

  return events;
}
