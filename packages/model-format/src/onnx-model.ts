import { ConfigurationError, errorMessage } from '@mlops-actions/common';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** One input or output of an ONNX graph. */
export interface OnnxTensorInfo {
  name: string;
  /** numpy-style element type, e.g. `float32`; `sequence` or `map` for an output that is not a tensor (ZipMap's). */
  dtype: string;
  /** Dimensions; a symbolic or unknown one (such as a dynamic batch) is undefined. */
  shape: (number | undefined)[];
}

/** What the registry and evaluation need to know about an ONNX model. */
export interface OnnxModelInfo {
  irVersion: number;
  /**
   * The default-domain operator set version; undefined for a model whose nodes are all of other domains (an XGBoost
   * classifier from onnxmltools imports ai.onnx.ml alone), which needs none.
   */
  opsetVersion: number | undefined;
  producer: string;
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
  nodeCount: number;
}

/** ONNX TensorProto.DataType numbers and their numpy names (as MLflow's signatures spell them). */
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

/** protobufjs gives 64-bit fields as a number or a Long (whose types this package does not see). */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  const long = value as { toNumber?: () => number } | null | undefined;
  return typeof long?.toNumber === 'function' ? long.toNumber() : 0;
}

/** Decodes an ONNX model (protobuf ModelProto) and checks that it is a usable graph; `source` names it in errors. */
export function inspectOnnxModel(bytes: Uint8Array, source = 'model.onnx'): OnnxModelInfo {
  const fail = (message: string): never => {
    throw new ConfigurationError(`${source}: ${message}`, { subject: source });
  };
  if (bytes.length === 0) fail('the file is empty: the trainer must export the model with torch.onnx.export or an ONNX writer');
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    return fail(`not an ONNX model (${errorMessage(error)})`);
  }
  const graph = model.graph;
  if (!graph) return fail('not an ONNX model: it has no graph');
  const irVersion = toNumber(model.irVersion);
  if (irVersion <= 0) fail('not an ONNX model: ir_version is missing');
  const nodes = graph.node ?? [];
  if (nodes.length === 0) fail('the graph has no nodes');
  const isDefaultDomain = (domain: string | null | undefined): boolean => !domain || domain === 'ai.onnx';
  const opset = model.opsetImport.find((entry) => isDefaultDomain(entry.domain));
  if (!opset && nodes.some((node) => isDefaultDomain(node.domain)))
    fail('the model uses default-domain operators but imports no default-domain operator set (opset_import)');
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  const describe = (value: onnxProto.onnx.IValueInfoProto): OnnxTensorInfo => {
    const tensor = value.type?.tensorType;
    const dims = tensor?.shape?.dim ?? [];
    return {
      name: value.name ?? '',
      dtype: tensor
        ? (ELEMENT_TYPES[tensor.elemType ?? 0] ?? `onnx type ${tensor.elemType ?? 'unknown'}`)
        : value.type?.sequenceType
          ? 'sequence'
          : value.type?.mapType
            ? 'map'
            : 'unknown',
      shape: dims.map((dim) => (dim.dimValue !== null && dim.dimValue !== undefined && !dim.dimParam ? toNumber(dim.dimValue) : undefined)),
    };
  };
  for (const tensor of graph.initializer ?? []) {
    const bad = nonFiniteValues(tensor);
    if (bad > 0)
      fail(
        `the weight '${tensor.name ?? ''}' holds ${bad} value${bad === 1 ? ' that is' : 's that are'} NaN or infinite: the training diverged, ` +
          'and such a model is never registered or promoted',
      );
  }
  // Older exporters list initializers among the inputs; they are weights, not inputs a caller feeds.
  const inputs = (graph.input ?? []).filter((value) => !initializers.has(value.name)).map(describe);
  const outputs = (graph.output ?? []).map(describe);
  if (inputs.length === 0) fail('the graph has no inputs');
  if (outputs.length === 0) fail('the graph has no outputs');
  return {
    irVersion,
    opsetVersion: opset ? toNumber(opset.version) : undefined,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    inputs,
    outputs,
    nodeCount: nodes.length,
  };
}

/** A copy of `bytes` on a buffer of its own, so typed-array views of it are aligned (a Buffer's slice would share a pool). */
function aligned(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * How many values of a floating-point weight are NaN or infinite (0 for other types, and for weights kept in an
 * external data file, which this check does not read). float16 and bfloat16 are read bit by bit: all-ones exponent.
 */
function nonFiniteValues(tensor: onnxProto.onnx.ITensorProto): number {
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) return 0;
  const raw = tensor.rawData && tensor.rawData.length > 0 ? tensor.rawData : undefined;
  let values: ArrayLike<number>;
  let exponentMask = 0;
  switch (tensor.dataType) {
    case onnx.TensorProto.DataType.FLOAT:
      values = raw ? new Float32Array(aligned(raw), 0, raw.length >> 2) : (tensor.floatData ?? []);
      break;
    case onnx.TensorProto.DataType.DOUBLE:
      values = raw ? new Float64Array(aligned(raw), 0, raw.length >> 3) : (tensor.doubleData ?? []);
      break;
    case onnx.TensorProto.DataType.FLOAT16:
      exponentMask = 0x7c00;
      values = raw ? new Uint16Array(aligned(raw), 0, raw.length >> 1) : (tensor.int32Data ?? []);
      break;
    case onnx.TensorProto.DataType.BFLOAT16:
      exponentMask = 0x7f80;
      values = raw ? new Uint16Array(aligned(raw), 0, raw.length >> 1) : (tensor.int32Data ?? []);
      break;
    default:
      return 0;
  }
  let bad = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (exponentMask ? (value & exponentMask) === exponentMask : !Number.isFinite(value)) bad++;
  }
  return bad;
}
