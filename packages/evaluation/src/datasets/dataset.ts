/** An item's shape: channels, height, width. */
export type ItemShape = readonly [number, number, number];

/** A labelled test set, read in batches of raw 0–255 pixels. */
export interface Dataset {
  /** How the user named it: `cifar10`, `mnist`, `image-folder:<path>`. */
  name: string;
  /** Class names, in the order of the label numbers. */
  classes: readonly string[];
  /** The class number of every item. */
  labels: Int32Array;
  /** A digest of the items and their labels: the same test set always has the same fingerprint. */
  fingerprint: string;
  /**
   * Items [start, end) as uint8 pixels, item after item, each channel-major (C×H×W) in the requested shape;
   * items of another size or channel count are resized and converted.
   */
  read(start: number, end: number, shape: ItemShape): Promise<Uint8Array>;
}
