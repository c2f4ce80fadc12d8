// Gradient-based analyses (FGSM, Puzzle Mix saliency) fail on some models for reasons that belong to TF.js, not to the
// user's data: a backend without a gradient kernel the model's ops need, or an op without any gradient. Those errors are
// turned into one that names the analysis, what is missing and what to do, so a sweep can fail only that condition.
import * as tf from '@tensorflow/tfjs';
import { UserFacingError, errorMessage } from '../errors';

/** An analysis could not take the gradient it needs through this model on this backend. */
export class GradientUnavailableError extends UserFacingError {
  constructor(message: string, readonly missing: string) {
    super(message, 'unsupported');
    this.name = 'GradientUnavailableError';
  }
}

// tfjs-core's engine: "Kernel 'X' not registered for backend 'Y'".
const missingKernelPattern = /Kernel '([^']+)' not registered for backend '([^']+)'/;
// tfjs-core's tape: "Cannot compute gradient: gradient function not found for X."
const missingGradientPattern = /gradient function not found for ([A-Za-z0-9_]+)/;
// tfjs-core's conv and depthwise gradients: "Error in gradient of conv2D: dilation rates greater than 1 are not yet supported …".
const dilatedGradientPattern = /Error in gradient of ([A-Za-z0-9_ ]+): dilation rates greater than 1 are not yet supported/;

/** The GradientUnavailableError `err` stands for when it is a missing kernel or gradient, else null. */
export function gradientFailure(analysis: string, err: unknown): GradientUnavailableError | null {
  if (err instanceof GradientUnavailableError) return err;
  const message = errorMessage(err);
  const kernel = missingKernelPattern.exec(message);
  if (kernel) {
    const [, name, backend] = kernel;
    const remedy = backend === 'cpu' ? '' : '; choose the cpu backend (--backend cpu, or the robustnessLens.backend setting)';
    return new GradientUnavailableError(`${analysis} could not run on the ${backend} backend: the gradient kernel '${name}' is missing there${remedy}.`, name);
  }
  const op = missingGradientPattern.exec(message);
  if (op) return new GradientUnavailableError(`${analysis} could not run: TF.js has no gradient for the '${op[1]}' operation this model uses, on any backend.`, op[1]);
  const dilated = dilatedGradientPattern.exec(message);
  if (dilated) return new GradientUnavailableError(`${analysis} could not run: TF.js has no gradient for dilated convolutions (${dilated[1]}), which this model uses, on any backend.`, dilated[1]);
  return null;
}

/**
 * tfjs-core's engine.gradients disposes the tape's saved tensors only when the backward pass succeeds; after a throw they stay
 * kept forever (the next gradient starts a new tape). Frees them when no outer gradient is still recording.
 */
function releaseAbandonedTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) tf.dispose(node.saved ?? []);
  state.activeTape = null as unknown as typeof state.activeTape;
}

/** Runs `body`, which takes a gradient; a missing kernel or gradient is rethrown as a GradientUnavailableError naming `analysis`. */
export function withGradientFailure<T>(analysis: string, body: () => T): T {
  try {
    return body();
  } catch (err) {
    releaseAbandonedTape();
    throw gradientFailure(analysis, err) ?? err;
  }
}
