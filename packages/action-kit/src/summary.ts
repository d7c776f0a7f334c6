import * as core from '@actions/core';

/** Appends Markdown to the job summary; outside a runner (no GITHUB_STEP_SUMMARY) it does nothing. */
export async function appendJobSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  await core.summary.addRaw(markdown, true).write();
  return true;
}

/** Sets the action's outputs; objects are written as JSON. */
export function setOutputs(outputs: Record<string, string | number | boolean | object | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    core.setOutput(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}
