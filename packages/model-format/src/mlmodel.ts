import { stringify } from 'yaml';
import type { OnnxModelInfo, OnnxTensorInfo } from './onnx-model.js';

export interface MlmodelOptions {
  /** The run that logged the model. */
  runId: string;
  /** Where the model lies under the run's artifacts (default `model`). */
  artifactPath?: string;
  /** The ONNX file, relative to the model directory. */
  onnxFile?: string;
  onnx: OnnxModelInfo;
  /** Total bytes of the model directory. */
  sizeBytes?: number;
  /** A unique id for the model (32 hex digits). */
  modelUuid: string;
  createdAt: Date;
}

const tensorSpec = (tensor: OnnxTensorInfo): object => ({
  type: 'tensor',
  'tensor-spec': { dtype: tensor.dtype, shape: tensor.shape.map((dim) => dim ?? -1) },
  name: tensor.name,
});

/** MLflow's time format for `utc_time_created`: `2024-05-01 12:00:00.123000`. */
function mlflowUtcTime(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000`;
}

/**
 * The `MLmodel` file MLflow writes for `mlflow.onnx.log_model`: the `onnx` flavor (so `mlflow.onnx.load_model`
 * reads the directory) and a `python_function` flavor that loads through `mlflow.onnx`, plus the model's
 * tensor signature.
 */
export function renderMlmodel(options: MlmodelOptions): string {
  const data = options.onnxFile ?? 'model.onnx';
  const document: Record<string, unknown> = {
    artifact_path: options.artifactPath ?? 'model',
    flavors: {
      onnx: { code: null, data, providers: ['CUDAExecutionProvider', 'CPUExecutionProvider'] },
      python_function: { data, loader_module: 'mlflow.onnx' },
    },
    metadata: {
      producer: 'mlops-actions',
      onnx_ir_version: options.onnx.irVersion,
      // An ONNX model of ai.onnx.ml operators alone (XGBoost from onnxmltools) has no default-domain opset: left out.
      ...(options.onnx.opsetVersion === undefined ? {} : { onnx_opset: options.onnx.opsetVersion }),
    },
    model_uuid: options.modelUuid,
    run_id: options.runId,
    signature: {
      inputs: JSON.stringify(options.onnx.inputs.map(tensorSpec)),
      outputs: JSON.stringify(options.onnx.outputs.map(tensorSpec)),
      params: null,
    },
    utc_time_created: mlflowUtcTime(options.createdAt),
  };
  if (options.sizeBytes !== undefined) document.model_size_bytes = options.sizeBytes;
  return stringify(document, { lineWidth: 0 });
}
