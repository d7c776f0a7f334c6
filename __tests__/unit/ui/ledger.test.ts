import { describe, expect, test } from '@jest/globals';
import { appModule } from './app-modules.js';

interface Entry {
  kind: string;
  from: number | undefined;
  to: number | undefined;
  at: number;
  reason: string;
  runId: string | undefined;
}
interface Ledger {
  ledgerEntries: (runs: unknown[], modelName: string) => Entry[];
  ledgerSearch: (experimentId: string, modelName: string, pageToken?: string) => Record<string, unknown>;
}
const { ledgerEntries, ledgerSearch } = await appModule<Ledger>('ledger.js');

/** A ledger run as MLflow's REST API returns it. */
function run(id: string, start: number, tags: Record<string, string>) {
  return { info: { run_id: id, start_time: start }, data: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } };
}
const entryTags = (kind: string, from: string, to: string, extra: Record<string, string> = {}) => ({
  'mlops.ledger.model': 'digits',
  'mlops.ledger.alias': 'production',
  'mlops.ledger.kind': kind,
  'mlops.ledger.from': from,
  'mlops.ledger.to': to,
  'mlops.ledger.actor': 'ci',
  'mlops.ledger.reason': `${kind} ${to}`,
  ...extra,
});

describe("the page's ledger, read as packages/promotion's readLedger reads it", () => {
  test("asks for the model's entries oldest first, its name quoted as a filter string", () => {
    expect(ledgerSearch('7', "o'brien\\x", 'next')).toEqual({
      experiment_ids: ['7'],
      filter: "tags.`mlops.ledger.model` = 'o\\'brien\\\\x'",
      order_by: ['attributes.start_time ASC'],
      max_results: 1000,
      page_token: 'next',
    });
  });

  test("entries oldest first; the same time keeps the server's order; runs that are no entries are passed over", () => {
    const entries = ledgerEntries(
      [
        run('b', 2000, entryTags('manual', '1', '2')),
        run('c', 2000, entryTags('promotion', '2', '3')),
        run('a', 1000, entryTags('promotion', '', '1')),
        run('d', 3000, entryTags('rollback', '3', '2')),
        run('e', 3500, entryTags('approval', '2', '4')),
        run('x', 500, { 'mlops.ledger.model': 'digits', 'mlops.ledger.alias': 'production', 'mlops.ledger.kind': 'deploy' }),
        run('y', 600, { note: 'logged by hand' }),
        run('z', 700, { ...entryTags('promotion', '', '9'), 'mlops.ledger.model': 'another' }),
      ],
      'digits',
    );
    expect(entries.map((entry) => [entry.runId, entry.kind, entry.from, entry.to])).toEqual([
      ['a', 'promotion', undefined, 1],
      ['b', 'manual', 1, 2],
      ['c', 'promotion', 2, 3],
      ['d', 'rollback', 3, 2],
      ['e', 'approval', 2, 4],
    ]);
  });

  test('versions that are not whole numbers read as none, as in readLedger', () => {
    const [entry] = ledgerEntries([run('a', 1, entryTags('found', '1.5', 'v2'))], 'digits');
    expect([entry!.from, entry!.to]).toEqual([undefined, undefined]);
  });
});
