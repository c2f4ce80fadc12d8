// Finds a command on the PATH as a shell would (on Windows, its .cmd or .exe file), without running a shell.
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/** The full path of `name` on `env`'s PATH, or null when no folder on it has that command. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  // Windows spells the variable "Path" as often as "PATH".
  const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH');
  const folders = (pathKey ? env[pathKey] ?? '' : '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const fileNames = platform === 'win32' ? [`${name}.cmd`, `${name}.exe`] : [name];
  for (const folder of folders) {
    for (const fileName of fileNames) {
      const candidate = path.join(folder, fileName);
      if (isRunnableFile(candidate, platform)) return candidate;
    }
  }
  return null;
}

function isRunnableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
