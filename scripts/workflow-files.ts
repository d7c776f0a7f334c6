// The workflow and action files users run or copy: the shipped workflows, every action.yml, and the YAML in the READMEs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');

export interface WorkflowText {
  /** Where it is: `.github/workflows/<file>`, or `<readme>#<n>` for the n-th YAML block of a README. */
  name: string;
  text: string;
}

/** The Markdown files whose YAML blocks users copy: the README and each action's README. */
export const README_FILES = [
  'README.md',
  ...readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join('actions', entry.name, 'README.md')),
];

/** Every fenced YAML block of a Markdown file, in order. */
export function yamlBlocks(markdownFile: string): WorkflowText[] {
  const text = readFileSync(join(root, markdownFile), 'utf8');
  return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((match, index) => ({
    name: `${markdownFile}#${index + 1}`,
    text: match[1]!,
  }));
}

const isWorkflow = (text: string): boolean => {
  const parsed = parse(text) as unknown;
  return typeof parsed === 'object' && parsed !== null && 'jobs' in parsed && 'on' in parsed;
};

/** The shipped workflows in .github/workflows/. */
export const shippedWorkflows = (): WorkflowText[] =>
  readdirSync(join(root, '.github', 'workflows'))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => ({ name: `.github/workflows/${name}`, text: readFileSync(join(root, '.github', 'workflows', name), 'utf8') }));

/** The complete workflows (with `on:` and `jobs:`) embedded in the READMEs. */
export const readmeWorkflows = (): WorkflowText[] => README_FILES.flatMap(yamlBlocks).filter((block) => isWorkflow(block.text));

/** The step lists embedded in the READMEs (`- uses: …` blocks), which users paste into a job. */
export const readmeStepLists = (): WorkflowText[] => README_FILES.flatMap(yamlBlocks).filter((block) => Array.isArray(parse(block.text)));

/** The action.yml of every action. */
export const actionDefinitions = (): WorkflowText[] =>
  readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      name: `actions/${entry.name}/action.yml`,
      text: readFileSync(join(root, 'actions', entry.name, 'action.yml'), 'utf8'),
    }));
