// The GitHub API pieces alone, for programs outside Actions (the CLI, the relay): importing them from here keeps
// @actions/cache and @actions/core out of their bundles.
export {
  deployWorkflowDispatcher,
  githubRepository,
  startWorkflow,
  type DeployTarget,
  type GithubRepository,
  type WorkflowDispatch,
} from './dispatch.js';
export { githubDispatcher, type GithubDispatcherOptions, type VersionDispatch } from './github-dispatcher.js';
