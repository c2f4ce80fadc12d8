// Where an analysis puts the images its results show, as it makes them: inline as data: URIs (a run that is not saved), or
// as files in the run's folder, written at once, so a long saved run holds none of its images in memory (attachments.ts).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomicWrite';
import { attachmentFileOf, imageDataUri, type ImageEncoding } from './attachments';

export interface ImageSink {
  /** Keeps the image's bytes and returns what the results hold for it: a data: URI, or its attachment path. */
  store(bytes: Buffer, encoding: ImageEncoding): Promise<string>;
}

export const inlineImages: ImageSink = {
  store: async (bytes, encoding) => imageDataUri(bytes, encoding),
};

/** Images written into a run's folder as they come (identical images share one file); `files` lists them for the record's attachments. */
export class RunFolderImages implements ImageSink {
  private readonly written = new Map<string, Promise<void>>();

  constructor(private readonly folder: string) {}

  async store(bytes: Buffer, encoding: ImageEncoding): Promise<string> {
    const file = attachmentFileOf(bytes, encoding);
    let write = this.written.get(file);
    if (!write) {
      write = writeFileAtomic(join(this.folder, file), bytes);
      this.written.set(file, write);
    }
    await write;
    return file;
  }

  get files(): string[] {
    return [...this.written.keys()];
  }

  /** Removes the run's folder, for a run that ends without a record. */
  async discard(): Promise<void> {
    await Promise.allSettled(this.written.values());
    await rm(this.folder, { recursive: true, force: true });
  }
}
