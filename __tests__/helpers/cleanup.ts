// What a test file starts — servers, child processes, browsers — is stopped after its last test, also when a test or
// a hook failed before its own close: one failing assertion must not leave a handle that keeps Jest from exiting.
import { afterAll } from '@jest/globals';

const pending = new Set<() => unknown>();

afterAll(async () => {
  const closers = [...pending].reverse();
  pending.clear();
  await Promise.allSettled(closers.map(async (close) => close()));
});

/** Stops `resource` with `stop` after the file's last test unless it was stopped before; returns the resource. */
export function stopAfterAll<T>(resource: T, stop: (resource: T) => unknown): T {
  let stopped = false;
  const once = (): unknown => {
    if (stopped) return undefined;
    stopped = true;
    pending.delete(once);
    return stop(resource);
  };
  pending.add(once);
  return resource;
}

/** A resource with an idempotent `close()` that also drops it from the after-all list. */
export function closeAfterAll<T extends { close(): unknown }>(resource: T): T {
  const close = resource.close.bind(resource);
  let closed: unknown;
  let done = false;
  const closeOnce = (): unknown => {
    if (!done) {
      done = true;
      closed = close();
    }
    return closed;
  };
  stopAfterAll(resource, closeOnce);
  resource.close = closeOnce;
  return resource;
}
