/** The error `action` throws (synchronously); a test that expected one fails when it throws nothing. */
export function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('it did not throw');
}
