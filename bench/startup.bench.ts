// Benchmark of the mlops CLI's start-up, against a bare `node -e 0` in the same run: wall time and peak memory (RSS) of
// `mlops --version`, `mlops --help` and one `mlops gate evaluate` decision on a small predictions file, each run as its
// own process from the committed bundle (dist/cli/index.js), the way `npm i -g` and a checkout run it. Medians of
// RUNS runs, each command's runs interleaved with the others' so a machine that slows down slows all alike.
// `--node <path>` runs them (the baseline too) with another Node.js, e.g. the Actions runtime's 24:
// npm run bench:startup -- --node "$(npx -y -p node@24 which node)"
// `--cli <path>` times another bundle of the CLI, e.g. an earlier commit's dist/cli/index.js (with node_modules beside it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const RUNS = 15;
const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { node: { type: 'string', default: process.execPath }, cli: { type: 'string', default: join(root, 'dist', 'cli', 'index.js') } },
});
const node = values.node;
const cli = resolve(values.cli);
const scratch = mkdtempSync(join(tmpdir(), 'mlops-startup-'));
const predictions = join(scratch, 'predictions.csv');
const peakFile = join(scratch, 'peak');
// 1,000 items: the new model right on 80%, the old one on 75%.
writeFileSync(
  predictions,
  [
    'label,new,old',
    ...Array.from({ length: 1000 }, (_, i) => `${i % 10},${i % 5 === 0 ? (i + 1) % 10 : i % 10},${i % 4 === 0 ? (i + 1) % 10 : i % 10}`),
  ].join('\n'),
);
// Every process, the baseline included, writes its own peak RSS when it exits: the same small preload for all.
const preload = join(scratch, 'peak.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));`,
);

const COMMANDS: { name: string; args: string[] }[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'mlops --version', args: [cli, '--version'] },
  { name: 'mlops --help', args: [cli, '--help'] },
  { name: 'mlops gate evaluate', args: [cli, 'gate', 'evaluate', '--condition', 'n - o > 0.02 +/- 0.05', '--predictions', predictions] },
];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const samples = COMMANDS.map(() => ({ ms: [] as number[], mb: [] as number[] }));
try {
  for (let run = 0; run < RUNS + 1; run++)
    for (const [index, { name, args }] of COMMANDS.entries()) {
      const start = performance.now();
      const child = spawnSync(node, ['--require', preload, ...args], { encoding: 'utf8' });
      const ms = performance.now() - start;
      // Exit code 3: the gate ran and the condition did not pass, a normal outcome.
      if (child.status !== 0 && child.status !== 3) throw new Error(`${name} exited with ${child.status}: ${child.stderr}`);
      // The first round warms the file cache: it is not counted.
      if (run === 0) continue;
      samples[index]!.ms.push(ms);
      samples[index]!.mb.push(Number(readFileSync(peakFile, 'utf8')) / 1024);
    }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const baseline = { ms: median(samples[0]!.ms), mb: median(samples[0]!.mb) };
console.log(
  `CLI start-up, Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${RUNS} runs each (median wall time, median peak RSS); targets: --help and gate < 150 ms, < 80 MB`,
);
for (const [index, { name }] of COMMANDS.entries()) {
  const ms = median(samples[index]!.ms);
  const mb = median(samples[index]!.mb);
  console.log(
    `  ${name.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  ${mb.toFixed(0).padStart(4)} MB` +
      (index === 0 ? '' : `   ${(ms / baseline.ms).toFixed(2)}× the baseline's time, +${(mb - baseline.mb).toFixed(0)} MB`),
  );
}
