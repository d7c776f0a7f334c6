import { jest } from '@jest/globals';

/** Captures what the code under test writes to stdout (workflow commands such as ::error::); restore with jest.restoreAllMocks. */
export function captureStdout(): { text: () => string } {
  let written = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  return { text: () => written };
}
