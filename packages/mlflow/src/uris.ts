import { ConfigurationError } from '@mlops-actions/common';

/** A parsed `models:/` URI: a version number or an alias of a registered model. */
export type ModelUri = { name: string; version: number; alias?: undefined } | { name: string; alias: string; version?: undefined };

/** Parses `models:/name/3` and `models:/name@alias`. */
export function parseModelUri(uri: string): ModelUri {
  const match = /^models:\/([^/@]+)(?:\/(\d+)|@([\w-]+))$/.exec(uri.trim());
  if (!match) throw new ConfigurationError(`'${uri}' is not a model URI: expected models:/<name>/<version> or models:/<name>@<alias>`);
  const name = decodeURIComponent(match[1]!);
  return match[2] !== undefined ? { name, version: Number(match[2]) } : { name, alias: match[3]! };
}

export function modelVersionUri(name: string, version: number): string {
  return `models:/${name}/${version}`;
}

export function modelAliasUri(name: string, alias: string): string {
  return `models:/${name}@${alias}`;
}

/** `runs:/<run id>/<path>`, the URI MLflow's clients use for a run's artifact. */
export function runArtifactUri(runId: string, path: string): string {
  return `runs:/${runId}/${path.replace(/^\/+/, '')}`;
}
