// A classifier whose outputs are restricted to some of its classes, as ImageNet-A and ImageNet-R are scored
// (definitions.md §7: `net(x)[:, subset]`, then softmax and top-1 over the subset). The outputs keep every column, so labels
// and predictions stay class indices of the model: a left-out class's logit is pushed to RESTRICTED_LOGIT and its
// probability is 0; the kept probabilities are renormalised, which equals the softmax of the kept logits.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '../errors';
import type { Classifier } from '../model/classifier';
import type { HeadContext } from '../model/forwardPass';

/** Added to a left-out class's logit: finite, so a cross-entropy (FGSM's) stays finite, yet its softmax term is exactly 0 in float32. */
const RESTRICTED_LOGIT = -1e9;

/** `restrict` applied to the awaited `output`, which is then disposed. */
async function restrictedOutput(output: Promise<tf.Tensor2D>, restrict: (t: tf.Tensor2D) => tf.Tensor2D): Promise<tf.Tensor2D> {
  const t = await output;
  try {
    return tf.tidy(() => restrict(t));
  } finally {
    t.dispose();
  }
}

class RestrictedClassifier implements Classifier {
  /** 1 for a kept class, 0 for a left-out one. */
  private readonly keep: Float32Array;

  constructor(private readonly inner: Classifier, classes: readonly number[]) {
    const count = inner.labels.names.length;
    this.keep = new Float32Array(count);
    for (const c of classes) {
      if (!Number.isInteger(c) || c < 0 || c >= count) throw new UserFacingError(`Class ${c} to restrict the outputs to is not one of the model's ${count} classes.`, 'bad-input');
      this.keep[c] = 1;
    }
  }

  get inspection(): Classifier['inspection'] { return this.inner.inspection; }
  get profile(): Classifier['profile'] { return this.inner.profile; }
  get labels(): Classifier['labels'] { return this.inner.labels; }

  logits(x01: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.restrictLogits(this.inner.logits(x01)));
  }

  probabilities(x01: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.restrictProbabilities(this.inner.probabilities(x01)));
  }

  predict(x01: tf.Tensor4D): Promise<tf.Tensor2D> {
    return restrictedOutput(this.inner.predict(x01), (p) => this.restrictProbabilities(p));
  }

  predictLogits(x01: tf.Tensor4D): Promise<tf.Tensor2D> {
    return restrictedOutput(this.inner.predictLogits(x01), (z) => this.restrictLogits(z));
  }

  featuresAndLogits(x01: tf.Tensor4D, layer?: string): { features: tf.Tensor4D; logits: tf.Tensor2D; context?: HeadContext } {
    const out = this.inner.featuresAndLogits(x01, layer);
    try {
      return { ...out, logits: tf.tidy(() => this.restrictLogits(out.logits)) };
    } finally {
      out.logits.dispose();
    }
  }

  denseHeadWeights(): ReturnType<Classifier['denseHeadWeights']> {
    return this.inner.denseHeadWeights();
  }

  headFromFeatures(features: tf.Tensor4D, layer?: string, context?: HeadContext): tf.Tensor2D {
    return tf.tidy(() => this.restrictLogits(this.inner.headFromFeatures(features, layer, context)));
  }

  setProfile(p: Classifier['profile']): void {
    this.inner.setProfile(p);
  }

  /** The wrapped classifier belongs to the session that loaded it; this view holds no tensors of its own. */
  dispose(): void {}

  /** logits + RESTRICTED_LOGIT on the left-out columns (call inside tf.tidy). Differentiable. */
  private restrictLogits(logits: tf.Tensor2D): tf.Tensor2D {
    return logits.add(tf.tensor1d(this.keep).sub(1).mul(-RESTRICTED_LOGIT));
  }

  /** p · keep / Σ p · keep per row (call inside tf.tidy). */
  private restrictProbabilities(probabilities: tf.Tensor2D): tf.Tensor2D {
    const kept = probabilities.mul(tf.tensor1d(this.keep));
    return kept.div(kept.sum(1, true));
  }
}

/** `classifier` with its outputs restricted to `classes` (indices of its classes); the original is left as it is. */
export function restrictedToClasses(classifier: Classifier, classes: readonly number[]): Classifier {
  return new RestrictedClassifier(classifier, classes);
}
