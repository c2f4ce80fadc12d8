// What the GPU backend install tells the user: while it runs, the latest line of npm's output that says something
// and the time taken so far; when it fails, why and what to do.
import type { InstallerFailure } from './installRunner';

const MAX_LENGTH = 100;

/** The text to show for one output line, or null for lines that say nothing about progress (npm's warnings). */
export function progressText(line: string): string | null {
  const text = line.trim();
  if (/^npm (warn|notice|verbose|silly)\b/i.test(text)) return null;
  // "npm http fetch GET 200 https://registry.npmjs.org/@tensorflow%2ftfjs-core/-/tfjs-core-4.22.0.tgz 812ms (cache miss)",
  // "npm http cache debug@https://registry.npmjs.org/debug/-/debug-4.4.3.tgz 0ms (cache hit)"
  const fetched = /^npm http (?:fetch|cache)\b.*?(https?:\/\/\S+)/.exec(text);
  if (fetched) return `Fetched ${decodeURIComponent(fetched[1].split('/').pop() ?? fetched[1])}`;
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** The line of a failed install's output that most likely says why: a failed download (the first, since the
 * ones after it follow from it), else the last thrown error, else npm's own error line. */
export function failureSummary(lastLines: readonly string[]): string | null {
  const lines = lastLines.map((line) => line.trim());
  const download = lines.find((line) => /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|CERT_\w+)\b|status \d{3}\b/.test(line));
  if (download) return download;
  const newestFirst = [...lines].reverse();
  const thrown = newestFirst.find((line) => /^\w*Error\b/.test(line));
  if (thrown) return thrown;
  // npm's closing lines name the failed command and the log file; the line before them says what went wrong.
  const npmError = newestFirst.find((line) => /^npm (error|ERR!)/.test(line) && !/^npm (error|ERR!) (code|errno|syscall|path|command|signal|A complete log)\b/.test(line));
  return npmError ? npmError.replace(/^npm (error|ERR!)\s*/, '') : newestFirst[0] ?? null;
}

/** What is being installed, by what, and what to do when its download is slow or blocked. */
export interface InstallSubject { name: string; runner: string; slowDownloadHint: string }

export const TFJS_NODE_GPU_INSTALL: InstallSubject = {
  name: 'the GPU backend',
  runner: 'npm',
  slowDownloadHint: 'Its install script downloads libtensorflow from storage.googleapis.com; where that is slow or blocked, set robustnessLens.gpuBackend.mirror, or raise robustnessLens.gpuBackend.installTimeoutSeconds.',
};

export const ONNX_CUDA_INSTALL: InstallSubject = {
  name: 'ONNX Runtime\'s CUDA provider',
  runner: 'onnxruntime-node\'s install script',
  slowDownloadHint: 'It downloads Microsoft.ML.OnnxRuntime.Gpu.Linux from api.nuget.org; where that is slow, raise robustnessLens.gpuBackend.installTimeoutSeconds.',
};

/** The message for an install that did not succeed; null when the user cancelled it (nothing to explain). */
export function failureMessage(end: InstallerFailure, lastLines: readonly string[], subject: InstallSubject = TFJS_NODE_GPU_INSTALL): string | null {
  switch (end.reason) {
    case 'cancelled':
      return null;
    case 'timedOut':
      return `the install of ${subject.name} did not finish within ${formatElapsed(end.limitMs)} and was stopped. ${subject.slowDownloadHint}`;
    case 'couldNotStart':
      return `${subject.runner} could not be started: ${end.message}`;
    case 'failed': {
      const why = failureSummary(lastLines);
      const how = end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`;
      return `${subject.runner} ${how} while installing ${subject.name}${why ? `: ${why}` : ''}`;
    }
  }
}
