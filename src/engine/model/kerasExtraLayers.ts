// Keras layers, activations and operations that tfjs-layers lacks, registered under class names of our own so that
// kerasConfig can map Keras configs onto them: Keras 3's hard_silu and hard_sigmoid, Normalization, global pooling with
// keepdims, and the scalar arithmetic of Keras 3 functional graphs (`x + 3.0`, `x * (1/6)`). Each is built-in Keras
// arithmetic, defined here from the Keras source; nothing from a checkpoint is executed.
import * as tf from '@tensorflow/tfjs';

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];
type Shape = (number | null)[];

/** Keras 3 hard_silu (hard swish): x · relu6(x + 3) / 6 (keras/src/activations/activations.py). */
class HardSilu extends tf.serialization.Serializable {
  static readonly className = 'robustnessLensHardSilu';
  override getClassName(): string { return HardSilu.className; }
  override getConfig(): tf.serialization.ConfigDict { return {}; }
  apply(x: tf.Tensor): tf.Tensor { return tf.tidy(() => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6))); }
}

/** Keras 3 hard_sigmoid: relu6(x + 3) / 6. (tfjs's hardSigmoid is Keras 2's clip(0.2·x + 0.5, 0, 1).) */
class Keras3HardSigmoid extends tf.serialization.Serializable {
  static readonly className = 'robustnessLensKeras3HardSigmoid';
  override getClassName(): string { return Keras3HardSigmoid.className; }
  override getConfig(): tf.serialization.ConfigDict { return {}; }
  apply(x: tf.Tensor): tf.Tensor { return tf.tidy(() => tf.div(tf.relu6(tf.add(x, 3)), 6)); }
}

/** Activation names (as Keras writes them) mapped to the registered classes above, for Keras 3 files. */
export const keras3Activations: Record<string, string> = {
  hard_silu: HardSilu.className,
  hard_swish: HardSilu.className,
  hard_sigmoid: Keras3HardSigmoid.className,
};

export type ScalarOperation = 'add' | 'subtract' | 'multiply' | 'divide';

interface ScalarOpArgs { operation: ScalarOperation; constant: number; constantFirst: boolean }

/** A Keras 3 operation node with one tensor and one number (`x + 3.0`, `3.0 - x`, `x * 0.1667`, `x / 6`). */
class ScalarOperationLayer extends tf.layers.Layer {
  static readonly className = 'RobustnessLensScalarOperation';
  private readonly operation: ScalarOperation;
  private readonly constant: number;
  private readonly constantFirst: boolean;

  constructor(args: LayerArgs & ScalarOpArgs) {
    super(args);
    this.operation = args.operation;
    this.constant = args.constant;
    this.constantFirst = args.constantFirst;
  }

  override computeOutputShape(inputShape: Shape): Shape { return inputShape; }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const c = tf.scalar(this.constant);
      const [a, b] = this.constantFirst ? [c, x] : [x, c];
      switch (this.operation) {
        case 'add': return tf.add(a, b);
        case 'subtract': return tf.sub(a, b);
        case 'multiply': return tf.mul(a, b);
        case 'divide': return tf.div(a, b);
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), operation: this.operation, constant: this.constant, constantFirst: this.constantFirst };
  }
}

/** Registered class name of the scalar operation layer (config: operation, constant, constantFirst). */
export const SCALAR_OPERATION_CLASS = ScalarOperationLayer.className;

/** Global average or max pooling over height and width that keeps them as 1 × 1 (Keras's `keepdims=True`). */
class KeepDimsGlobalPooling2D extends tf.layers.Layer {
  static readonly className = 'RobustnessLensKeepDimsGlobalPooling2D';
  readonly mode: 'average' | 'max';

  constructor(args: LayerArgs & { mode: 'average' | 'max' }) {
    super(args);
    this.mode = args.mode;
  }

  override computeOutputShape(inputShape: Shape): Shape { return [inputShape[0], 1, 1, inputShape[3]]; }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => (this.mode === 'average' ? tf.mean(x, [1, 2], true) : tf.max(x, [1, 2], true)));
  }

  override getConfig(): tf.serialization.ConfigDict { return { ...super.getConfig(), mode: this.mode }; }
}

export const KEEPDIMS_POOLING_CLASS = KeepDimsGlobalPooling2D.className;

/** The pooling of a keepdims global pooling layer, or null for any other layer. */
export function keepDimsPoolingMode(layer: tf.layers.Layer): 'average' | 'max' | null {
  return layer instanceof KeepDimsGlobalPooling2D ? layer.mode : null;
}

/** Keras's backend.epsilon(), the floor of Normalization's standard deviation. */
const KERAS_EPSILON = 1e-7;

interface NormalizationArgs { axis: number[]; invert: boolean; mean: number[] | null; variance: number[] | null }

/**
 * Keras Normalization: (x − mean) / max(√variance, ε), or with invert x · max(√variance, ε) + mean, per kept axis
 * (keras/src/layers/preprocessing/normalization.py). Mean and variance come from the config when given there,
 * otherwise from the weights mean, variance and count, as Keras stores them after adapt().
 */
class KerasNormalization extends tf.layers.Layer {
  static readonly className = 'RobustnessLensNormalization';
  private readonly axis: number[];
  private readonly invert: boolean;
  private readonly configMean: number[] | null;
  private readonly configVariance: number[] | null;
  private broadcastShape: number[] = [];

  constructor(args: LayerArgs & NormalizationArgs) {
    super(args);
    this.axis = args.axis;
    this.invert = args.invert;
    this.configMean = args.mean;
    this.configVariance = args.variance;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const keep = this.axis.map((a) => (a < 0 ? a + shape.length : a));
    this.broadcastShape = shape.map((d, i) => (keep.includes(i) ? d ?? 1 : 1));
    if (this.configMean === null) {
      const statsShape = keep.sort((a, b) => a - b).map((i) => shape[i] ?? 1);
      this.addWeight('mean', statsShape, 'float32', tf.initializers.zeros(), undefined, false);
      this.addWeight('variance', statsShape, 'float32', tf.initializers.ones(), undefined, false);
      this.addWeight('count', [], 'float32', tf.initializers.zeros(), undefined, false);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape): Shape { return inputShape; }

  /** Mean and variance, each broadcastable against the input. */
  private statistics(): [tf.Tensor, tf.Tensor] {
    if (this.configMean !== null && this.configVariance !== null) {
      const broadcast = (values: number[]): tf.Tensor => (values.length === 1 ? tf.scalar(values[0]) : tf.tensor(values).reshape(this.broadcastShape));
      return [broadcast(this.configMean), broadcast(this.configVariance)];
    }
    return [this.weights[0].read().reshape(this.broadcastShape), this.weights[1].read().reshape(this.broadcastShape)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const [mean, variance] = this.statistics();
      const deviation = tf.maximum(tf.sqrt(variance), KERAS_EPSILON);
      return this.invert ? tf.add(tf.mul(x, deviation), mean) : tf.div(tf.sub(x, mean), deviation);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, invert: this.invert, mean: this.configMean, variance: this.configVariance };
  }

  /** The mean and variance, flattened, read from the config or the weights. */
  channelStatistics(): { mean: number[]; variance: number[] } {
    const [mean, variance] = tf.tidy(() => this.statistics().map((t) => t.reshape([-1])));
    const result = { mean: Array.from(mean.dataSync()), variance: Array.from(variance.dataSync()) };
    tf.dispose([mean, variance]);
    return result;
  }
}

export const NORMALIZATION_CLASS = KerasNormalization.className;

/** Keras Normalization's per-channel mean and variance, when `layer` is one. */
export function normalizationStatistics(layer: tf.layers.Layer): { mean: number[]; variance: number[] } | null {
  return layer instanceof KerasNormalization ? layer.channelStatistics() : null;
}

for (const registered of [HardSilu, Keras3HardSigmoid, ScalarOperationLayer, KeepDimsGlobalPooling2D, KerasNormalization]) {
  tf.serialization.registerClass(registered);
}
