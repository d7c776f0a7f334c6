import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from '@jest/globals';
import type { InputSpecs } from '@mlops-actions/common';
import { parse } from 'yaml';

export interface ActionDefinition {
  inputs: Record<string, { required?: boolean; default?: string; description: string }>;
  outputs: Record<string, { description: string; value?: string }>;
  runs: {
    using: string;
    main?: string;
    steps?: { id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[];
  };
}

const actionsDir = resolve(import.meta.dirname, '..', '..', 'actions');

export const readAction = (name: string): ActionDefinition =>
  parse(readFileSync(join(actionsDir, name, 'action.yml'), 'utf8')) as ActionDefinition;
/**
 * A composite action's runtime manifest and lockfile (actions/<name>/runtime/), checked to agree with each other as
 * `npm ci` requires, and to be what `npm run bundle` put beside the bundle.
 */
export function readRuntime(name: string): { dependencies: Record<string, string> } {
  const runtime = join(actionsDir, name, 'runtime');
  const manifest = JSON.parse(readFileSync(join(runtime, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(runtime, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
  };
  expect(lock.packages['']?.dependencies).toEqual(manifest.dependencies);
  for (const [module, version] of Object.entries(manifest.dependencies))
    expect(lock.packages[`node_modules/${module}`]?.version).toBe(version);
  const dist = join(actionsDir, '..', 'dist', name);
  for (const file of ['package.json', 'package-lock.json'])
    expect(readFileSync(join(dist, file), 'utf8')).toBe(readFileSync(join(runtime, file), 'utf8'));
  return manifest;
}

export const readActionReadme = (name: string): string => readFileSync(join(actionsDir, name, 'README.md'), 'utf8');

/**
 * action.yml declares exactly the inputs the code's spec has — each with the spec's description, default and whether it
 * is required — and the outputs the code writes, and the README's tables list them all.
 */
export function expectActionContract(name: string, specs: InputSpecs, outputs: readonly string[]): void {
  const action = readAction(name);
  const inputs = Object.keys(specs);
  expect(Object.keys(action.inputs).sort()).toEqual([...inputs].sort());
  for (const [input, spec] of Object.entries(specs))
    expect({ input, ...action.inputs[input] }).toEqual({
      input,
      description: spec.description,
      required: spec.required ?? false,
      ...(spec.default === undefined ? {} : { default: spec.default }),
    });
  expect(Object.keys(action.outputs).sort()).toEqual([...outputs].sort());
  const readme = readActionReadme(name);
  for (const entry of [...inputs, ...outputs]) expect(readme).toMatch(new RegExp(`^\\| \`${entry}\` +\\|`, 'm'));
}
