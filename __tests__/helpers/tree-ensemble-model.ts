import onnxProto from 'onnx-proto';

// Gradient-boosted tree classifiers written as ONNX in the layouts onnxmltools writes for LightGBM and XGBoost
// (read from onnx/onnxmltools at 0934091a: onnxmltools/convert/lightgbm/operator_converters/LightGbm.py,
// lightgbm/_parse.py, xgboost/operator_converters/XGBoost.py, xgboost/shape_calculators/Classifier.py,
// common/_topology.py make_model_ex). Both converters write one ai.onnx.ml TreeEnsembleClassifier node
// (container.add_node's default op_version 1, so opset_import ai.onnx.ml 1) with outputs `label` and `probabilities`:
// - LightGBM (convert_lightgbm): splits BRANCH_LEQ with nodes_hitrates and nodes_missing_value_tracks_true; node ids
//   allocated both children first, attributes sorted by (tree, node); no base_values (LightGBM puts its initial score in
//   the first trees' leaves); binary: post_transform LOGISTIC and every class_id 0 (one margin); multiclass: SOFTMAX,
//   class_id = tree index % classes. Its outputs pass through Identity, then Cast(to INT64) to `label` (Identity for
//   string classes) and Mul by 1 to `probabilities` float [N, classes] with zipmap=False, or ZipMap to a sequence of
//   maps by default. Cast is opset 9, so the default domain is imported at 9 and ir_version is 4.
// - XGBoost (XGBClassifierConverter): splits BRANCH_LT (xgboost's `fvalue < split_condition`), no nodes_hitrates;
//   node ids renumbered in depth-first order; the node writes `label` int64 [N] and `probabilities` float [N, classes]
//   itself (no ZipMap). binary:logistic: LOGISTIC, class_ids 0, base_values [logit(base_score)] unless base_score is
//   0.5; multi:softprob: SOFTMAX, base_values = base_score repeated per class, class_id = tree index % classes. The graph
//   has no default-domain node, and make_model_ex overwrites helper.make_model's default import with the first domain
//   used, so opset_import holds ai.onnx.ml 1 alone (ir_version 8, target opset 15).
// In both, a binary model has two classlabels but scores one margin; onnxruntime then writes two probability columns,
// [σ(−s), σ(s)] (tree_ensemble_aggregator.h, write_scores with mixed-sign leaf weights), so `probabilities` is [N, 2].

const { onnx } = onnxProto;
const { FLOAT, INT64, STRING } = onnx.TensorProto.DataType;
const Attribute = onnx.AttributeProto.AttributeType;

/** Which converter's layout the ONNX file follows. */
export type TreeExporter = 'lightgbm' | 'xgboost';

/** A split sends an item to `yes` when its feature is ≤ threshold (LightGBM) or < threshold (XGBoost). */
export interface TreeSplit {
  feature: number;
  /** A float32 value: the ONNX attribute holds floats, and the test must compare exactly as onnxruntime does. */
  threshold: number;
  yes: TreeNode;
  no: TreeNode;
}
export interface TreeLeaf {
  /** The leaf's contribution to its tree's score column (a float32 value). */
  value: number;
}
export type TreeNode = TreeSplit | TreeLeaf;

export interface TreeEnsemble {
  exporter: TreeExporter;
  classCount: number;
  /** Each tree adds to one score column: class k of a multiclass model, or column 0 (the one margin) of a binary one. */
  trees: { column: number; root: TreeNode }[];
  /** Per score column, the margin every item starts from (XGBoost's base_score); empty for LightGBM. */
  baseValues: number[];
}

const isSplit = (node: TreeNode): node is TreeSplit => 'feature' in node;
const goesYes = (exporter: TreeExporter, value: number, threshold: number): boolean =>
  exporter === 'lightgbm' ? value <= threshold : value < threshold;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The class probabilities the ensemble gives one row, computed here from the trees (float32 inputs, as ONNX reads them). */
export function ensembleProbabilities(model: TreeEnsemble, row: ArrayLike<number>): number[] {
  const margins =
    model.classCount === 2 ? [model.baseValues[0] ?? 0] : Array.from({ length: model.classCount }, (_, c) => model.baseValues[c] ?? 0);
  for (const { column, root } of model.trees) {
    let node = root;
    while (isSplit(node)) node = goesYes(model.exporter, Math.fround(row[node.feature]!), node.threshold) ? node.yes : node.no;
    margins[column]! += node.value;
  }
  if (model.classCount === 2) return [sigmoid(-margins[0]!), sigmoid(margins[0]!)];
  const max = Math.max(...margins);
  const exps = margins.map((margin) => Math.exp(margin - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** Every split threshold of the ensemble, to find test items that sit exactly on one. */
export function splitThresholds(model: TreeEnsemble): { feature: number; threshold: number }[] {
  const found: { feature: number; threshold: number }[] = [];
  const visit = (node: TreeNode): void => {
    if (!isSplit(node)) return;
    found.push({ feature: node.feature, threshold: node.threshold });
    visit(node.yes);
    visit(node.no);
  };
  for (const tree of model.trees) visit(tree.root);
  return found;
}

export interface BoostingOptions {
  exporter: TreeExporter;
  classCount: number;
  rounds: number;
  maxDepth: number;
  learningRate: number;
}

/** L2 penalty on leaf values (XGBoost's and LightGBM's lambda): keeps a pure leaf's Newton step finite. */
const LAMBDA = 1;

/**
 * Gradient boosting with Newton leaf values, as LightGBM and XGBoost train: one tree per round for two classes
 * (logistic loss on one margin), one per class and round otherwise (softmax loss). `values` is row-major
 * `labels.length × width`; `labels` holds class numbers. XGBoost-style models start from base_score as a margin
 * (the positive rate for binary, as XGBoost ≥ 2 estimates it; 0.5 per class for multiclass), LightGBM-style from 0.
 */
export function trainBoostedTrees(values: ArrayLike<number>, width: number, labels: Int32Array, options: BoostingOptions): TreeEnsemble {
  const rows = labels.length;
  const x = Float32Array.from(values);
  const binary = options.classCount === 2;
  const columns = binary ? 1 : options.classCount;
  const positiveRate = labels.reduce((sum, label) => sum + label, 0) / rows;
  const baseValues =
    options.exporter === 'lightgbm'
      ? []
      : binary
        ? [Math.fround(Math.log(positiveRate / (1 - positiveRate)))]
        : new Array<number>(columns).fill(0.5);
  const margins = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) for (let c = 0; c < columns; c++) margins[row * columns + c] = baseValues[c] ?? 0;
  const trees: TreeEnsemble['trees'] = [];
  const gradient = new Float64Array(rows);
  const hessian = new Float64Array(rows);
  const all = Array.from({ length: rows }, (_, row) => row);
  for (let round = 0; round < options.rounds; round++) {
    const probabilities = all.map((row) => marginProbabilities(margins.subarray(row * columns, (row + 1) * columns), binary));
    for (let c = 0; c < columns; c++) {
      for (const row of all) {
        const p = probabilities[row]![binary ? 1 : c]!;
        const target = binary ? labels[row]! : labels[row] === c ? 1 : 0;
        gradient[row] = p - target;
        hessian[row] = Math.max(p * (1 - p), 1e-6);
      }
      const root = growTree(all, 0, { x, width, gradient, hessian, ...options });
      trees.push({ column: c, root });
      for (const row of all) margins[row * columns + c]! += leafValue(root, x.subarray(row * width, (row + 1) * width), options.exporter);
    }
  }
  return { exporter: options.exporter, classCount: options.classCount, trees, baseValues };
}

function marginProbabilities(margins: Float64Array, binary: boolean): number[] {
  if (binary) return [sigmoid(-margins[0]!), sigmoid(margins[0]!)];
  const max = Math.max(...margins);
  const exps = Array.from(margins, (margin) => Math.exp(margin - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

function leafValue(node: TreeNode, row: Float32Array, exporter: TreeExporter): number {
  while (isSplit(node)) node = goesYes(exporter, row[node.feature]!, node.threshold) ? node.yes : node.no;
  return node.value;
}

interface GrowContext extends BoostingOptions {
  x: Float32Array;
  width: number;
  gradient: Float64Array;
  hessian: Float64Array;
}

/** The best split of `rows` by second-order gain, recursively to maxDepth; a leaf where no split gains. */
function growTree(rows: number[], depth: number, context: GrowContext): TreeNode {
  const { x, width, gradient, hessian } = context;
  const sum = (of: Float64Array, among: number[]) => among.reduce((total, row) => total + of[row]!, 0);
  const g = sum(gradient, rows);
  const h = sum(hessian, rows);
  const leaf = { value: Math.fround((-g / (h + LAMBDA)) * context.learningRate) };
  if (depth >= context.maxDepth) return leaf;
  const score = (gs: number, hs: number) => (gs * gs) / (hs + LAMBDA);
  let best: { gain: number; feature: number; threshold: number } | undefined;
  for (let feature = 0; feature < width; feature++) {
    const sorted = [...rows].sort((a, b) => x[a * width + feature]! - x[b * width + feature]!);
    let gLeft = 0;
    let hLeft = 0;
    for (let i = 0; i < sorted.length - 1; i++) {
      gLeft += gradient[sorted[i]!]!;
      hLeft += hessian[sorted[i]!]!;
      const below = x[sorted[i]! * width + feature]!;
      const above = x[sorted[i + 1]! * width + feature]!;
      if (below === above) continue;
      const gain = score(gLeft, hLeft) + score(g - gLeft, h - hLeft) - score(g, h);
      // LightGBM splits between two values (x ≤ midpoint); XGBoost at the upper one (x < value), as each stores it.
      const threshold = context.exporter === 'lightgbm' ? Math.fround((below + above) / 2) : above;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, feature, threshold };
    }
  }
  if (!best) return leaf;
  const { feature, threshold } = best;
  const yes = rows.filter((row) => goesYes(context.exporter, x[row * width + feature]!, threshold));
  const no = rows.filter((row) => !goesYes(context.exporter, x[row * width + feature]!, threshold));
  return { feature, threshold, yes: growTree(yes, depth + 1, context), no: growTree(no, depth + 1, context) };
}

export interface TreeOnnxOptions {
  inputName: string;
  featureCount: number;
  /** The model's classes_: integers give classlabels_int64s and an int64 `label`, text classlabels_strings and a string one. */
  classLabels: readonly number[] | readonly string[];
  /** LightGBM only: onnxmltools' default zipmap=True makes `probabilities` a sequence of maps. */
  zipmap?: boolean;
  /** The ai.onnx.ml version imported: 1 as onnxmltools writes; 3 as skl2onnx writes for recent opsets. */
  mlOpset?: 1 | 3;
}

interface FlatNode {
  tree: number;
  id: number;
  node: TreeNode;
  yesId: number;
  noId: number;
}

/** LightGBM's numbering: a split allocates both its children's ids before either subtree; attributes sorted by id. */
function lightgbmNodes(tree: number, root: TreeNode): FlatNode[] {
  const flat: FlatNode[] = [];
  let next = 1;
  const visit = (node: TreeNode, id: number): void => {
    if (!isSplit(node)) return void flat.push({ tree, id, node, yesId: 0, noId: 0 });
    const yesId = next++;
    const noId = next++;
    flat.push({ tree, id, node, yesId, noId });
    visit(node.yes, yesId);
    visit(node.no, noId);
  };
  visit(root, 0);
  return flat.sort((a, b) => a.id - b.id);
}

/** XGBoost's numbering after onnxmltools' _remap_nodeid: depth first, yes before no, in that order. */
function xgboostNodes(tree: number, root: TreeNode): FlatNode[] {
  const flat: FlatNode[] = [];
  let next = 0;
  const visit = (node: TreeNode): number => {
    const id = next++;
    const entry: FlatNode = { tree, id, node, yesId: 0, noId: 0 };
    flat.push(entry);
    if (isSplit(node)) {
      entry.yesId = visit(node.yes);
      entry.noId = visit(node.no);
    }
    return id;
  };
  visit(root);
  return flat;
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const ints = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: Attribute.INTS, ints: values });
const floats = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: Attribute.FLOATS, floats: values });

/** The TreeEnsembleClassifier attributes as the chosen converter writes them. */
function classifierAttributes(model: TreeEnsemble, classLabels: TreeOnnxOptions['classLabels']): onnxProto.onnx.IAttributeProto[] {
  const lightgbm = model.exporter === 'lightgbm';
  const flat = model.trees.flatMap(({ root }, tree) => (lightgbm ? lightgbmNodes(tree, root) : xgboostNodes(tree, root)));
  const leaves = flat.filter((entry) => !isSplit(entry.node));
  const split = (entry: FlatNode): TreeSplit | undefined => (isSplit(entry.node) ? entry.node : undefined);
  const attributes: onnxProto.onnx.IAttributeProto[] = [
    ints(
      'nodes_treeids',
      flat.map((entry) => entry.tree),
    ),
    ints(
      'nodes_nodeids',
      flat.map((entry) => entry.id),
    ),
    ints(
      'nodes_featureids',
      flat.map((entry) => split(entry)?.feature ?? 0),
    ),
    {
      name: 'nodes_modes',
      type: Attribute.STRINGS,
      strings: flat.map((entry) => text(split(entry) ? (lightgbm ? 'BRANCH_LEQ' : 'BRANCH_LT') : 'LEAF')),
    },
    floats(
      'nodes_values',
      flat.map((entry) => split(entry)?.threshold ?? 0),
    ),
    ints(
      'nodes_truenodeids',
      flat.map((entry) => entry.yesId),
    ),
    ints(
      'nodes_falsenodeids',
      flat.map((entry) => entry.noId),
    ),
    // No test item is missing a value: where a missing one would go is written as the converters usually do.
    ints(
      'nodes_missing_value_tracks_true',
      flat.map((entry) => (split(entry) ? 1 : 0)),
    ),
    ...(lightgbm
      ? [
          floats(
            'nodes_hitrates',
            flat.map(() => 1),
          ),
        ]
      : []),
    ints(
      'class_treeids',
      leaves.map((entry) => entry.tree),
    ),
    ints(
      'class_nodeids',
      leaves.map((entry) => entry.id),
    ),
    ints(
      'class_ids',
      leaves.map((entry) => model.trees[entry.tree]!.column),
    ),
    floats(
      'class_weights',
      leaves.map((entry) => (entry.node as TreeLeaf).value),
    ),
    { name: 'post_transform', type: Attribute.STRING, s: text(model.classCount === 2 ? 'LOGISTIC' : 'SOFTMAX') },
    ...(model.baseValues.length > 0 ? [floats('base_values', model.baseValues)] : []),
    classLabelsAttribute(classLabels),
  ];
  return attributes;
}

function classLabelsAttribute(classLabels: TreeOnnxOptions['classLabels']): onnxProto.onnx.IAttributeProto {
  return typeof classLabels[0] === 'string'
    ? { name: 'classlabels_strings', type: Attribute.STRINGS, strings: (classLabels as string[]).map(text) }
    : ints('classlabels_int64s', classLabels as number[]);
}

function tensorInfo(name: string, elemType: number, dims: (number | undefined)[]): onnxProto.onnx.IValueInfoProto {
  // onnxmltools declares the batch as None: a dimension with neither a value nor a name.
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((dim) => (dim === undefined ? {} : { dimValue: dim })) } } } };
}

/** The ONNX model bytes of the ensemble, in the chosen converter's layout (see the top of this file). */
export function treeEnsembleOnnx(model: TreeEnsemble, options: TreeOnnxOptions): Uint8Array {
  const { inputName, classLabels } = options;
  const mlOpset = options.mlOpset ?? 1;
  if (classLabels.length !== model.classCount)
    throw new Error(`${classLabels.length} class labels for a ${model.classCount}-class ensemble`);
  const stringLabels = typeof classLabels[0] === 'string';
  const labelType = stringLabels ? STRING : INT64;
  const classifier = (outputs: string[]): onnxProto.onnx.INodeProto => ({
    opType: 'TreeEnsembleClassifier',
    domain: 'ai.onnx.ml',
    name: 'TreeEnsembleClassifier',
    input: [inputName],
    output: outputs,
    attribute: classifierAttributes(model, classLabels),
  });
  const input = [tensorInfo(inputName, FLOAT, [undefined, options.featureCount])];
  const label = tensorInfo('label', labelType, [undefined]);
  const probabilities = tensorInfo('probabilities', FLOAT, [undefined, model.classCount]);
  let graph: onnxProto.onnx.IGraphProto;
  let opsetImport: onnxProto.onnx.IOperatorSetIdProto[];
  let irVersion: number;
  if (model.exporter === 'xgboost') {
    graph = { name: 'xgboost', input, output: [label, probabilities], node: [classifier(['label', 'probabilities'])] };
    opsetImport = [{ domain: 'ai.onnx.ml', version: mlOpset }];
    irVersion = 8;
  } else {
    const zipmapped: onnxProto.onnx.IValueInfoProto = {
      name: 'probabilities',
      type: {
        sequenceType: { elemType: { mapType: { keyType: labelType, valueType: { tensorType: { elemType: FLOAT } } } } },
      },
    };
    graph = {
      name: 'lightgbm',
      input,
      output: [label, options.zipmap ? zipmapped : probabilities],
      initializer: options.zipmap ? [] : [{ name: 'one', dims: [], dataType: FLOAT, floatData: [1] }],
      node: [
        classifier(['label_tensor', 'probability_tensor']),
        { opType: 'Identity', name: 'Identity', input: ['label_tensor'], output: ['lgbmlabel'] },
        { opType: 'Identity', name: 'Identity1', input: ['probability_tensor'], output: ['lgbmprobabilities'] },
        stringLabels
          ? { opType: 'Identity', name: 'Identity2', input: ['lgbmlabel'], output: ['label'] }
          : {
              opType: 'Cast',
              name: 'Cast',
              input: ['lgbmlabel'],
              output: ['label'],
              attribute: [{ name: 'to', type: Attribute.INT, i: INT64 }],
            },
        options.zipmap
          ? {
              opType: 'ZipMap',
              domain: 'ai.onnx.ml',
              name: 'ZipMap',
              input: ['lgbmprobabilities'],
              output: ['probabilities'],
              attribute: [classLabelsAttribute(classLabels)],
            }
          : { opType: 'Mul', name: 'Mul', input: ['lgbmprobabilities', 'one'], output: ['probabilities'] },
      ],
    };
    opsetImport = [
      { domain: '', version: 9 },
      { domain: 'ai.onnx.ml', version: mlOpset },
    ];
    irVersion = 4;
  }
  const proto = onnx.ModelProto.create({ irVersion, opsetImport, producerName: 'OnnxMLTools', producerVersion: '1.14.0', graph });
  return onnx.ModelProto.encode(proto).finish();
}
