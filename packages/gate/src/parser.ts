import {
  formatVariable,
  metricName,
  sameMetric,
  type Clause,
  type Condition,
  type Metric,
  type SliceKind,
  type SourcePosition,
  type Variable,
} from './condition.js';
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
const VARIABLE_HELP =
  'n (new accuracy), o (old accuracy) or d (fraction of differing predictions), n@K/o@K (top-K accuracy), ' +
  'recall(new), precision(new), ece(new), brier(new), latency(new), latency(new, p95) or size(new) (or their (old) forms)';
const NUMBER_PATTERN = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME_PATTERN = /[A-Za-z_][A-Za-z0-9_]*/y;
const FUNCTIONS = new Set(['recall', 'precision', 'ece', 'brier', 'latency', 'size']);
/** Units a latency (→ ms) or size (→ MB, decimal) constant may carry, and their factor. */
const UNITS: Record<string, { metric: 'latency' | 'size'; factor: number }> = {
  ms: { metric: 'latency', factor: 1 },
  s: { metric: 'latency', factor: 1000 },
  KB: { metric: 'size', factor: 0.001 },
  MB: { metric: 'size', factor: 1 },
  GB: { metric: 'size', factor: 1000 },
};
/** The largest K of n@K: beyond any class count a classifier has. */
const MAX_TOP_K = 100_000;
const SLICE_EXAMPLE = "'forall class: n[class] - o[class] > -0.02 +/- 0.02'";

/** One variable as written: what it measures, whose it is, and the slice its bracket names. */
interface ParsedVariable {
  metric: Metric;
  variable: Variable;
  slice: SliceKind | undefined;
  token: Token;
  text: string;
}

/** A clause being read: its metric and slice (from the first variable), coefficients and constants per side. */
interface ClauseDraft {
  first: ParsedVariable | undefined;
  quantifier: SliceKind | undefined;
  coefficients: Record<Variable, number>;
  constant: number;
  units: Token[];
}

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
  const expectOp = (op: string, after: string): Token => {
    const token = take();
    if (!isOp(token, op)) fail(token, `expected '${op}' ${after}, found ${describe(token)}`);
    return token;
  };
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

  /** A unit after a number, when there is one: its factor to ms or MB (checked against the metric later). */
  const parseUnit = (draft: ClauseDraft): number => {
    const next = peek();
    if (next.kind !== 'name' || !(next.text in UNITS)) return 1;
    draft.units.push(take());
    return UNITS[next.text]!.factor;
  };

  /** `n`, `o@5`, `n[class]`, `recall(new)`, `latency(old, p95)`: the name token is taken already. */
  const parseVariable = (token: Token): ParsedVariable => {
    let metric: Metric;
    let variable: Variable;
    let slice: SliceKind | undefined;
    if (token.text === 'n' || token.text === 'o' || token.text === 'd') {
      variable = token.text;
      let k = 1;
      if (isOp(peek(), '@')) {
        take();
        if (variable === 'd') fail(token, `d is top-1 only: d@K is not a variable (n@K and o@K are)`);
        const { value, token: kToken } = parseNumberToken(`expected K, a whole number of 2 or more, after '${variable}@'`);
        if (!Number.isInteger(value) || value < 2 || value > MAX_TOP_K)
          fail(kToken, `K in ${variable}@K must be a whole number from 2 to ${MAX_TOP_K} (n@1 is n); got ${kToken.text}`);
        k = value;
      }
      metric = { kind: 'accuracy', k };
      if (isOp(peek(), '[')) {
        take();
        const word = take();
        if (word.kind !== 'name' || (word.text !== 'class' && word.text !== 'group'))
          fail(word, `expected 'class' or 'group' inside '[ ]' (as in ${SLICE_EXAMPLE}), found ${describe(word)}`);
        slice = word.text as SliceKind;
        expectOp(']', `after '[${word.text}'`);
      }
    } else {
      const name = token.text;
      expectOp('(', `after '${name}': write ${name}(new) or ${name}(old)`);
      const model = take();
      if (model.kind !== 'name' || (model.text !== 'new' && model.text !== 'old'))
        fail(model, `expected 'new' or 'old' inside ${name}( ), found ${describe(model)}`);
      variable = model.text === 'new' ? 'n' : 'o';
      if (name === 'latency') {
        let quantile: 'p50' | 'p95' = 'p50';
        if (isOp(peek(), ',')) {
          take();
          const level = take();
          if (level.kind !== 'name' || (level.text !== 'p50' && level.text !== 'p95'))
            fail(level, `expected p50 or p95 after 'latency(${model.text},', found ${describe(level)}`);
          quantile = level.text as 'p50' | 'p95';
        }
        metric = { kind: 'latency', quantile };
      } else {
        metric = { kind: name as 'recall' | 'precision' | 'ece' | 'brier' | 'size' };
      }
      expectOp(')', `to close ${name}(${model.text}`);
      if (isOp(peek(), '['))
        fail(peek(), `only n, o, d, n@K and o@K have per-slice values; ${name}(${model.text}) applies to the whole test set`);
    }
    return { metric, variable, slice, token, text: text.slice(token.offset, tokens[index - 1]!.end) };
  };

  /** Checks that a variable fits the clause so far: one metric, one slice, brackets matching the quantifier. */
  const admit = (draft: ClauseDraft, parsed: ParsedVariable): void => {
    const first = draft.first;
    if (first !== undefined && !sameMetric(first.metric, parsed.metric))
      fail(
        parsed.token,
        `one metric per clause: '${first.text}' measures ${metricName(first.metric)} and '${parsed.text}' ${metricName(parsed.metric)}; write a clause for each, joined by '/\\'`,
      );
    if (parsed.slice !== undefined && draft.quantifier === undefined)
      fail(
        parsed.token,
        `'${parsed.text}' is a per-${parsed.slice} value: start the clause with 'forall ${parsed.slice}:' (as in ${SLICE_EXAMPLE})`,
      );
    if (draft.quantifier !== undefined && parsed.slice !== draft.quantifier) {
      const wanted = formatVariable(parsed.metric, parsed.variable, draft.quantifier);
      fail(parsed.token, `inside 'forall ${draft.quantifier}:' every variable carries [${draft.quantifier}]: write '${wanted}'`);
    }
    draft.first ??= parsed;
  };

  /** One term, `[number *] variable [* number]` or a constant, added to the draft with the side's sign. */
  const parseTerm = (sign: number, draft: ClauseDraft): void => {
    let coefficient = sign;
    let parsed: ParsedVariable | undefined;
    let unitToken: Token | undefined;
    let afterStar = false;
    for (;;) {
      const token = take();
      let last = token;
      if (token.kind === 'number') {
        const unitsBefore = draft.units.length;
        coefficient *= Number(token.text) * parseUnit(draft);
        if (draft.units.length > unitsBefore) last = unitToken = draft.units[draft.units.length - 1]!;
        if (!Number.isFinite(coefficient)) fail(token, `the number ${token.text} is out of range`);
      } else if (token.kind === 'name' && (token.text === 'n' || token.text === 'o' || token.text === 'd' || FUNCTIONS.has(token.text))) {
        const variable = parseVariable(token);
        if (parsed !== undefined) fail(token, `a term can hold only one variable; '${parsed.text} * ${variable.text}' is not linear`);
        admit(draft, variable);
        parsed = variable;
        last = tokens[index - 1]!;
      } else if (token.kind === 'name' && token.text in UNITS) {
        fail(token, `a unit follows a number, as in '25 ms' or '50 MB'`);
      } else if (token.kind === 'name') {
        fail(token, `unknown variable '${token.text}': expected ${VARIABLE_HELP}`);
      } else {
        fail(
          token,
          `expected ${afterStar ? `a number or a variable after '*'` : `${VARIABLE_HELP} or a number`}, found ${describe(token)}`,
        );
      }
      const next = peek();
      if (isOp(next, '*')) {
        take();
        afterStar = true;
        continue;
      }
      if (next.kind === 'number' || next.kind === 'name') fail(next, `expected '*' between '${last.text}' and '${next.text}'`);
      break;
    }
    if (parsed === undefined) {
      draft.constant += coefficient;
      return;
    }
    if (unitToken !== undefined)
      fail(unitToken, `a unit belongs on a constant ('latency(new) < 25 ms'), not on the factor of '${parsed.text}'`);
    draft.coefficients[parsed.variable] += coefficient;
  };

  /** One side of a comparison: terms joined by + and −, added to the draft with the side's sign (−1 on the right). */
  const parseSide = (sideSign: number, draft: ClauseDraft): void => {
    let sign = sideSign;
    if (isOp(peek(), '+', '-')) sign = take().text === '-' ? -sideSign : sideSign;
    parseTerm(sign, draft);
    while (isOp(peek(), '+', '-')) {
      const op = take();
      parseTerm(op.text === '-' ? -sideSign : sideSign, draft);
    }
  };

  const parseClause = (): Clause => {
    const first = peek();
    const draft: ClauseDraft = { first: undefined, quantifier: undefined, coefficients: { n: 0, o: 0, d: 0 }, constant: 0, units: [] };
    if (first.kind === 'name' && first.text === 'forall') {
      take();
      const kind = take();
      if (kind.kind !== 'name' || (kind.text !== 'class' && kind.text !== 'group'))
        fail(kind, `expected 'class' or 'group' after 'forall' (as in ${SLICE_EXAMPLE}), found ${describe(kind)}`);
      draft.quantifier = kind.text as SliceKind;
      expectOp(':', `after 'forall ${kind.text}'`);
    }
    parseSide(1, draft);
    const comparisonToken = take();
    if (!isOp(comparisonToken, '>', '<'))
      fail(comparisonToken, `expected '>' or '<' after the expression, found ${describe(comparisonToken)}`);
    const comparison = comparisonToken.text as '>' | '<';
    if (isOp(peek(), '='))
      fail(peek(), `'${comparison}=' is not part of the language: write '${comparison}' (the tolerance already bounds the error)`);
    const rightStart = peek();
    if (!(rightStart.kind === 'number' || rightStart.kind === 'name' || isOp(rightStart, '+', '-')))
      fail(rightStart, `expected a number after '${comparison}', found ${describe(rightStart)}`);
    parseSide(-1, draft);
    const rightText = text.slice(rightStart.offset, tokens[index - 1]!.end);

    const { coefficients } = draft;
    for (const v of ['n', 'o', 'd'] as const) coefficients[v] = Number(coefficients[v].toPrecision(12)) + 0;
    const threshold = Number((-draft.constant).toPrecision(12)) + 0;
    // Accuracies lie in [0, 1]: the left side never exceeds the sum of the coefficients' sizes. Beyond a million its
    // arithmetic loses the precision a tolerance needs, and at 1e308 it overflows into infinity.
    const scale = Math.abs(coefficients.n) + Math.abs(coefficients.o) + Math.abs(coefficients.d);
    if (scale > MAX_MAGNITUDE)
      fail(first, `the coefficients add up to ${scale}: keep them within ${MAX_MAGNITUDE.toLocaleString('en')} in size`);
    if (scale === 0 || draft.first === undefined) {
      fail(first, 'the clause cancels out to 0: it must depend on a variable, such as n, o or d');
      throw new Error('unreachable');
    }
    const metric = draft.first.metric;

    let tolerance: number | undefined;
    let last = tokens[index - 1]!;
    const toleranceToken = peek();
    if (toleranceToken.kind === 'tolerance') {
      take();
      const parsed = parseNumberToken(`expected a tolerance (a number > 0) after '${toleranceToken.text}'`);
      tolerance = parsed.value * parseUnit(draft);
      last = tokens[index - 1]!;
      if (tolerance <= 0) fail(parsed.token, 'the tolerance must be greater than 0');
      tolerance = Number(tolerance.toPrecision(12));
    } else if (metric.kind !== 'latency' && metric.kind !== 'size') {
      fail(
        toleranceToken,
        `expected '+/-' and a tolerance after the threshold ${rightText} (as in 'n - o > 0.02 +/- 0.01'), found ${describe(toleranceToken)}`,
      );
    }
    for (const unit of draft.units) {
      const belongs = UNITS[unit.text]!.metric;
      if (belongs !== metric.kind)
        fail(
          unit,
          `the unit '${unit.text}' is for ${belongs === 'latency' ? 'latency (ms, s)' : 'size (KB, MB, GB)'} clauses; this clause measures ${metricName(metric)}, which takes plain numbers`,
        );
    }
    for (const [what, value] of [
      ['threshold', threshold],
      ['tolerance', tolerance ?? 0],
    ] as const)
      if (Math.abs(value) > MAX_MAGNITUDE) fail(last, `the ${what} ${value} is beyond ${MAX_MAGNITUDE.toLocaleString('en')} in size`);
    return {
      metric,
      slice: draft.quantifier,
      coefficients,
      comparison,
      threshold,
      tolerance,
      source: text.slice(first.offset, last.end),
      position: first.position,
    };
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
    } else if ('+-*<>,=[]()@:'.includes(char)) {
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
