/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ConfigurationError, silentLogger } from '@mlops-actions/common';
import { loadDataset, loadGroups, modelInput, type Dataset } from '@mlops-actions/evaluation';
import { parsePreprocessing } from '@mlops-actions/model-format';
import { ByteWriter, ParquetWriter, parquetWriteFile, schemaFromColumnData } from 'hyparquet-writer';
import sharp from 'sharp';

const dir = mkdtempSync(join(tmpdir(), 'table-datasets-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const load = (spec: string, labelColumn?: string): Promise<Dataset> =>
  loadDataset(spec, { cacheDir: dir, logger: silentLogger, labelColumn });
const table = async (spec: string, labelColumn?: string) => {
  const dataset = await load(spec, labelColumn);
  if (dataset.kind !== 'table') throw new Error(`${spec} is not a table`);
  return dataset;
};

const IRIS_CSV = `sepal_length,sepal_width,species,site
5.1,3.5,setosa,north
7.0,3.2,versicolor,south
6.3,3.3,virginica,north
4.9,3.0,setosa,
`;
const tablePreprocessing = (features: string[]) =>
  parsePreprocessing(JSON.stringify({ kind: 'table', input_name: 'input', features, labels: ['setosa', 'versicolor', 'virginica'] }));

describe('csv test sets', () => {
  test('labels from the label column, classes sorted, features read row-major in the order asked', async () => {
    const dataset = await table(`csv:${file('iris.csv', IRIS_CSV)}`, 'species');
    expect(dataset.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(dataset.labels)).toEqual([0, 1, 2, 0]);
    expect(dataset.columns).toEqual(['sepal_length', 'sepal_width', 'site']);
    expect(Array.from(await dataset.readFeatures(1, 3, ['sepal_width', 'sepal_length']))).toEqual([
      Math.fround(3.2),
      7,
      Math.fround(3.3),
      Math.fround(6.3),
    ]);
    expect(dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  test('numeric labels sort as numbers: 10 after 9', async () => {
    const dataset = await table(`csv:${file('numeric.csv', 'x,label\n1,10\n2,9\n3,10\n4,2\n')}`);
    expect(dataset.classes).toEqual(['2', '9', '10']);
    expect(Array.from(dataset.labels)).toEqual([2, 1, 2, 0]);
  });

  test('the fingerprint follows the rows and the labels, not the file name', async () => {
    const a = await table(`csv:${file('a.csv', IRIS_CSV)}`, 'species');
    const same = await table(`csv:${file('same.csv', IRIS_CSV)}`, 'species');
    const relabelled = await table(`csv:${file('relabelled.csv', IRIS_CSV.replace('virginica', 'versicolor'))}`, 'species');
    const changed = await table(`csv:${file('changed.csv', IRIS_CSV.replace('6.3', '6.4'))}`, 'species');
    expect(same.fingerprint).toBe(a.fingerprint);
    expect(relabelled.fingerprint).not.toBe(a.fingerprint);
    expect(changed.fingerprint).not.toBe(a.fingerprint);
  });

  test('a quoted field may hold the delimiter; a byte-order mark and blank lines are no trouble', async () => {
    const dataset = await table(`csv:${file('quoted.csv', '\uFEFFx,label\n1,"a, b"\n\n2,c\n')}`);
    expect(dataset.classes).toEqual(['a, b', 'c']);
  });

  test.each([
    [
      'a missing label column, with the columns and a close name',
      'x,Label\n1,a\n',
      undefined,
      "has no column 'label' (the label column: name it with the input 'label-column') (did you mean 'Label'?); its columns: 'x', 'Label'",
    ],
    ['an empty label, by line and item', 'x,label\n1,a\n2,\n', undefined, ".csv, line 3 (item 1): the label column 'label' is empty"],
    ['one class only', 'x,label\n1,a\n2,a\n', undefined, "the label column 'label' holds one class only ('a')"],
    ['a header without rows', 'x,label\n', undefined, 'has a header but no rows'],
    ['an empty file', '', undefined, 'is empty: the CSV test set needs a header row'],
    ['a repeated column', 'x,x,label\n1,2,a\n', undefined, "the header names the column 'x' twice"],
    ['a row with a field too many', 'x,label\n1,a\n2,b,3\n', undefined, 'is not a valid CSV file: Invalid Record Length'],
  ])('%s is refused', async (name, text, labelColumn, message) => {
    const path = file(`${name.split(' ').slice(0, 2).join('-')}.csv`, text);
    const error = await load(`csv:${path}`, labelColumn).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(path);
  });

  test('a file that does not exist names the path and the input form', async () => {
    await expect(load(`csv:${join(dir, 'nope.csv')}`)).rejects.toThrow(
      `the CSV test set '${join(dir, 'nope.csv')}' cannot be read (ENOENT): check the path in 'dataset: csv:<path>'`,
    );
  });

  test.each([
    ['text', 'x,label\n1,a\nabc,b\n', "line 3 (item 1), column 'x': 'abc' is not a number"],
    ['an empty cell', 'x,label\n1,a\n,b\n', "line 3 (item 1), column 'x': the cell is empty"],
    ['infinity', 'x,label\n1,a\nInfinity,b\n', "line 3 (item 1), column 'x': 'Infinity' is not a number"],
    ['hex', 'x,label\n0x10,a\n1,b\n', "line 2 (item 0), column 'x': '0x10' is not a number"],
  ])('a feature cell holding %s is refused when the feature is read, naming file, line and column', async (name, text, message) => {
    const path = file(`bad-${name.replace(/ /g, '-')}.csv`, text);
    const dataset = await table(`csv:${path}`);
    await expect(dataset.readFeatures(0, 2, ['x'])).rejects.toThrow(`${path}, ${message}`);
  });

  test('the features asked for together are checked in the order asked: the first bad column is named', async () => {
    const path = file('two-bad.csv', 'a,b,label\n1,x,p\ny,2,q\n');
    await expect((await table(`csv:${path}`)).readFeatures(0, 2, ['b', 'a'])).rejects.toThrow(
      `${path}, line 2 (item 0), column 'b': 'x' is not a number`,
    );
    await expect((await table(`csv:${path}`)).readFeatures(0, 2, ['a', 'b'])).rejects.toThrow(
      `${path}, line 3 (item 1), column 'a': 'y' is not a number`,
    );
  });

  test('a file that changes after its labels were read is refused when its features or groups are read', async () => {
    const path = file('changing.csv', IRIS_CSV);
    const edited = await table(`csv:${path}`, 'species');
    writeFileSync(path, IRIS_CSV.replace('5.1', '9.9'));
    await expect(edited.readFeatures(0, 1, ['sepal_length'])).rejects.toThrow(
      `${path} changed while it was being read: run again once nothing is writing to it`,
    );
    const grown = await table(`csv:${path}`, 'species');
    writeFileSync(path, `${IRIS_CSV.replace('5.1', '9.9')}5.0,3.1,setosa,south\n`);
    await expect(loadGroups('column:site', grown)).rejects.toThrow(`${path} changed while it was being read: 5 rows, not 4`);
  });

  test('a text column that is no feature of the model is no trouble', async () => {
    const dataset = await table(`csv:${file('with-text.csv', IRIS_CSV)}`, 'species');
    expect(Array.from(await dataset.readFeatures(0, 1, ['sepal_length']))).toEqual([Math.fround(5.1)]);
  });
});

describe('parquet test sets', () => {
  const path = join(dir, 'iris.parquet');
  parquetWriteFile({
    filename: path,
    columnData: [
      { name: 'sepal_length', data: [5.1, 7.0, 6.3, 4.9], type: 'DOUBLE' },
      { name: 'count', data: [1n, 2n, 3n, 4n], type: 'INT64' },
      { name: 'label', data: ['setosa', 'versicolor', 'virginica', 'setosa'], type: 'STRING' },
      { name: 'site', data: ['north', 'south', 'north', null], type: 'STRING', nullable: true },
      { name: 'gap', data: [1.5, null, 2.5, 3.5], type: 'DOUBLE', nullable: true },
    ],
    rowGroupSize: 3,
  });

  test('labels, classes and features across row groups; 64-bit integers are numbers', async () => {
    const dataset = await table(`parquet:${path}`);
    expect(dataset.name).toBe(`parquet:${path}`);
    expect(dataset.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(dataset.labels)).toEqual([0, 1, 2, 0]);
    expect(dataset.columns).toEqual(['sepal_length', 'count', 'site', 'gap']);
    expect(Array.from(await dataset.readFeatures(2, 4, ['count', 'sepal_length']))).toEqual([3, Math.fround(6.3), 4, Math.fround(4.9)]);
  });

  test('a missing cell or a text column read as a feature names file, row and column', async () => {
    const dataset = await table(`parquet:${path}`);
    await expect(dataset.readFeatures(0, 4, ['gap'])).rejects.toThrow(`${path}, row 1, column 'gap': the cell is empty`);
    await expect(dataset.readFeatures(0, 4, ['site'])).rejects.toThrow(`${path}, row 0, column 'site': 'north' is not a number`);
  });

  test('a missing label column lists the columns; a file that is not Parquet says so', async () => {
    await expect(load(`parquet:${path}`, 'species')).rejects.toThrow(
      `${path} has no column 'species' (the label column: name it with the input 'label-column'); its columns: 'sepal_length', 'count', 'label', 'site', 'gap'`,
    );
    const text = file('not.parquet', 'x,label\n1,a\n');
    await expect(load(`parquet:${text}`)).rejects.toThrow(`${text} is not a valid Parquet file`);
    await expect(load(`parquet:${join(dir, 'nope.parquet')}`)).rejects.toThrow(
      `the Parquet test set '${join(dir, 'nope.parquet')}' cannot be read`,
    );
  });

  /** The iris file, written with its metadata's row counts changed: the file's own, and each row group's. */
  const lyingParquet = (name: string, rows: bigint, groupRows: readonly bigint[]): string => {
    const columnData = [
      { name: 'sepal_length', data: [5.1, 7.0, 6.3, 4.9], type: 'DOUBLE' as const },
      { name: 'label', data: ['setosa', 'versicolor', 'virginica', 'setosa'], type: 'STRING' as const },
    ];
    const writer = new ByteWriter();
    const parquet = new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData }) });
    void parquet.write({ columnData, rowGroupSize: 3 });
    parquet.num_rows = rows;
    groupRows.forEach((count, index) => (parquet.row_groups[index]!.num_rows = count));
    void parquet.finish();
    const lying = join(dir, name);
    writeFileSync(lying, new Uint8Array(writer.getBuffer()));
    return lying;
  };

  test.each([
    [
      '2^53 rows, more than its row groups hold',
      2n ** 53n,
      [3n, 1n],
      'its metadata says it has 9007199254740992 rows, but its row groups hold 4',
    ],
    [
      '2^53 rows in its row groups too',
      2n ** 53n,
      [2n ** 53n - 1n, 1n],
      'its metadata claims 9007199254740992 rows, more than a test set can have (2147483647)',
    ],
    ['a negative row count', -1n, [-2n, 1n], 'its metadata claims -1 rows'],
    ['more rows than its pages hold', 1001n, [1000n, 1n], "its metadata says it has 1001 rows, but the column 'label' holds 4"],
    ['fewer rows than its pages hold', 3n, [2n, 1n], "its metadata says it has 3 rows, but the column 'label' holds 4"],
    ['row groups that overlap', 4n, [2n, 2n], "the pages of the column 'label' do not follow one another as its row groups say"],
  ])(
    'a file whose metadata claims %s is refused as damaged before anything that size is allocated',
    async (name, rows, groups, message) => {
      const lying = lyingParquet(`lying-${name.replace(/\W+/g, '-')}.parquet`, rows, groups);
      const error = await load(`parquet:${lying}`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(`${lying} is damaged: ${message}; write the file again`);
    },
  );

  test('the same file with its metadata intact is read', async () => {
    const honest = lyingParquet('honest.parquet', 4n, [3n, 1n]);
    expect(Array.from((await table(`parquet:${honest}`)).labels)).toEqual([0, 1, 2, 0]);
  });

  test('the same rows as CSV and as Parquet give the same classes and features', async () => {
    const csv = await table(
      `csv:${file('same-as-parquet.csv', 'sepal_length,label\n5.1,setosa\n7.0,versicolor\n6.3,virginica\n4.9,setosa\n')}`,
    );
    const parquet = await table(`parquet:${path}`);
    expect(parquet.classes).toEqual(csv.classes);
    expect(Array.from(parquet.labels)).toEqual(Array.from(csv.labels));
    expect(await parquet.readFeatures(0, 4, ['sepal_length'])).toEqual(await csv.readFeatures(0, 4, ['sepal_length']));
  });
});

describe('groups', () => {
  test('column:<name> groups the rows by a column; an empty cell is in no group', async () => {
    const dataset = await table(`csv:${file('grouped.csv', IRIS_CSV)}`, 'species');
    const groups = await loadGroups('column:site', dataset);
    expect(groups.names).toEqual(['north', 'south']);
    expect(Array.from(groups.ofItem)).toEqual([0, 1, 0, -1]);
    const parquet = await loadGroups('column:site', await table(`parquet:${join(dir, 'iris.parquet')}`));
    expect(Array.from(parquet.ofItem)).toEqual([0, 1, 0, -1]);
  });

  test('a file item,group by 0-based index; items it does not list are in no group', async () => {
    const dataset = await table(`csv:${file('by-index.csv', IRIS_CSV)}`, 'species');
    const groups = await loadGroups(file('groups.csv', 'item,group\n3,old\n0,new\n1,old\n'), dataset);
    expect(groups.names).toEqual(['new', 'old']);
    expect(Array.from(groups.ofItem)).toEqual([0, 1, -1, 1]);
  });

  test('for an image folder, a groups file may name the images by their path in the folder', async () => {
    const folder = join(dir, 'images');
    for (const name of ['cat', 'dog']) {
      mkdirSync(join(folder, name), { recursive: true });
      for (const image of ['1.png', '2.png'])
        await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } })
          .png()
          .toFile(join(folder, name, image));
    }
    const dataset = await load(`image-folder:${folder}`);
    const groups = await loadGroups(file('image-groups.csv', 'item,group\ndog/2.png,indoor\ncat/1.png,outdoor\n2,x\n'), dataset);
    expect(groups.names).toEqual(['indoor', 'outdoor', 'x']);
    // Items are in class order, then file order: cat/1, cat/2, dog/1, dog/2 (item 2 by its index).
    expect(Array.from(groups.ofItem)).toEqual([1, -1, 2, 0]);
  });

  test.each([
    ['an item past the end', 'item,group\n0,a\n4,b\n', "line 3: the item '4' is not in the test set"],
    ['an item that is no number', 'item,group\nfirst,a\n', "line 2: the item 'first' is not in the test set"],
    ['an item given twice', 'item,group\n1,a\n1,b\n', 'line 3: item 1 is given a group again (first on line 2)'],
    ['an empty group', 'item,group\n1,\n', "line 2: the item '1' has an empty group"],
    ['another header', 'index,group\n1,a\n', 'the header must be item,group'],
  ])('a groups file with %s is refused, naming its line', async (name, text, message) => {
    const dataset = await table(`csv:${file('for-groups.csv', IRIS_CSV)}`, 'species');
    const path = file(`groups-${name.replace(/ /g, '-')}.csv`, text);
    await expect(loadGroups(path, dataset)).rejects.toThrow(`${path}${message.startsWith('line') ? ', ' : ': '}${message}`);
  });

  test('a column the table lacks is named with the columns it has; an image test set has no columns', async () => {
    const dataset = await table(`csv:${file('no-column.csv', IRIS_CSV)}`, 'species');
    await expect(loadGroups('column:sites', dataset)).rejects.toThrow(
      "has no column 'sites' (the input 'groups') (did you mean 'site'?); its columns: 'sepal_length', 'sepal_width', 'site'",
    );
    await expect(loadGroups('column:site', await load('mnist'))).rejects.toThrow(
      "'column:site' names a column, but the test set 'mnist' holds images: give a CSV file with the header item,group instead",
    );
  });
});

describe('model input', () => {
  test('a table model gets its features in its own order, dims [count, features]', async () => {
    const dataset = await table(`csv:${file('input.csv', IRIS_CSV)}`, 'species');
    const input = await modelInput(dataset, tablePreprocessing(['sepal_width', 'sepal_length']), 0, 2);
    expect(input.dims).toEqual([2, 2]);
    expect(Array.from(input.data)).toEqual([Math.fround(3.5), Math.fround(5.1), Math.fround(3.2), 7]);
  });

  test('an image model gets normalised pixels, dims [count, ...shape]', async () => {
    const mnist = await load('mnist');
    const preprocessing = parsePreprocessing(
      JSON.stringify({
        input_name: 'input',
        shape: [1, 28, 28],
        mean: [0],
        std: [1],
        labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      }),
    );
    const input = await modelInput(mnist, preprocessing, 0, 3);
    expect(input.dims).toEqual([3, 1, 28, 28]);
    expect(input.data.length).toBe(3 * 784);
    expect(Math.max(...input.data)).toBeLessThanOrEqual(1);
  });

  test('a feature the test set lacks is named, with the columns it has', async () => {
    const dataset = await table(`csv:${file('lacks.csv', IRIS_CSV)}`, 'species');
    await expect(modelInput(dataset, tablePreprocessing(['sepal_length', 'petal_length', 'petal_width']), 0, 1)).rejects.toThrow(
      "lacks the model's feature columns 'petal_length', 'petal_width' (preprocessing.json 'features'); its columns: 'sepal_length', 'sepal_width', 'site'",
    );
  });

  test('a model and a test set of different kinds are refused, saying which test sets fit', async () => {
    const dataset = await table(`csv:${file('kinds.csv', IRIS_CSV)}`, 'species');
    const imageModel = parsePreprocessing(
      JSON.stringify({ input_name: 'input', shape: [1, 2, 2], mean: [0], std: [1], labels: ['a', 'b'] }),
    );
    await expect(modelInput(dataset, imageModel, 0, 1)).rejects.toThrow(
      "holds table rows, but the model is an image model: use an image test set: 'cifar10', 'mnist', 'image-folder:<path>' or 'npy:<folder>' of images",
    );
    await expect(modelInput(await load('mnist'), tablePreprocessing(['x']), 0, 1)).rejects.toThrow(
      `the test set 'mnist' holds images, but the model is a table model (preprocessing.json kind "table"): use a table test set: 'csv:<path>', 'parquet:<path>' or 'npy:<folder>' of rows`,
    );
  });
});
