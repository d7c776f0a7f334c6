/** An item's shape: channels, height, width. */
export type ItemShape = readonly [number, number, number];

/** What every labelled test set has, whatever its items are. */
interface LabelledItems {
  /** How the user named it: `cifar10`, `mnist`, `image-folder:<path>`, `csv:<path>`, `parquet:<path>`, `npy:<folder>`. */
  name: string;
  /** Class names, in the order of the label numbers. */
  classes: readonly string[];
  /** The class number of every item. */
  labels: Int32Array;
  /** A digest of the items and their labels: the same test set always has the same fingerprint. */
  fingerprint: string;
}

/** A labelled test set of images, read in batches of raw 0–255 pixels. */
export interface ImageDataset extends LabelledItems {
  kind: 'image';
  /**
   * Items [start, end) as uint8 pixels, item after item, each channel-major (C×H×W) in the requested shape;
   * items of another size or channel count are resized and converted.
   */
  read(start: number, end: number, shape: ItemShape): Promise<Uint8Array>;
  /** For a folder of images: each item's path relative to the folder, '/'-separated (what a groups file names). */
  itemPaths?: readonly string[];
  /** For a folder of images: each item's group sub-folder (`<class>/<group>/<image>`), '' for an image in no group. */
  folderGroups?: readonly string[];
}

/** A labelled test set of table rows (`csv:` or `parquet:`): one label column and numeric feature columns. */
export interface TableDataset extends LabelledItems {
  kind: 'table';
  /** Every column of the table but the label column, in file order. */
  columns: readonly string[];
  /** Rows [start, end) of the named columns as numbers, row-major: row after row, `features.length` values each. */
  readFeatures(start: number, end: number, features: readonly string[]): Promise<Float32Array>;
  /** The text values of a column for every row (a `groups: column:<name>` input); undefined if no such column. */
  readColumn(column: string): Promise<string[] | undefined>;
}

/** A labelled test set. */
export type Dataset = ImageDataset | TableDataset;
