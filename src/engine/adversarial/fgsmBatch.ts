// One batch of an FGSM ε sweep (definitions.md §2): one gradient, then one forward pass per ε; counts and an optional gallery.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../model/classifier';
import { countTopOneErrors } from '../metrics/topOneErrors';
import { checkEpsilons, fgsmGradient, fgsmPerturb, type FgsmTarget } from './fgsm';

export interface ClassPrediction {
  classIndex: number;
  probability: number;
}

/** The first images of a batch attacked at one ε, for display; the caller disposes the tensors. */
export interface FgsmGalleryEntry {
  epsilon: number;
  /** x_adv [n, H, W, 3]. */
  adversarial: tf.Tensor4D;
  /** (x_adv − x)/(2ε) + 0.5 [n, H, W, 3]: the perturbation magnified to [0, 1] for display (0.5 = unchanged). */
  perturbation: tf.Tensor4D;
  clean: ClassPrediction[];
  attacked: ClassPrediction[];
}

export interface FgsmBatchResult {
  target: FgsmTarget;
  imageCount: number;
  /** Top-1 mistakes against the targets on the clean images (always 0 when the target is the model's own prediction). */
  cleanWrong: number;
  /** Top-1 mistakes against the targets at each ε, in the order given. */
  wrongAtEpsilon: number[];
  /** One entry per ε when a gallery was asked for; empty otherwise. */
  gallery: FgsmGalleryEntry[];
}

export interface FgsmBatchOptions {
  epsilons: readonly number[];
  /** How many of this batch's first images to keep for the gallery (default 0). */
  galleryCount?: number;
}

/** Top-1 class and its softmax probability per row of `logits`. */
async function predictionsOf(logits: tf.Tensor2D): Promise<ClassPrediction[]> {
  const [classes, probabilities] = tf.tidy(() => {
    const p = tf.softmax(logits);
    return [tf.argMax(p, 1), tf.max(p, 1)];
  });
  try {
    const c = (await classes.data()) as Int32Array;
    const p = await probabilities.data();
    return Array.from(c, (classIndex, i) => ({ classIndex, probability: p[i] }));
  } finally {
    tf.dispose([classes, probabilities]);
  }
}

async function galleryEntry(images: tf.Tensor4D, adversarial: tf.Tensor4D, adversarialLogits: tf.Tensor2D, cleanLogits: tf.Tensor2D, epsilon: number, count: number): Promise<FgsmGalleryEntry> {
  const { shown, perturbation, shownLogits, shownCleanLogits } = tf.tidy(() => {
    const x = images.slice(0, count);
    const xAdv = adversarial.slice(0, count);
    return {
      shown: xAdv,
      perturbation: tf.add(tf.div(tf.sub(xAdv, x), 2 * epsilon), 0.5) as tf.Tensor4D,
      shownLogits: adversarialLogits.slice(0, count),
      shownCleanLogits: cleanLogits.slice(0, count),
    };
  });
  try {
    return { epsilon, adversarial: shown, perturbation, clean: await predictionsOf(shownCleanLogits), attacked: await predictionsOf(shownLogits) };
  } catch (err) {
    tf.dispose([shown, perturbation]);
    throw err;
  } finally {
    tf.dispose([shownLogits, shownCleanLogits]);
  }
}

// definitions.md §2: top-1 error at each ε of a sweep, reusing one gradient sign per batch (it does not depend on ε).
export async function fgsmBatch(classifier: Pick<Classifier, 'logits'>, images: tf.Tensor4D, labels: ArrayLike<number> | null, options: FgsmBatchOptions): Promise<FgsmBatchResult> {
  checkEpsilons(options.epsilons);
  const galleryCount = Math.min(Math.max(0, Math.floor(options.galleryCount ?? 0)), images.shape[0]);
  const { sign, cleanLogits, targets, target } = fgsmGradient(classifier, images, labels);
  const gallery: FgsmGalleryEntry[] = [];
  try {
    const cleanWrong = await countTopOneErrors(cleanLogits, targets);
    const wrongAtEpsilon: number[] = [];
    for (const epsilon of options.epsilons) {
      const adversarial = fgsmPerturb(images, sign, epsilon);
      const logits = classifier.logits(adversarial);
      try {
        wrongAtEpsilon.push(await countTopOneErrors(logits, targets));
        if (galleryCount > 0) gallery.push(await galleryEntry(images, adversarial, logits, cleanLogits, epsilon, galleryCount));
      } finally {
        tf.dispose([adversarial, logits]);
      }
    }
    return { target, imageCount: images.shape[0], cleanWrong, wrongAtEpsilon, gallery };
  } catch (err) {
    for (const entry of gallery) tf.dispose([entry.adversarial, entry.perturbation]);
    throw err;
  } finally {
    tf.dispose([sign, cleanLogits, targets]);
  }
}
