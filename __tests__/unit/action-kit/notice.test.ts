import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { actionsLogger } from '@mlops-actions/action-kit';
import { captureStdout } from '../../helpers/capture-stdout.js';

describe('notice annotations', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  test('a notice is one workflow command, however hostile its text: %, CR and LF escaped, and : and , in its title', () => {
    const stdout = captureStdout();
    // A model name or reason from MLflow that tries to end the notice and issue commands of its own.
    actionsLogger().notice('v3 of evil\n::error::forged\r\n::add-mask::x 100% sure', 'Not promoted: v3, evil');
    expect(stdout.text()).toBe('::notice title=Not promoted%3A v3%2C evil::v3 of evil%0A::error::forged%0D%0A::add-mask::x 100%25 sure\n');
  });
});
