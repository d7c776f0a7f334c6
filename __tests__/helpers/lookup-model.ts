import { writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { CIFAR10_CLASSES } from '@mlops-actions/evaluation';

const { onnx } = onnxProto;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;

/**
 * A CIFAR-10 binary test batch whose item i carries its own number in its first two pixels (i >> 8, i & 255), so that a
 * lookup model (below) can give each item exactly the prediction a test wants. `labels[i]` is item i's class.
 */
export function writeNumberedCifarBatch(path: string, labels: ArrayLike<number>): void {
  const record = 1 + 3 * 32 * 32;
  const bytes = new Uint8Array(labels.length * record);
  for (let i = 0; i < labels.length; i++) {
    bytes[i * record] = labels[i]!;
    bytes[i * record + 1] = i >> 8;
    bytes[i * record + 2] = i & 255;
  }
  writeFileSync(path, bytes);
}

/** preprocessing.json of a lookup model: raw pixel values in (so the item number survives), logits out. */
export const LOOKUP_PREPROCESSING = {
  input_name: 'input',
  layout: 'NCHW',
  shape: [3, 32, 32],
  pixel_scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  labels: [...CIFAR10_CLASSES],
  output: 'logits',
};

const floats = (name: string, dims: number[], values: ArrayLike<number>): onnxProto.onnx.ITensorProto => {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return { name, dims, dataType: FLOAT, rawData: bytes };
};
const int64s = (name: string, values: number[]): onnxProto.onnx.ITensorProto => ({
  name,
  dims: [values.length],
  dataType: INT64,
  int64Data: values,
});

/**
 * An ONNX model (opset 17) that answers item i of a numbered batch with class `predictions[i]`: it reads the item number
 * from the first two pixels and looks up a row of logits. `slowdown` > 0 adds that many 1024 × 1024 matrix products
 * per batch whose result is multiplied by 0: the same predictions, measurably slower.
 */
export function lookupModel(predictions: ArrayLike<number>, options: { slowdown?: number } = {}): Uint8Array {
  const classes = CIFAR10_CLASSES.length;
  const table = new Float32Array(predictions.length * classes);
  for (let i = 0; i < predictions.length; i++) table[i * classes + predictions[i]!] = 10;
  const node: onnxProto.onnx.INodeProto[] = [
    {
      opType: 'Flatten',
      input: ['input'],
      output: ['flat'],
      attribute: [{ name: 'axis', i: 1, type: onnx.AttributeProto.AttributeType.INT }],
    },
    { opType: 'Slice', input: ['flat', 'zero', 'two', 'one'], output: ['number_pixels'] },
    { opType: 'MatMul', input: ['number_pixels', 'place_values'], output: ['number_float'] },
    {
      opType: 'Cast',
      input: ['number_float'],
      output: ['number_column'],
      attribute: [{ name: 'to', i: INT64, type: onnx.AttributeProto.AttributeType.INT }],
    },
    { opType: 'Reshape', input: ['number_column', 'flat_shape'], output: ['number'] },
    { opType: 'Gather', input: ['table', 'number'], output: [options.slowdown ? 'looked_up' : 'logits'] },
  ];
  const initializer = [
    floats('table', [predictions.length, classes], table),
    floats('place_values', [2, 1], [256, 1]),
    int64s('zero', [0]),
    int64s('two', [2]),
    int64s('one', [1]),
    int64s('flat_shape', [-1]),
  ];
  if (options.slowdown) {
    const width = 1024;
    initializer.push(int64s('width', [width]), floats('weights', [width, width], new Float32Array(width * width).fill(1e-6)));
    initializer.push(floats('nothing', [1], [0]));
    node.push({ opType: 'Slice', input: ['flat', 'zero', 'width', 'one'], output: ['work_0'] });
    for (let k = 0; k < options.slowdown; k++) node.push({ opType: 'MatMul', input: [`work_${k}`, 'weights'], output: [`work_${k + 1}`] });
    node.push(
      { opType: 'ReduceSum', input: [`work_${options.slowdown}`, 'one'], output: ['work_sum'] },
      { opType: 'Mul', input: ['work_sum', 'nothing'], output: ['work_zero'] },
      { opType: 'Add', input: ['looked_up', 'work_zero'], output: ['logits'] },
    );
  }
  const valueInfo = (name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'mlops-actions tests',
    graph: {
      name: 'lookup',
      input: [valueInfo('input', ['batch', 3, 32, 32])],
      output: [valueInfo('logits', ['batch', classes])],
      initializer,
      node,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
