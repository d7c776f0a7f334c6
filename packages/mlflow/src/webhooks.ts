import type { MlflowHttp } from './http.js';
import { collectPages } from './pages.js';
import type { WireWebhook, WireWebhookEvent } from './wire.js';

/** An event as MLflow's Python client writes it: `model_version.created`, `model_version_alias.created`, … */
export type WebhookEventName = `${string}.${string}`;

export interface Webhook {
  id: string;
  name: string;
  description: string;
  url: string;
  events: WebhookEventName[];
  status: 'ACTIVE' | 'DISABLED';
  creationTimestamp: number | undefined;
  lastUpdatedTimestamp: number | undefined;
}

/** `model_version.created` → `{entity: 'MODEL_VERSION', action: 'CREATED'}` (REST wants objects, not strings). */
export function eventToWire(event: WebhookEventName): WireWebhookEvent {
  const [entity, action] = event.split('.') as [string, string];
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

export function eventFromWire(event: WireWebhookEvent): WebhookEventName {
  return `${event.entity.toLowerCase()}.${event.action.toLowerCase()}`;
}

function webhookFromWire(wire: WireWebhook): Webhook {
  return {
    id: wire.webhook_id,
    name: wire.name,
    description: wire.description ?? '',
    url: wire.url,
    events: (wire.events ?? []).map(eventFromWire),
    status: (wire.status ?? 'ACTIVE') as Webhook['status'],
    creationTimestamp: wire.creation_timestamp,
    lastUpdatedTimestamp: wire.last_updated_timestamp,
  };
}

export interface CreateWebhookParams {
  name: string;
  url: string;
  events: readonly WebhookEventName[];
  description?: string;
  /** Signs deliveries (X-MLflow-Signature); never returned by the server. */
  secret?: string;
  status?: 'ACTIVE' | 'DISABLED';
}

export async function createWebhook(http: MlflowHttp, params: CreateWebhookParams): Promise<Webhook> {
  const response = await http.call<{ webhook: WireWebhook }>('POST', 'mlflow/webhooks', {
    body: {
      name: params.name,
      url: params.url,
      events: params.events.map(eventToWire),
      description: params.description,
      secret: params.secret,
      status: params.status,
    },
    idempotent: false,
  });
  return webhookFromWire(response.webhook);
}

export async function listWebhooks(http: MlflowHttp): Promise<Webhook[]> {
  return collectPages(async (pageToken) => {
    const response = await http.call<{ webhooks?: WireWebhook[]; next_page_token?: string }>('GET', 'mlflow/webhooks', {
      query: { max_results: 1000, page_token: pageToken },
    });
    return { items: response.webhooks, nextPageToken: response.next_page_token };
  }, webhookFromWire);
}

export type UpdateWebhookParams = Partial<CreateWebhookParams>;

export async function updateWebhook(http: MlflowHttp, id: string, params: UpdateWebhookParams): Promise<Webhook> {
  const response = await http.call<{ webhook: WireWebhook }>('PATCH', `mlflow/webhooks/${encodeURIComponent(id)}`, {
    body: {
      name: params.name,
      url: params.url,
      events: params.events?.map(eventToWire),
      description: params.description,
      secret: params.secret,
      status: params.status,
    },
  });
  return webhookFromWire(response.webhook);
}

export async function deleteWebhook(http: MlflowHttp, id: string): Promise<void> {
  await http.call('DELETE', `mlflow/webhooks/${encodeURIComponent(id)}`, { body: {} });
}

export interface WebhookTestResult {
  success: boolean;
  responseStatus: number | undefined;
  responseBody: string | undefined;
  errorMessage: string | undefined;
}

/** Asks the server to send a test delivery (the webhook's first event unless one is named). */
export async function testWebhook(http: MlflowHttp, id: string, event?: WebhookEventName): Promise<WebhookTestResult> {
  const response = await http.call<{
    result: { success?: boolean; response_status?: number; response_body?: string; error_message?: string };
  }>('POST', `mlflow/webhooks/${encodeURIComponent(id)}/test`, { body: event ? { event: eventToWire(event) } : {} });
  return {
    success: response.result.success ?? false,
    responseStatus: response.result.response_status,
    responseBody: response.result.response_body,
    errorMessage: response.result.error_message,
  };
}
