import { terminalText } from '@mlops-actions/common';
import { csvRecords, readHeader, type CsvRole } from './csv.js';
import type { Dataset } from './dataset.js';
import { inputFileError, missingColumn, sortedDistinct } from './table.js';

/** The groups of a test set's items, for `forall group:` clauses. */
export interface ItemGroups {
  /** Group names, sorted (numerically when all are numbers). */
  names: readonly string[];
  /** The group number of every item; -1 for an item in no group. */
  ofItem: Int32Array;
}

const GROUPS_FILE: CsvRole = { input: 'groups', what: 'the groups file', form: 'groups: <path to a CSV file item,group>' };

function groupsError(message: string): ReturnType<typeof inputFileError> {
  return inputFileError('groups', message);
}

/** Group numbers from each item's group name; an empty name is no group. */
function numbered(groupOfItem: readonly string[]): ItemGroups {
  const names = sortedDistinct(groupOfItem.filter((name) => name !== ''));
  const number = new Map(names.map((name, index) => [name, index]));
  return { names, ofItem: Int32Array.from(groupOfItem, (name) => (name === '' ? -1 : number.get(name)!)) };
}

/** The `groups` input that takes an image folder's group sub-folders as the groups. */
const FOLDER_GROUPS = 'folders';

/**
 * The groups the `groups` input names: `folders`, the group sub-folders of an image folder (`<class>/<group>/<image>`;
 * an image directly in its class folder is in no group); `column:<name>`, a column of a table test set (an empty cell:
 * in no group); or the path of a CSV file with the header `item,group`, one row per item in a group, where `item` is the
 * item's 0-based index or, for an image folder, the image's path relative to the folder (`cat/001.png`). A CSV file
 * named `folders` is given as `./folders`.
 */
export async function loadGroups(spec: string, dataset: Dataset): Promise<ItemGroups> {
  if (spec === FOLDER_GROUPS) return numbered(folderGroups(dataset));
  if (spec.startsWith('column:')) {
    const column = spec.slice('column:'.length);
    if (dataset.kind !== 'table')
      throw groupsError(
        `'${terminalText(spec)}' names a column, but the test set '${dataset.name}' holds images: give ` +
          `${dataset.folderGroups ? `'${FOLDER_GROUPS}' (for images in <class>/<group>/ sub-folders) or ` : ''}a CSV file with the header item,group instead`,
      );
    const texts = await dataset.readColumn(column);
    if (!texts) throw missingColumn(dataset.name, column, dataset.columns, "the input 'groups'", 'groups');
    return numbered(texts.map((text) => text.trim()));
  }
  return numbered(await groupsFile(spec, dataset));
}

function folderGroups(dataset: Dataset): readonly string[] {
  const layout = 'images in <class>/<group>/<image> sub-folders of an image folder (dataset: image-folder:<path>)';
  if (dataset.kind === 'table')
    throw groupsError(
      `'groups: ${FOLDER_GROUPS}' needs ${layout}, but the test set '${dataset.name}' is a table: give column:<name> or a CSV file with the header item,group instead`,
    );
  if (!dataset.folderGroups)
    throw groupsError(
      `'groups: ${FOLDER_GROUPS}' needs ${layout}, but the test set '${dataset.name}' is not an image folder: give a CSV file with the header item,group instead`,
    );
  if (dataset.folderGroups.every((group) => group === ''))
    throw groupsError(
      `'groups: ${FOLDER_GROUPS}' needs ${layout}, but every image of '${dataset.name}' is directly in its class folder: ` +
        'put the images of each group in <class>/<group>/, or give a CSV file with the header item,group',
    );
  return dataset.folderGroups;
}

async function groupsFile(path: string, dataset: Dataset): Promise<string[]> {
  const items = dataset.labels.length;
  const itemPaths = dataset.kind === 'image' ? dataset.itemPaths : undefined;
  const paths = itemPaths && new Map(itemPaths.map((item, index) => [item, index]));
  const records = csvRecords(path, GROUPS_FILE);
  const header = await readHeader(records, path, GROUPS_FILE);
  if (header.length !== 2 || header[0] !== 'item' || header[1] !== 'group') {
    await records.return();
    throw groupsError(
      `${path}: the header must be item,group (the item's index or image path, then its group), not ${terminalText(header.join(','))}`,
    );
  }
  const groupOfItem = new Array<string>(items).fill('');
  const lineOfItem = new Map<number, number>();
  for await (const { record, info } of records) {
    const [item, group] = record as [string, string];
    const where = `${path}, line ${info.lines}`;
    const index = paths?.get(item) ?? (/^\d+$/.test(item.trim()) ? Number(item) : undefined);
    if (index === undefined || index >= items)
      throw groupsError(
        `${where}: the item '${terminalText(item)}' is not in the test set '${dataset.name}' ` +
          `(it has items 0 to ${items - 1}${itemPaths ? `, or the images by their path in the folder, such as '${terminalText(itemPaths[0]!)}'` : ''})`,
      );
    if (group.trim() === '') throw groupsError(`${where}: the item '${terminalText(item)}' has an empty group: leave the item out instead`);
    const earlier = lineOfItem.get(index);
    if (earlier !== undefined)
      throw groupsError(`${where}: item ${index} is given a group again (first on line ${earlier}): an item is in one group`);
    lineOfItem.set(index, info.lines);
    groupOfItem[index] = group.trim();
  }
  return groupOfItem;
}
