import onnxProto from 'onnx-proto';
import { CLASSES, IMAGE_SIZE, PIXELS } from './data.js';
import type { Mlp } from './mlp.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

export const INPUT_NAME = 'input';

/**
 * The model's preprocessing.json: one grey channel of 28×28, raw 0–255 values divided by 255, logits out; and how MNIST
 * digits look (white on black, fit into a 20×20 box in the middle), so the Space makes a drawing look the same.
 */
export const MNIST_PREPROCESSING = {
  input_name: 'input',
  layout: 'NCHW',
  shape: [1, 28, 28],
  pixel_scale: 255,
  mean: [0],
  std: [1],
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  output: 'logits',
  input: { background: 'dark', ink_box: 20 },
};
export const OUTPUT_NAME = 'logits';

function tensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true)); // ONNX raw_data is little-endian
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

function valueInfo(name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

/**
 * The model as an ONNX graph (opset 17): input [batch, 1, 28, 28] → Flatten → Gemm → Relu → Gemm → logits
 * [batch, 10], the batch dimension dynamic.
 */
export function exportOnnx(model: Mlp, docString: string): Uint8Array {
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'mnist-mlp',
    docString,
    input: [valueInfo(INPUT_NAME, ['batch', 1, IMAGE_SIZE, IMAGE_SIZE])],
    output: [valueInfo(OUTPUT_NAME, ['batch', CLASSES])],
    initializer: [
      tensor('w1', [PIXELS, model.hidden], model.w1),
      tensor('b1', [model.hidden], model.b1),
      tensor('w2', [model.hidden, CLASSES], model.w2),
      tensor('b2', [CLASSES], model.b2),
    ],
    node: [
      {
        opType: 'Flatten',
        input: [INPUT_NAME],
        output: ['flat'],
        name: 'flatten',
        attribute: [{ name: 'axis', i: 1, type: onnx.AttributeProto.AttributeType.INT }],
      },
      { opType: 'Gemm', input: ['flat', 'w1', 'b1'], output: ['hidden_linear'], name: 'fc1' },
      { opType: 'Relu', input: ['hidden_linear'], output: ['hidden'], name: 'relu' },
      { opType: 'Gemm', input: ['hidden', 'w2', 'b2'], output: [OUTPUT_NAME], name: 'fc2' },
    ],
  };
  const modelProto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'mlops-actions mnist-mlp',
    producerVersion: '0.1.0',
    graph,
  });
  return onnx.ModelProto.encode(modelProto).finish();
}
