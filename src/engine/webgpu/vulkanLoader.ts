// Whether the Vulkan loader (libvulkan.so.1) can be found on Linux, so that `auto` skips Dawn's Vulkan backend quietly,
// with a reason, where there is none (Dawn itself prints a warning to stderr at every start when it fails to open it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const VULKAN_LOADER = 'libvulkan.so.1';
const LIBRARY_FOLDERS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/lib64', '/lib', '/usr/local/lib'];

/** The dynamic linker's cache lists the loader; null when ldconfig cannot be asked. */
function inLinkerCache(): boolean | null {
  for (const ldconfig of ['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig']) {
    try {
      return execFileSync(ldconfig, ['-p'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).includes(VULKAN_LOADER);
    } catch {
      // Try the next place ldconfig may live.
    }
  }
  return null;
}

/** False only when the loader is in none of LD_LIBRARY_PATH, the usual library folders and the linker cache. */
export function vulkanLoaderMayExist(env: NodeJS.ProcessEnv): boolean {
  const folders = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter((f) => f !== ''), ...LIBRARY_FOLDERS];
  if (folders.some((folder) => existsSync(join(folder, VULKAN_LOADER)))) return true;
  return inLinkerCache() !== false;
}
