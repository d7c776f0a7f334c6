import { escapeMarkdown } from '@mlops-actions/common';
import { formatNumber, formatPercent, valueWord, type ClauseResult } from '@mlops-actions/gate';

/** Cells of the number line. */
const WIDTH = 56;

/** What the condition's variables stand for, said under the chart for whoever has not read the gate's documentation. */
const VARIABLE_MEANINGS = {
  n: 'the challenger’s accuracy',
  o: 'production’s accuracy',
  d: 'the share of items the two label differently',
} as const;

/** As many decimals as the axis needs to tell its ticks apart, at least two. */
function decimalsFor(range: number): number {
  return Math.min(6, Math.max(2, Math.ceil(-Math.log10(range / 4)) + 1));
}

/** One clause as a number line: the interval `[━━●━━]` with its estimate, the threshold `┃`, and labelled ends. */
function numberLine(clause: ClauseResult): string[] {
  const finite = [clause.interval[0], clause.interval[1], clause.threshold, clause.estimate].filter(Number.isFinite);
  let [low, high] = [Math.min(...finite), Math.max(...finite)];
  const pad = Math.max((high - low) * 0.15, 0.005);
  [low, high] = [low - pad, high + pad];
  const column = (value: number): number => {
    const clamped = Math.min(Math.max(Number.isFinite(value) ? value : value > 0 ? high : low, low), high);
    return Math.round(((clamped - low) / (high - low)) * (WIDTH - 1));
  };
  const cells = new Array<string>(WIDTH).fill('─');
  const [from, to] = [column(clause.interval[0]), column(clause.interval[1])];
  for (let i = from; i <= to; i++) cells[i] = '━';
  cells[from] = '[';
  cells[to] = ']';
  if (Number.isFinite(clause.estimate)) cells[column(clause.estimate)] = '●';
  const threshold = column(clause.threshold);
  cells[threshold] = '┃';
  const decimals = decimalsFor(high - low);
  const ends = low.toFixed(decimals);
  const thresholdLabel = `┗ threshold ${clause.threshold}`;
  // The threshold's label hangs under its mark; the axis ends are labelled on the line below.
  const under = `${' '.repeat(threshold)}${thresholdLabel}`;
  const axis = `${ends}${' '.repeat(Math.max(1, WIDTH - ends.length - high.toFixed(decimals).length))}${high.toFixed(decimals)}`;
  return [cells.join(''), under, axis];
}

/**
 * Each clause's confidence interval on a number line against its threshold, as text in a fenced block: GitHub's job
 * summary keeps it (its sanitizer removes inline SVG), and it reads the same in a terminal.
 */
export function renderIntervalChart(clauses: readonly ClauseResult[]): string | undefined {
  if (clauses.length === 0) return undefined;
  const charts = clauses.map((clause) => {
    const [lower, upper] = clause.interval.map(formatNumber);
    const heading =
      `${escapeMarkdown(clause.clause)} **${valueWord(clause.value, clause.slice)}**: estimate ${formatNumber(clause.estimate)}, ` +
      `${formatPercent(clause.confidence)} interval [${lower}, ${upper}]`;
    return [heading, '', '```text', ...numberLine(clause), '```'].join('\n');
  });
  const used = Object.entries(VARIABLE_MEANINGS).filter(([variable]) =>
    clauses.some((clause) => new RegExp(`(?<![A-Za-z])${variable}(?![A-Za-z])`).test(clause.clause)),
  );
  const legend = used.map(([variable, meaning]) => `${variable} is ${meaning}`).join(', ');
  return [...charts, ...(legend ? [`${legend}.`] : [])].join('\n\n');
}
