/** Sends a signal to a whole process group (what a child spawned `detached` leads); a group already gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group has exited already
  }
}

/**
 * Stops a process group: SIGTERM now, SIGKILL after `graceMs` to whatever is still there. Returns the function that
 * calls the SIGKILL off, for when the group has exited in time.
 */
export function terminateGroup(pid: number, graceMs: number): () => void {
  signalGroup(pid, 'SIGTERM');
  const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  return () => clearTimeout(killer);
}
