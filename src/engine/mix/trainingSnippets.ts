// Short training-script code that reproduces a configured mix preview (definitions.md §6), for PyTorch and for tf.data.
// Mixup, CutMix and Cutout are written out in full; Puzzle Mix points to the authors' implementation with the same parameters.
import type { MixLambda, MixMethod, PuzzleMixSettings } from '../../protocol/mix';

export interface SnippetSettings {
  method: MixMethod;
  lambda: MixLambda;
  cutoutSide: number;
  puzzle: PuzzleMixSettings;
  classCount: number;
}

export interface TrainingSnippets { pytorch: string; tfdata: string }

const PUZZLE_MIX_REPOSITORY = 'https://github.com/snu-mllab/PuzzleMix';

/** Python source for λ: a constant, or one Beta(a, a) draw per batch as the authors' implementations do. */
function pythonLambda(lambda: MixLambda, tensorflow: boolean): string {
  if (lambda.kind === 'fixed') return `lam = ${lambda.value}  # fixed λ, as in the preview`;
  const a = lambda.concentration;
  return tensorflow
    ? `g1, g2 = tf.random.gamma([], ${a}), tf.random.gamma([], ${a})\n    lam = g1 / (g1 + g2)  # λ ~ Beta(${a}, ${a}), one draw per batch`
    : `lam = np.random.beta(${a}, ${a})  # λ ~ Beta(${a}, ${a}), one draw per batch`;
}

function pytorchMixup(s: SnippetSettings): string {
  return `import numpy as np
import torch
import torch.nn.functional as F

NUM_CLASSES = ${s.classCount}

def mixup(x, y):
    """Mixup (Zhang et al. 2018): x = λ·x1 + (1−λ)·x2, y = λ·y1 + (1−λ)·y2, x2 a shuffle of the batch."""
    ${pythonLambda(s.lambda, false)}
    index = torch.randperm(x.size(0), device=x.device)
    y1 = F.one_hot(y, NUM_CLASSES).float()
    return lam * x + (1 - lam) * x[index], lam * y1 + (1 - lam) * y1[index]

# for x, y in loader:
#     x, target = mixup(x, y)
#     loss = torch.sum(-target * F.log_softmax(model(x), dim=1), dim=1).mean()`;
}

function pytorchCutMix(s: SnippetSettings): string {
  return `import numpy as np
import torch
import torch.nn.functional as F

NUM_CLASSES = ${s.classCount}

def cutmix(x, y):
    """CutMix (Yun et al. 2019): paste a box of x2 into x1; λ = 1 − box area / (W·H) after clipping."""
    ${pythonLambda(s.lambda, false)}
    index = torch.randperm(x.size(0), device=x.device)
    H, W = x.shape[2], x.shape[3]
    cut = np.sqrt(1.0 - lam)
    cut_w, cut_h = int(W * cut), int(H * cut)
    cx, cy = np.random.randint(W), np.random.randint(H)
    x0, x1 = np.clip(cx - cut_w // 2, 0, W), np.clip(cx + cut_w // 2, 0, W)
    y0, y1 = np.clip(cy - cut_h // 2, 0, H), np.clip(cy + cut_h // 2, 0, H)
    x = x.clone()
    x[:, :, y0:y1, x0:x1] = x[index, :, y0:y1, x0:x1]
    lam = 1.0 - (x1 - x0) * (y1 - y0) / (W * H)
    onehot = F.one_hot(y, NUM_CLASSES).float()
    return x, lam * onehot + (1 - lam) * onehot[index]

# for x, y in loader:
#     x, target = cutmix(x, y)
#     loss = torch.sum(-target * F.log_softmax(model(x), dim=1), dim=1).mean()`;
}

function pytorchCutout(s: SnippetSettings): string {
  return `import numpy as np
import torch

LENGTH = ${s.cutoutSide}  # side L in pixels

class Cutout:
    """Cutout (DeVries & Taylor 2017): zero an L×L square centred uniformly at random, clipped by the border; label unchanged.
    Put it after ToTensor() and before Normalize(), so the square is 0 in [0, 1] pixels as in the preview."""
    def __call__(self, img):  # img: [C, H, W]
        _, h, w = img.shape
        cy, cx = np.random.randint(h), np.random.randint(w)
        y0, y1 = np.clip(cy - LENGTH // 2, 0, h), np.clip(cy - LENGTH // 2 + LENGTH, 0, h)
        x0, x1 = np.clip(cx - LENGTH // 2, 0, w), np.clip(cx - LENGTH // 2 + LENGTH, 0, w)
        img = img.clone()
        img[:, y0:y1, x0:x1] = 0
        return img

# transforms.Compose([transforms.ToTensor(), Cutout(), transforms.Normalize(mean, std)])`;
}

function tfMixup(s: SnippetSettings): string {
  return `import tensorflow as tf

NUM_CLASSES = ${s.classCount}

def mixup(images, labels):
    """Mixup on a batch of [0, 1] images: x = λ·x1 + (1−λ)·x2, y = λ·y1 + (1−λ)·y2."""
    ${pythonLambda(s.lambda, true)}
    index = tf.random.shuffle(tf.range(tf.shape(images)[0]))
    onehot = tf.one_hot(labels, NUM_CLASSES)
    return (lam * images + (1 - lam) * tf.gather(images, index),
            lam * onehot + (1 - lam) * tf.gather(onehot, index))

# dataset = dataset.batch(64).map(mixup, num_parallel_calls=tf.data.AUTOTUNE)
# model.compile(loss=tf.keras.losses.CategoricalCrossentropy(), ...)`;
}

function tfCutMix(s: SnippetSettings): string {
  return `import tensorflow as tf

NUM_CLASSES = ${s.classCount}

def cutmix(images, labels):
    """CutMix on a batch: paste a box of x2 into x1; λ = 1 − box area / (W·H) after clipping."""
    ${pythonLambda(s.lambda, true)}
    shape = tf.shape(images)
    h, w = shape[1], shape[2]
    index = tf.random.shuffle(tf.range(shape[0]))
    cut = tf.sqrt(1.0 - lam)
    cut_w = tf.cast(tf.cast(w, tf.float32) * cut, tf.int32)
    cut_h = tf.cast(tf.cast(h, tf.float32) * cut, tf.int32)
    cx = tf.random.uniform([], 0, w, dtype=tf.int32)
    cy = tf.random.uniform([], 0, h, dtype=tf.int32)
    x0, x1 = tf.clip_by_value(cx - cut_w // 2, 0, w), tf.clip_by_value(cx + cut_w // 2, 0, w)
    y0, y1 = tf.clip_by_value(cy - cut_h // 2, 0, h), tf.clip_by_value(cy + cut_h // 2, 0, h)
    rows, cols = tf.range(h)[:, None], tf.range(w)[None, :]
    box = tf.cast((rows >= y0) & (rows < y1) & (cols >= x0) & (cols < x1), images.dtype)[None, :, :, None]
    images = images * (1 - box) + tf.gather(images, index) * box
    lam = 1.0 - tf.cast((x1 - x0) * (y1 - y0), tf.float32) / tf.cast(w * h, tf.float32)
    onehot = tf.one_hot(labels, NUM_CLASSES)
    return images, lam * onehot + (1 - lam) * tf.gather(onehot, index)

# dataset = dataset.batch(64).map(cutmix, num_parallel_calls=tf.data.AUTOTUNE)
# model.compile(loss=tf.keras.losses.CategoricalCrossentropy(), ...)`;
}

function tfCutout(s: SnippetSettings): string {
  return `import tensorflow as tf

LENGTH = ${s.cutoutSide}  # side L in pixels

def cutout(image, label):
    """Cutout on one [H, W, C] image in [0, 1]: zero an L×L square centred uniformly at random, clipped; label unchanged."""
    h, w = tf.shape(image)[0], tf.shape(image)[1]
    cy = tf.random.uniform([], 0, h, dtype=tf.int32)
    cx = tf.random.uniform([], 0, w, dtype=tf.int32)
    y0, y1 = tf.clip_by_value(cy - LENGTH // 2, 0, h), tf.clip_by_value(cy - LENGTH // 2 + LENGTH, 0, h)
    x0, x1 = tf.clip_by_value(cx - LENGTH // 2, 0, w), tf.clip_by_value(cx - LENGTH // 2 + LENGTH, 0, w)
    rows, cols = tf.range(h)[:, None], tf.range(w)[None, :]
    square = (rows >= y0) & (rows < y1) & (cols >= x0) & (cols < x1)
    return image * tf.cast(~square, image.dtype)[:, :, None], label

# dataset = dataset.map(cutout, num_parallel_calls=tf.data.AUTOTUNE).batch(64)`;
}

/** Puzzle Mix has no short faithful re-implementation: the authors' training script with this preview's parameters. */
function puzzleMixPointer(s: SnippetSettings, framework: 'pytorch' | 'tfdata'): string {
  const p = s.puzzle;
  const alpha = s.lambda.kind === 'beta' ? s.lambda.concentration : 1;
  const lines = [
    `# Puzzle Mix (Kim et al. 2020): use the authors' PyTorch implementation, ${PUZZLE_MIX_REPOSITORY}`,
    `# (its graph cut needs the gco package). This preview's parameters as its main.py flags:`,
    `python main.py --train mixup --mixup_alpha ${alpha} --graph True --n_labels ${p.levels + 1} --neigh_size 4 \\`,
    `    --beta ${p.smoothness} --gamma ${p.dataSmoothness} --eta ${p.priorWeight} \\`,
    `    --transport ${p.transport ? 'True --t_eps 0.8' : 'False'}`,
    p.grid === 'random' ? '# Grid: block_num drawn from {2, 4, 8, 16} per batch, as the authors\' code does.' : `# Grid: the preview fixed a ${p.grid}×${p.grid} grid of blocks; the authors' code draws block_num from {2, 4, 8, 16} per batch.`,
  ];
  if (s.lambda.kind === 'fixed') lines.push(`# The preview fixed λ = ${s.lambda.value}; training draws λ ~ Beta(α, α) per batch.`);
  if (p.levels > 3) lines.push(`# Their graphcut_multi has binomial priors for n_labels 2 to 4 only; n_labels ${p.levels + 1} needs that function extended.`);
  if (framework === 'tfdata') lines.push('# There is no tf.data port by the authors; Puzzle Mix needs the model\'s input gradient in the input pipeline.');
  return lines.join('\n');
}

export function trainingSnippets(s: SnippetSettings): TrainingSnippets {
  switch (s.method) {
    case 'mixup': return { pytorch: pytorchMixup(s), tfdata: tfMixup(s) };
    case 'cutmix': return { pytorch: pytorchCutMix(s), tfdata: tfCutMix(s) };
    case 'cutout': return { pytorch: pytorchCutout(s), tfdata: tfCutout(s) };
    case 'puzzlemix': return { pytorch: puzzleMixPointer(s, 'pytorch'), tfdata: puzzleMixPointer(s, 'tfdata') };
  }
}
