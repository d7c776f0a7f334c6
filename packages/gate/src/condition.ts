/** A variable of the condition language: new accuracy, old accuracy, fraction of differing predictions. */
export type Variable = 'n' | 'o' | 'd';

export const VARIABLES: readonly Variable[] = ['n', 'o', 'd'];

/** Where a piece of condition text starts, 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One clause `EXP cmp c +/- ε`, with its left side reduced to one coefficient per variable. */
export interface Clause {
  /** Coefficient of each variable on the left side (0 when absent). */
  coefficients: Record<Variable, number>;
  comparison: '>' | '<';
  threshold: number;
  /** The tolerance ε the test set must deliver for this clause. */
  tolerance: number;
  /** The clause as written. */
  source: string;
  position: SourcePosition;
}

/** A parsed condition: clauses joined by AND. */
export interface Condition {
  clauses: Clause[];
  /**
   * The trailing `, True` / `, False` of the reference pipeline's format, when present: True asks for a
   * statistically certain pass (mode fp-free), False for a pass unless certainly failed (mode fn-free).
   */
  referenceFlag: boolean | undefined;
}

/** The left side of a clause in canonical form: `n - o`, `n - 1.1 * o`, `d`. */
export function formatExpression(coefficients: Record<Variable, number>): string {
  let text = '';
  for (const variable of VARIABLES) {
    const coefficient = coefficients[variable];
    if (coefficient === 0) continue;
    const magnitude = Math.abs(coefficient);
    const term = magnitude === 1 ? variable : `${magnitude} * ${variable}`;
    if (text === '') text = coefficient < 0 ? `-${term}` : term;
    else text += coefficient < 0 ? ` - ${term}` : ` + ${term}`;
  }
  return text;
}

/** A clause in canonical form: `n - o > 0.02 +/- 0.01`. */
export function formatClause(clause: Clause): string {
  return `${formatExpression(clause.coefficients)} ${clause.comparison} ${clause.threshold} +/- ${clause.tolerance}`;
}

/** A condition in canonical form, clauses joined by `/\`. */
export function formatCondition(condition: Condition): string {
  return condition.clauses.map(formatClause).join(' /\\ ');
}

/** The variables a clause or condition uses. */
export function variablesOf(clauses: readonly Clause[]): Set<Variable> {
  const used = new Set<Variable>();
  for (const clause of clauses) for (const v of VARIABLES) if (clause.coefficients[v] !== 0) used.add(v);
  return used;
}
