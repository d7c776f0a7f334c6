import type { Clause, Condition, SourcePosition, Variable } from './condition.js';
import { ConditionSyntaxError } from './syntax-error.js';

type TokenKind = 'number' | 'name' | 'op' | 'tolerance' | 'and' | 'newline' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
  end: number;
  position: SourcePosition;
}

export interface ParseOptions {
  /** The file the text came from, for messages. */
  file?: string;
}

/** The largest size a threshold, a tolerance or the coefficients together may have: far beyond any meaningful gate. */
const MAX_MAGNITUDE = 1_000_000;
const VARIABLE_HELP = 'n (new accuracy), o (old accuracy) or d (fraction of differing predictions)';
const NUMBER_PATTERN = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME_PATTERN = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Parses condition text: one formula per line (clauses joined by `/\`, a line ending in `/\` continues on
 * the next), `#` comments, blank lines, and the reference pipeline's trailing `, True` / `, False`.
 * Lines are joined by AND. Throws ConditionSyntaxError for anything else.
 */
export function parseCondition(text: string, options: ParseOptions = {}): Condition {
  const tokens = tokenize(text, options.file);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const take = (): Token => tokens[index++]!;
  const fail = (token: Token, expected: string): never => {
    throw new ConditionSyntaxError({ file: options.file, text, position: token.position, expected });
  };
  const describe = (token: Token): string =>
    token.kind === 'end' ? 'the end of the condition' : token.kind === 'newline' ? 'the end of the line' : `'${token.text}'`;
  const isOp = (token: Token, ...ops: string[]): boolean => token.kind === 'op' && ops.includes(token.text);
  const skipNewlines = (): void => {
    while (peek().kind === 'newline') take();
  };

  const parseNumberToken = (expected: string): { value: number; token: Token } => {
    const token = take();
    if (token.kind !== 'number') fail(token, `${expected}, found ${describe(token)}`);
    const value = Number(token.text);
    if (!Number.isFinite(value)) fail(token, `the number ${token.text} is out of range`);
    return { value, token };
  };

  const parseSignedNumber = (expected: string): number => {
    let sign = 1;
    if (isOp(peek(), '+', '-')) sign = take().text === '-' ? -1 : 1;
    return sign * parseNumberToken(expected).value;
  };

  const parseTerm = (sign: number, coefficients: Record<Variable, number>): void => {
    const start = peek();
    let coefficient = sign;
    let variable: Variable | undefined;
    let afterStar = false;
    for (;;) {
      const token = take();
      if (token.kind === 'number') {
        coefficient *= Number(token.text);
        if (!Number.isFinite(coefficient)) fail(token, `the number ${token.text} is out of range`);
      } else if (token.kind === 'name' && isVariable(token.text)) {
        if (variable !== undefined) fail(token, `a term can hold only one variable; '${variable} * ${token.text}' is not linear`);
        variable = token.text;
      } else if (token.kind === 'name') {
        fail(token, `unknown variable '${token.text}': expected ${VARIABLE_HELP}`);
      } else {
        fail(token, `expected ${afterStar ? `a number or a variable after '*'` : VARIABLE_HELP}, found ${describe(token)}`);
      }
      const next = peek();
      if (isOp(next, '*')) {
        take();
        afterStar = true;
        continue;
      }
      if (next.kind === 'number' || next.kind === 'name') fail(next, `expected '*' between '${token.text}' and '${next.text}'`);
      break;
    }
    if (variable === undefined) {
      fail(start, `a term needs a variable, ${VARIABLE_HELP}; a constant belongs on the right of '>' or '<'`);
      return;
    }
    coefficients[variable] += coefficient;
  };

  const parseClause = (): Clause => {
    const first = peek();
    const coefficients: Record<Variable, number> = { n: 0, o: 0, d: 0 };
    let sign = 1;
    if (isOp(peek(), '+', '-')) sign = take().text === '-' ? -1 : 1;
    parseTerm(sign, coefficients);
    while (isOp(peek(), '+', '-')) {
      const op = take();
      parseTerm(op.text === '-' ? -1 : 1, coefficients);
    }
    for (const v of ['n', 'o', 'd'] as const) coefficients[v] = Number(coefficients[v].toPrecision(12));
    // n, o and d lie in [0, 1]: the left side never exceeds the sum of the coefficients' sizes. Beyond a million its
    // arithmetic loses the precision a tolerance needs, and at 1e308 it overflows into infinity.
    const scale = Math.abs(coefficients.n) + Math.abs(coefficients.o) + Math.abs(coefficients.d);
    if (scale > MAX_MAGNITUDE)
      fail(first, `the coefficients add up to ${scale}: keep them within ${MAX_MAGNITUDE.toLocaleString('en')} in size`);
    if (coefficients.n === 0 && coefficients.o === 0 && coefficients.d === 0) {
      fail(first, 'the left side cancels out to 0: it must depend on n, o or d');
    }
    const comparisonToken = take();
    if (!isOp(comparisonToken, '>', '<'))
      fail(comparisonToken, `expected '>' or '<' after the expression, found ${describe(comparisonToken)}`);
    const comparison = comparisonToken.text as '>' | '<';
    if (isOp(peek(), '='))
      fail(peek(), `'${comparison}=' is not part of the language: write '${comparison}' (the tolerance already bounds the error)`);
    const threshold = parseSignedNumber(`expected a number after '${comparison}'`);
    const toleranceToken = take();
    if (toleranceToken.kind !== 'tolerance') {
      fail(
        toleranceToken,
        `expected '+/-' and a tolerance after the threshold ${threshold} (as in 'n - o > 0.02 +/- 0.01'), found ${describe(toleranceToken)}`,
      );
    }
    const { value: tolerance, token: last } = parseNumberToken(`expected a tolerance (a number > 0) after '${toleranceToken.text}'`);
    if (tolerance <= 0) fail(last, 'the tolerance must be greater than 0');
    for (const [what, value] of [
      ['threshold', threshold],
      ['tolerance', tolerance],
    ] as const)
      if (Math.abs(value) > MAX_MAGNITUDE) fail(last, `the ${what} ${value} is beyond ${MAX_MAGNITUDE.toLocaleString('en')} in size`);
    return { coefficients, comparison, threshold, tolerance, source: text.slice(first.offset, last.end), position: first.position };
  };

  const clauses: Clause[] = [];
  let referenceFlag: boolean | undefined;
  skipNewlines();
  while (peek().kind !== 'end') {
    clauses.push(parseClause());
    while (peek().kind === 'and') {
      take();
      skipNewlines();
      clauses.push(parseClause());
    }
    if (isOp(peek(), ',')) {
      take();
      const flagToken = take();
      const flag = flagToken.kind === 'name' ? parseFlag(flagToken.text) : undefined;
      if (flag === undefined) fail(flagToken, `expected True or False after ',', found ${describe(flagToken)}`);
      if (referenceFlag !== undefined && referenceFlag !== flag)
        fail(flagToken, `this line's flag ${flagToken.text} contradicts an earlier line's flag; use one mode for the whole condition`);
      referenceFlag = flag;
    }
    const after = peek();
    if (after.kind !== 'newline' && after.kind !== 'end') {
      fail(after, `expected '/\\' to join another clause, or the end of the line, found ${describe(after)}`);
    }
    skipNewlines();
  }
  if (clauses.length === 0) {
    throw new ConditionSyntaxError({
      file: options.file,
      text,
      position: { line: 1, column: 1 },
      expected: "expected a condition such as 'n - o > 0.02 +/- 0.01', found only blank lines and comments",
    });
  }
  return { clauses, referenceFlag };
}

function isVariable(text: string): text is Variable {
  return text === 'n' || text === 'o' || text === 'd';
}

function parseFlag(text: string): boolean | undefined {
  if (text === 'True' || text === 'true') return true;
  if (text === 'False' || text === 'false') return false;
  return undefined;
}

/** Length of the sticky pattern's match at offset, 0 when it does not match there. */
function matchAt(pattern: RegExp, text: string, offset: number): number {
  pattern.lastIndex = offset;
  return pattern.exec(text)?.[0].length ?? 0;
}

function tokenize(text: string, file: string | undefined): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, length: number, tokenText = text.slice(offset, offset + length)): void => {
    tokens.push({ kind, text: tokenText, offset, end: offset + length, position: { line, column: offset - lineStart + 1 } });
    offset += length;
  };
  while (offset < text.length) {
    const rest = text.slice(offset, offset + 3);
    const char = text[offset]!;
    if (char === '\n') {
      push('newline', 1);
      line++;
      lineStart = offset;
    } else if (char === ' ' || char === '\t' || char === '\r' || char === '\u00a0') {
      offset++;
    } else if (char === '#') {
      while (offset < text.length && text[offset] !== '\n') offset++;
    } else if (rest.startsWith('+/-')) {
      push('tolerance', 3);
    } else if (char === '±') {
      push('tolerance', 1);
    } else if (rest.startsWith('/\\')) {
      push('and', 2);
    } else if (char === '∧') {
      push('and', 1);
    } else if ('+-*<>,='.includes(char)) {
      push('op', 1);
    } else if (char === '−') {
      push('op', 1, '-');
    } else if (matchAt(NUMBER_PATTERN, text, offset) > 0) {
      push('number', matchAt(NUMBER_PATTERN, text, offset));
    } else if (matchAt(NAME_PATTERN, text, offset) > 0) {
      push('name', matchAt(NAME_PATTERN, text, offset));
    } else {
      const position = { line, column: offset - lineStart + 1 };
      throw new ConditionSyntaxError({
        file,
        text,
        position,
        expected: `unexpected character '${char}': expected ${VARIABLE_HELP}, a number, '+', '-', '*', '>', '<', '+/-' or '/\\'`,
      });
    }
  }
  tokens.push({ kind: 'end', text: '', offset, end: offset, position: { line, column: offset - lineStart + 1 } });
  return tokens;
}
