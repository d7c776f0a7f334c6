import { ConfigurationError } from '@mlops-actions/common';
import type { SourcePosition } from './condition.js';

/** A malformed condition: where (file, line, column), a caret under the spot, and what was expected. */
export class ConditionSyntaxError extends ConfigurationError {
  override readonly name = 'ConditionSyntaxError';
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  /** What the parser expected at that spot, e.g. `a number after '>'`. */
  readonly expected: string;

  constructor(params: { file: string | undefined; text: string; position: SourcePosition; expected: string }) {
    const { file, text, position, expected } = params;
    const sourceLine = text.split(/\r?\n/)[position.line - 1] ?? '';
    const where = `${file ?? 'condition'}:${position.line}:${position.column}`;
    const caret = `${' '.repeat(Math.max(0, position.column - 1))}^`;
    super(`${where}: ${expected}\n  ${sourceLine}\n  ${caret}`, { subject: file ?? 'condition' });
    this.file = file;
    this.line = position.line;
    this.column = position.column;
    this.expected = expected;
  }
}
