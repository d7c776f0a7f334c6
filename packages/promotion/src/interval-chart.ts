import type { ClauseResult } from '@mlops-actions/gate';

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const ROW = 46;
const WIDTH = 560;
const LEFT = 20;
const RIGHT = 20;

/** Each clause's confidence interval as a bar on a number line, against its threshold (a dashed line). */
export function renderIntervalChart(clauses: readonly ClauseResult[]): string | undefined {
  if (clauses.length === 0) return undefined;
  const values = clauses.flatMap((c) => [c.interval[0], c.interval[1], c.threshold, c.estimate]).filter(Number.isFinite);
  let [low, high] = [Math.min(...values), Math.max(...values)];
  const pad = Math.max((high - low) * 0.15, 0.005);
  [low, high] = [low - pad, high + pad];
  const x = (value: number): number => LEFT + ((Math.min(Math.max(value, low), high) - low) / (high - low)) * (WIDTH - LEFT - RIGHT);
  const rows = clauses.map((clause, i) => {
    const y = i * ROW + 30;
    const holds = clause.value === 'true';
    const color = holds ? '#1a7f37' : clause.value === 'false' ? '#cf222e' : '#9a6700';
    return [
      `<text x="${LEFT}" y="${y - 14}" font-weight="600">${escapeXml(clause.clause)}: ${clause.value === 'true' ? 'holds' : clause.value === 'false' ? 'fails' : 'not decided'}</text>`,
      `<line x1="${x(clause.threshold).toFixed(1)}" y1="${y - 10}" x2="${x(clause.threshold).toFixed(1)}" y2="${y + 10}" stroke="#1f2328" stroke-dasharray="3,2"/>`,
      `<text x="${x(clause.threshold).toFixed(1)}" y="${y + 22}" text-anchor="middle">threshold ${clause.threshold}</text>`,
      `<line x1="${x(clause.interval[0]).toFixed(1)}" y1="${y}" x2="${x(clause.interval[1]).toFixed(1)}" y2="${y}" stroke="${color}" stroke-width="6" stroke-linecap="round"/>`,
      `<circle cx="${x(clause.estimate).toFixed(1)}" cy="${y}" r="4" fill="#ffffff" stroke="${color}" stroke-width="2"/>`,
    ].join('');
  });
  const height = clauses.length * ROW + 8;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" ` +
    `font-size="11" fill="#1f2328" role="img" aria-label="confidence intervals against thresholds">${rows.join('')}</svg>`
  );
}
