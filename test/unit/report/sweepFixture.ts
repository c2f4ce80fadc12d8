// A hand-made two-model sweep for the report tests: two corruptions of incomplete families, FGSM at one ε, one OOD set the
// first model scores higher than its own images (AUROC 0), a reliability diagram with two filled bins of 15, one gallery entry.
import type { SweepCalibration, SweepCorruptionErrors, SweepModelResult, SweepOodResult, SweepResults } from '../../../src/protocol/sweep';

/** 15 bins of width 1/15: bins 10 and 14 hold images, the rest are empty. */
export function calibration(): SweepCalibration {
  const bins = Array.from({ length: 15 }, (_, b) => ({ lower: b / 15, upper: (b + 1) / 15, count: 0, accuracy: null as number | null, meanConfidence: null as number | null }));
  bins[10] = { ...bins[10], count: 3, accuracy: 2 / 3, meanConfidence: 0.7 };
  bins[14] = { ...bins[14], count: 37, accuracy: 1, meanConfidence: 0.98 };
  return { ece: 0.05, nll: 0.2, bins, imageCount: 40 };
}

export function ood(set: string, auroc: number): SweepOodResult {
  return { set, description: `${set} images`, auroc, tnrAtTpr95: auroc, detectionAccuracy: 0.5, inCount: 40, outCount: 40, histogram: [] };
}

const corruption = (name: string, displayName: string, family: SweepCorruptionErrors['family'], errors: number[]): SweepCorruptionErrors =>
  ({ corruption: name, displayName, family, kind: 'benchmark', errors });

function model(modelId: string, name: string, offset: number): SweepModelResult {
  return {
    modelId, name, inputSize: [32, 32], clean: 0.1 + offset,
    // Only one noise corruption of three, but every blur one is not needed: the noise and blur families are incomplete.
    corruptions: [corruption('gaussian_noise', 'Gaussian noise', 'noise', [0.2 + offset, 0.4 + offset]), corruption('defocus_blur', 'Defocus blur', 'blur', [0.3, 0.5])],
    fgsm: { target: 'label', imageCount: 40, cleanError: 0.1 + offset, errors: [{ epsilon: 8 / 255, error: 0.6 + offset, wrong: 24 }] },
    occlusion: null,
    calibration: calibration(),
    ood: [ood('uniform-noise', offset === 0 ? 0 : 0.9)],
  };
}

export function results(): SweepResults {
  const models = [model('a', 'baseline', 0), model('b', 'cutmix', 0.1)];
  const row = (m: SweepModelResult) => ({
    model: m.modelId, clean: m.clean, fgsm: m.fgsm?.errors[0].error ?? null, occlusion: null, noise: null, blur: null, weather: null, digital: null,
    mce: null, relativeMce: null, benchmark: {}, extras: {}, missingBenchmark: [],
  });
  const best = { clean: ['a'], fgsm: ['a'], occlusion: [], noise: [], blur: [], weather: [], digital: [], mce: [], relativeMce: [] };
  return {
    settings: {
      data: '/data', parameterSet: 'cifar-10-c', corruptions: ['gaussian_noise', 'defocus_blur'], severities: [1, 3], seed: 0, jpegRoundTrip: false,
      fgsmEpsilons: [8 / 255], fgsmSummaryEpsilon: 8 / 255, occlusion: false, ood: ['uniform-noise'], baseline: 'a', batchSize: 32,
    },
    partial: false, imageCount: 40, plannedImageCount: 40, forwardPasses: 10, models,
    summary: { rows: models.map(row), best },
    facts: [], predictionsFile: null, skipped: [], warnings: [],
    gallery: [{
      imageId: 'img/0001.png', label: 0, corruption: 'gaussian_noise', severity: 3, cleanImage: 'data:image/jpeg;base64,AA==', corruptedImage: 'data:image/jpeg;base64,AA==',
      predictions: [{ modelId: 'a', clean: { classIndex: 0, probability: 0.9 }, corrupted: { classIndex: 8, probability: 0.6 }, flipped: true }],
    }],
  };
}
