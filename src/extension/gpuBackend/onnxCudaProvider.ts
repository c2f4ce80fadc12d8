// ONNX Runtime's CUDA provider for "Install GPU Backend": onnxruntime-node's own install script fetches the provider
// libraries (Microsoft.ML.OnnxRuntime.Gpu.Linux, from NuGet) into its binding folder inside the extension; the engine
// uses them once restarted (src/engine/model/onnx/onnxRuntime.ts looks for the same file).
import * as path from 'node:path';

export interface InstallCommand { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv }

function packageFolder(extensionPath: string): string {
  return path.join(extensionPath, 'node_modules', 'onnxruntime-node');
}

/** The library whose presence means the CUDA provider is installed. */
export function onnxCudaProviderLibrary(extensionPath: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return path.join(packageFolder(extensionPath), 'bin', 'napi-v6', platform, arch, platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so');
}

/**
 * The install script run with VS Code's own Node (`nodeExecutable` with ELECTRON_RUN_AS_NODE), told to fetch the CUDA 12
 * provider. The environment variable wins over any npm configuration that says skip (as this repository's .npmrc does).
 */
export function onnxCudaInstallCommand(extensionPath: string, nodeExecutable: string, env: NodeJS.ProcessEnv): InstallCommand {
  const cwd = packageFolder(extensionPath);
  return {
    command: nodeExecutable,
    args: [path.join(cwd, 'script', 'install.js'), '--onnxruntime-node-install=cuda12'],
    cwd,
    env: { ...env, ELECTRON_RUN_AS_NODE: '1', ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
  };
}
