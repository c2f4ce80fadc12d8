// Reads chosen entries of a zip archive (a Keras 3 .keras file) by streaming each through inflate with its size capped,
// so that a zip bomb (a small archive declaring or holding gigabytes) is refused before it fills memory or disk.
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { UserFacingError, errorMessage } from '../errors';

/** Where one wanted entry's bytes go, and the most it may hold. */
export interface ArchiveEntrySink {
  maxBytes: number;
  write(chunk: Uint8Array): Promise<void>;
}

/** Deflate of real weights or JSON stays far below this ratio; only crafted or damaged entries exceed it. */
const maxExpansionRatio = 100;
/** Entries up to this size are never refused for their ratio (a JSON config can compress 20:1 or more). */
const ratioFreeBytes = 64 * 2 ** 20;
// APPNOTE.TXT 4.3.7: every zip starts with a local file header, signature PK\x03\x04.
const zipSignature = Uint8Array.of(0x50, 0x4b, 0x03, 0x04);
/** Compressed bytes handed to inflate at a time: one slice inflates to at most ~66 MB (deflate's 1032:1 limit). */
const sliceBytes = 2 ** 16;

function sizeText(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** Why an entry's declared sizes are refused before any byte is inflated, or null when they are acceptable. */
function declaredSizeRefusal(file: UnzipFile, maxBytes: number, source: string): UserFacingError | null {
  const declared = file.originalSize;
  if (declared === undefined) return null;
  if (declared > maxBytes) {
    return new UserFacingError(`${file.name} in ${source} declares ${sizeText(declared)}, more than the ${sizeText(maxBytes)} a Keras archive entry may hold here. The file is damaged or not a model.`, 'too-large');
  }
  const compressed = file.size ?? declared;
  if (declared > ratioFreeBytes && declared > maxExpansionRatio * compressed) {
    return new UserFacingError(`${file.name} in ${source} would inflate from ${sizeText(compressed)} to ${sizeText(declared)} (${Math.round(declared / Math.max(compressed, 1))}:1); real model files do not compress that far, so the archive is refused as damaged or a zip bomb.`, 'too-large');
  }
  return null;
}

/**
 * Streams the entries named in `sinks` out of `archive` into their sinks, refusing any entry whose declared size
 * exceeds its cap or a plausible compression ratio, or whose inflated bytes exceed what it declared. Returns the
 * names found; entries not named are never inflated.
 */
export async function extractArchiveEntries(archive: Uint8Array, source: string, sinks: ReadonlyMap<string, ArchiveEntrySink>): Promise<Set<string>> {
  if (!zipSignature.every((byte, i) => archive[i] === byte)) {
    throw new UserFacingError(`${source} is not a valid Keras 3 archive (a .keras file is a zip, and this one does not start like one). Save the model again.`);
  }
  const found = new Set<string>();
  const pending: { sink: ArchiveEntrySink; chunk: Uint8Array }[] = [];
  const state: { failure: UserFacingError | null } = { failure: null };
  const unzip = new Unzip((file) => {
    const sink = sinks.get(file.name);
    if (!sink || state.failure) return;
    found.add(file.name);
    state.failure = declaredSizeRefusal(file, sink.maxBytes, source);
    if (state.failure) return;
    const limit = Math.min(sink.maxBytes, file.originalSize ?? sink.maxBytes);
    let inflated = 0;
    file.ondata = (err, chunk) => {
      if (state.failure) return;
      if (err) {
        state.failure = new UserFacingError(`${file.name} in ${source} cannot be inflated (${errorMessage(err)}). The archive is damaged; save the model again.`);
        return;
      }
      inflated += chunk.length;
      if (inflated > limit) {
        state.failure = new UserFacingError(`${file.name} in ${source} inflates to more than the ${sizeText(limit)} it ${limit === file.originalSize ? 'declares' : 'may hold'}, so the archive is refused as damaged or a zip bomb.`, 'too-large');
        return;
      }
      pending.push({ sink, chunk });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < archive.length && !state.failure; at += sliceBytes) {
    try {
      unzip.push(archive.subarray(at, at + sliceBytes), at + sliceBytes >= archive.length);
    } catch (err) {
      throw new UserFacingError(`${source} is not a valid Keras 3 archive (${errorMessage(err)}). Save the model again.`);
    }
    for (const { sink, chunk } of pending.splice(0)) await sink.write(chunk);
  }
  if (state.failure) throw state.failure;
  return found;
}
