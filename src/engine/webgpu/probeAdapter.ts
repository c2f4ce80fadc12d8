// Asks Dawn for an adapter in a child process, so that what the native side prints while it looks (the Vulkan loader's
// "vkCreateInstance: Found no drivers!", Mesa's "XDG_RUNTIME_DIR is invalid", …) goes to the child's stderr, which is
// dropped, and never into the engine's or the CLI's output. The engine loads Dawn itself only when an adapter exists.
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { AdapterFacts } from './describeAdapter';
import type { DawnSettings } from './dawnSettings';

/** An adapter's facts, or null when Dawn found none; `failure` when the probe itself could not run. */
export type ProbeResult = { adapter: AdapterFacts | null } | { failure: string };

// An ES module run with `node --input-type=module -e`: its arguments are the webgpu package's URL, the Dawn backend and
// the feature level; it prints the adapter's facts as JSON (null for none).
const PROBE_SCRIPT = `
const [url, backend, featureLevel] = process.argv.slice(1);
const { create } = await import(url);
const adapter = await create(['backend=' + backend]).requestAdapter({ powerPreference: 'high-performance', featureLevel });
const info = adapter?.info;
process.stdout.write(JSON.stringify(info ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter } : null));
process.exit(0);`;

const PROBE_TIMEOUT_MS = 30_000;

/** The probe's answer from its stdout, or a failure when it printed nothing readable. */
export function parseProbeOutput(stdout: string): ProbeResult {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (parsed === null) return { adapter: null };
    if (typeof parsed === 'object' && typeof (parsed as AdapterFacts).device === 'string') return { adapter: parsed as AdapterFacts };
  } catch {
    // Falls through to the failure below.
  }
  return { failure: `the adapter probe printed ${stdout.trim() ? 'something unexpected' : 'nothing'}` };
}

const probes = new Map<string, Promise<ProbeResult>>();

/** Dawn's adapter for `settings`, asked once per engine process and settings. */
export function probeAdapter(settings: DawnSettings): Promise<ProbeResult> {
  const key = `${settings.dawnBackend}/${settings.featureLevel}`;
  let probe = probes.get(key);
  if (!probe) {
    const webgpuUrl = pathToFileURL(require.resolve('webgpu')).href;
    probe = new Promise<ProbeResult>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, webgpuUrl, settings.dawnBackend, settings.featureLevel], { timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout) => {
        if (err && !stdout) resolve({ failure: err.killed ? `the adapter probe took longer than ${PROBE_TIMEOUT_MS / 1000} s` : `the adapter probe exited with ${err.code ?? err.signal}` });
        else resolve(parseProbeOutput(stdout));
      });
    });
    probes.set(key, probe);
  }
  return probe;
}
