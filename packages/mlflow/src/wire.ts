// MLflow's JSON as it travels: snake_case, int64 as numbers, empty fields omitted.

export interface WireTag {
  key: string;
  value: string;
}

export interface WireExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: WireTag[];
}

export interface WireMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step?: number;
}

export interface WireRunInfo {
  run_id: string;
  run_uuid?: string;
  experiment_id: string;
  run_name?: string;
  user_id?: string;
  status?: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface WireRun {
  info: WireRunInfo;
  data?: { metrics?: WireMetric[]; params?: WireTag[]; tags?: WireTag[] };
}

export interface WireModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  status_message?: string;
  tags?: WireTag[];
  run_link?: string;
  aliases?: string[];
}

export interface WireRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  tags?: WireTag[];
  aliases?: { alias: string; version: string }[];
  latest_versions?: WireModelVersion[];
}

export interface WireWebhookEvent {
  entity: string;
  action: string;
}

export interface WireWebhook {
  webhook_id: string;
  name: string;
  description?: string;
  url: string;
  events?: WireWebhookEvent[];
  status?: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
}

/** `[{key, value}]` → `{key: value}`. */
export function tagsToRecord(tags: readonly WireTag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.key, tag.value]));
}

/** `{key: value}` → `[{key, value}]`, or undefined when empty (MLflow omits empty lists). */
export function recordToTags(record: Record<string, string> | undefined): WireTag[] | undefined {
  const tags = Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
  return tags.length === 0 ? undefined : tags;
}

/** MLflow's doubles: numbers, or the strings NaN / Infinity / -Infinity. */
export function parseDouble(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(value);
}

/** A double as MLflow's JSON carries it. */
export function formatDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}
