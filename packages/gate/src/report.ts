import { markdownTable } from '@mlops-actions/common';
import { formatNumber, formatPercent, formatReliability, type GateResult } from './evaluate.js';

const VALUE_WORDS = { true: 'holds', false: 'fails', unknown: 'undecided' } as const;

/** The gate result as Markdown, for a job summary or a model card. */
export function renderGateMarkdown(result: GateResult): string {
  const lines: string[] = [];
  lines.push(`### ${result.passed ? 'Gate passed: promote' : 'Gate failed: keep the production model'}`);
  lines.push('', `> ${result.reason}`, '');
  lines.push(`Condition \`${result.condition}\` · ${describeRun(result)}`, '');
  if (result.clauses.length > 0) {
    lines.push(
      markdownTable(
        [
          'clause',
          'estimate',
          `interval (${formatPercent(result.clauses[0]!.confidence)} bounds)`,
          'within ± tolerance',
          'items required',
          'value',
        ],
        result.clauses.map((c) => [
          c.clause,
          formatNumber(c.estimate),
          `[${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}] (${c.method})`,
          c.withinTolerance ? 'yes' : 'no',
          `${c.itemsRequired} (${c.bound})`,
          VALUE_WORDS[c.value],
        ]),
      ),
      '',
    );
  }
  const wilson = (interval: [number, number] | null): string =>
    interval ? `[${formatNumber(interval[0])}, ${formatNumber(interval[1])}]` : '—';
  lines.push(
    markdownTable(
      ['', 'estimate', `Wilson ${formatPercent(result.wilson.confidence)}`],
      [
        ['n (new accuracy)', formatNumber(result.n), wilson(result.wilson.n)],
        ['o (old accuracy)', result.o === null ? '—' : formatNumber(result.o), wilson(result.wilson.o)],
        ['d (predictions differ)', result.d === null ? '—' : formatNumber(result.d), ''],
      ],
    ),
    '',
  );
  if (result.mcnemar) {
    const m = result.mcnemar;
    lines.push(
      `McNemar's exact test: new right / old wrong ${m.newRightOldWrong}, new wrong / old right ${m.newWrongOldRight}; p = ${formatP(m.pValue)} (two-sided), ${formatP(m.pValueImprovement)} (new better).`,
      '',
    );
  }
  lines.push(
    `Test set: ${result.items} items; the paper's guarantee needs ${describeRequirement(result)}${result.supportedReliability === null ? '' : ` (these items support reliability ${formatReliability(result.supportedReliability)})`}.`,
  );
  for (const note of result.notes) lines.push(`- ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The gate result as plain text, for a terminal. */
export function renderGateText(result: GateResult): string {
  const lines = [result.reason, '', `condition  ${result.condition}`, `settings   ${describeRun(result)}`];
  for (const c of result.clauses) {
    lines.push(
      `clause     ${c.clause}: ${VALUE_WORDS[c.value]}; estimate ${formatNumber(c.estimate)}, ${formatPercent(c.confidence)} interval [${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}] (${c.method}), ${c.itemsRequired} items required (${c.bound})`,
    );
  }
  lines.push(
    `accuracy   n = ${formatNumber(result.n)}${result.o === null ? '' : `, o = ${formatNumber(result.o)}, d = ${formatNumber(result.d ?? 0)}`}`,
  );
  if (result.mcnemar)
    lines.push(
      `mcnemar    ${result.mcnemar.newRightOldWrong} vs ${result.mcnemar.newWrongOldRight} discordant, p = ${formatP(result.mcnemar.pValue)} (two-sided), ${formatP(result.mcnemar.pValueImprovement)} (new better)`,
    );
  lines.push(`items      ${result.items} (paper's requirement: ${describeRequirement(result)})`);
  for (const note of result.notes) lines.push(`note       ${note}`);
  lines.push(`decision   ${result.decision}`);
  return `${lines.join('\n')}\n`;
}

/** `29047 labelled items and 66847 items, labelled or not (for d)`: labels are what a test set costs. */
function describeRequirement(result: GateResult): string {
  const parts: string[] = [];
  if (result.labelledItemsRequired > 0) parts.push(`${result.labelledItemsRequired} labelled items`);
  if (result.unlabelledItemsRequired > 0)
    parts.push(`${result.unlabelledItemsRequired} items${result.labelledItemsRequired > 0 ? ', labelled or not (for d)' : ''}`);
  return parts.length > 0 ? parts.join(' and ') : `${result.itemsRequired} items`;
}

function describeRun(result: GateResult): string {
  const s = result.settings;
  const method =
    s.method === 'exact'
      ? 'exact tests'
      : s.method === 'bootstrap'
        ? `paired bootstrap (B = ${s.samples}, seed ${s.seed})`
        : 'Hoeffding/Bennett bounds';
  return `reliability ${formatReliability(s.reliability)} · ${s.mode} · adaptivity ${s.adaptivity}, H = ${s.steps} · ${method} · first model: ${s.firstModel}`;
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : Number(p.toPrecision(2)).toString();
}
