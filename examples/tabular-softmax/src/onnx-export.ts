import onnxProto from 'onnx-proto';
import type { SoftmaxModel } from './softmax.js';

const { onnx } = onnxProto;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;
const INT = onnx.AttributeProto.AttributeType.INT;

export const INPUT_NAME = 'input';
/** skl2onnx's classifier outputs (with zipmap=False): the predicted class number and the class probabilities. */
export const LABEL_OUTPUT = 'label';
export const PROBABILITIES_OUTPUT = 'probabilities';

/** The model's preprocessing.json: a table model reading `features` in order, probabilities from the named output. */
export function tablePreprocessing(model: SoftmaxModel): Record<string, unknown> {
  return {
    kind: 'table',
    input_name: INPUT_NAME,
    features: model.features,
    labels: model.classes,
    output: 'probabilities',
    output_name: PROBABILITIES_OUTPUT,
  };
}

function floats(name: string, dims: number[], values: ArrayLike<number>): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true); // ONNX raw_data is little-endian
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: { elemType, shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) } },
    },
  };
}

/**
 * The model as an ONNX graph (opset 17) in skl2onnx's classifier layout: input float [batch, features] → Sub(mean) →
 * Div(std) → Gemm → Softmax → `probabilities` float [batch, classes], and ArgMax → `label` int64 [batch] (the class
 * number, an index into preprocessing.json's labels). The standardisation is inside the graph, as in a scikit-learn
 * Pipeline(StandardScaler, LogisticRegression), so the input is the raw feature columns.
 */
export function exportOnnx(model: SoftmaxModel, docString: string): Uint8Array {
  const width = model.features.length;
  const classes = model.classes.length;
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'tabular-softmax',
    docString,
    input: [valueInfo(INPUT_NAME, FLOAT, ['batch', width])],
    output: [valueInfo(LABEL_OUTPUT, INT64, ['batch']), valueInfo(PROBABILITIES_OUTPUT, FLOAT, ['batch', classes])],
    initializer: [
      floats('mean', [width], model.mean),
      floats('std', [width], model.std),
      floats('weights', [width, classes], model.weights),
      floats('bias', [classes], model.bias),
    ],
    node: [
      { opType: 'Sub', input: [INPUT_NAME, 'mean'], output: ['centred'], name: 'centre' },
      { opType: 'Div', input: ['centred', 'std'], output: ['standardised'], name: 'scale' },
      { opType: 'Gemm', input: ['standardised', 'weights', 'bias'], output: ['scores'], name: 'linear' },
      {
        opType: 'Softmax',
        input: ['scores'],
        output: [PROBABILITIES_OUTPUT],
        name: 'softmax',
        attribute: [{ name: 'axis', i: 1, type: INT }],
      },
      {
        opType: 'ArgMax',
        input: [PROBABILITIES_OUTPUT],
        output: [LABEL_OUTPUT],
        name: 'argmax',
        attribute: [
          { name: 'axis', i: 1, type: INT },
          { name: 'keepdims', i: 0, type: INT },
        ],
      },
    ],
  };
  const modelProto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'mlops-actions tabular-softmax',
    producerVersion: '0.1.0',
    graph,
  });
  return onnx.ModelProto.encode(modelProto).finish();
}
