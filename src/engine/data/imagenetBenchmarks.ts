// ImageNet benchmark sets as released, each an ImageFolder tree (definitions.md §7):
//   ImageNet validation, ImageNet-Sketch   <wnid>/<image>, the 1000 WordNet ids (n01440764, …)
//   ImageNet-A, ImageNet-R                 <wnid>/<image>, 200 of them; the model's outputs are restricted to those 200
//   ImageNet-V2                            <index>/<image>, folders 0 … 999 named by class index
// A folder's class is looked up in the ImageNet-1k class index table (imagenet/imagenet_class_index.json), not taken from
// the folder's place in the sorted listing: a model with 1000 outputs is scored by class index even though ImageFolder
// orders folders alphabetically (and ImageNet-V2's 0, 1, 10, 100, … sort as strings), and a tree holding only some classes
// keeps each image's true index.
import { join } from 'node:path';
import type { DataSourceInfo } from '../../protocol/data';
import type { ImageNetBenchmark } from '../../protocol/sweep';
import { UserFacingError } from '../errors';
import classIndexTable from './imagenet/imagenet_class_index.json';
import benchmarkSubsets from './imagenet/benchmark_subsets.json';

export interface ImageNetClass { wnid: string; name: string }

/** ImageNet-1k's classes in class-index order (Keras' and torchvision's order: the wnids sorted). */
export const IMAGENET_CLASSES: readonly ImageNetClass[] = Object.entries(classIndexTable as Record<string, string[]>)
  .map(([index, [wnid, name]]) => ({ index: Number(index), wnid, name }))
  .sort((a, b) => a.index - b.index)
  .map(({ wnid, name }) => ({ wnid, name }));

const INDEX_OF_WNID: ReadonlyMap<string, number> = new Map(IMAGENET_CLASSES.map((c, i) => [c.wnid, i]));

const BENCHMARK_NAMES: Readonly<Record<ImageNetBenchmark, string>> = {
  'imagenet-val': 'ImageNet validation', 'imagenet-v2': 'ImageNet-V2', 'imagenet-sketch': 'ImageNet-Sketch', 'imagenet-a': 'ImageNet-A', 'imagenet-r': 'ImageNet-R',
};

export function benchmarkDisplayName(benchmark: ImageNetBenchmark): string {
  return BENCHMARK_NAMES[benchmark];
}

/** The ImageNet-1k class indices (ascending) a benchmark scores among: its 200 classes for ImageNet-A and -R, null for all 1000. */
export function benchmarkClassSubset(benchmark: ImageNetBenchmark): readonly number[] | null {
  return benchmark === 'imagenet-a' || benchmark === 'imagenet-r' ? benchmarkSubsets[benchmark] : null;
}

/** How the benchmark is scored, for reports (definitions.md §7). */
export function benchmarkScoring(benchmark: ImageNetBenchmark): string {
  const subset = benchmarkClassSubset(benchmark);
  const folders = benchmark === 'imagenet-v2' ? 'class folders 0 … 999 read as ImageNet-1k class indices' : 'WordNet-id class folders mapped to ImageNet-1k class indices by the class index table';
  return subset
    ? `${benchmarkDisplayName(benchmark)}: ${folders}; the model's 1000 outputs restricted to the set's ${subset.length} classes before softmax and top-1, as its authors' evaluation does`
    : `${benchmarkDisplayName(benchmark)}: ${folders}; top-1 among all 1000 outputs`;
}

/**
 * The first class whose name is a WordNet id other than the table's at that index, when every class name is a wnid (a
 * model whose labels list the 1000 wnids in another order); null when the model's outputs can be read by class index.
 */
export function wnidOrderMismatch(classNames: readonly string[]): number | null {
  if (!classNames.every((name) => /^n[0-9]{8}$/.test(name))) return null;
  const index = classNames.findIndex((name, i) => IMAGENET_CLASSES[i]?.wnid !== name);
  return index >= 0 ? index : null;
}

function isCanonicalIndex(folder: string): boolean {
  return /^(0|[1-9][0-9]{0,2})$/.test(folder);
}

function sameSet(folders: readonly string[], indices: readonly number[]): boolean {
  const wnids = new Set(indices.map((i) => IMAGENET_CLASSES[i].wnid));
  return folders.length === wnids.size && folders.every((f) => wnids.has(f));
}

/**
 * The benchmark a tree's class folders make, from their names alone: exactly ImageNet-A's or ImageNet-R's 200 wnids; other
 * ImageNet-1k wnids (the validation set, ImageNet-Sketch, or some of their classes); exactly the folders 0 … 999 (ImageNet-V2).
 * Null for any other tree.
 */
export function detectImageNetBenchmark(folders: readonly string[]): ImageNetBenchmark | null {
  if (folders.length === 0) return null;
  if (folders.every((f) => INDEX_OF_WNID.has(f))) {
    for (const subsetBenchmark of ['imagenet-a', 'imagenet-r'] as const) {
      if (sameSet(folders, benchmarkSubsets[subsetBenchmark])) return subsetBenchmark;
    }
    return 'imagenet-val';
  }
  const indexFolders = folders.length === IMAGENET_CLASSES.length && folders.every(isCanonicalIndex);
  return indexFolders && new Set(folders.map(Number)).size === IMAGENET_CLASSES.length ? 'imagenet-v2' : null;
}

/** The ImageNet-1k class index of class folder `folder` of a `benchmark` tree at `root`; a folder the set cannot hold is an error naming it. */
export function classIndexOfFolder(benchmark: ImageNetBenchmark, root: string, folder: string): number {
  const name = benchmarkDisplayName(benchmark);
  if (benchmark === 'imagenet-v2') {
    if (!isCanonicalIndex(folder)) throw new UserFacingError(`${join(root, folder)}: ${name} names its class folders 0 … 999 by ImageNet-1k class index; '${folder}' is no such index.`, 'bad-input');
    return Number(folder);
  }
  const index = INDEX_OF_WNID.get(folder);
  if (index === undefined) {
    throw new UserFacingError(`${join(root, folder)}: ${name} names its class folders by ImageNet-1k WordNet id (n01440764, …); '${folder}' is none of the 1000.`, 'bad-input');
  }
  const subset = benchmarkClassSubset(benchmark);
  if (subset && !subset.includes(index)) {
    throw new UserFacingError(`${join(root, folder)}: ${folder} (${IMAGENET_CLASSES[index].name}, class ${index}) is not one of ${name}'s ${subset.length} classes; is this tree another benchmark?`, 'bad-input');
  }
  return index;
}

export interface BenchmarkSource {
  benchmark: ImageNetBenchmark;
  /** The images, each label an ImageNet-1k class index; class names the 1000 of the table. */
  source: DataSourceInfo;
  /** Classes the model's outputs are restricted to before scoring (ascending); null for all 1000. */
  classSubset: readonly number[] | null;
  warnings: string[];
}

/**
 * An ImageFolder listing read as `benchmark`: each class folder's images labelled with the folder's ImageNet-1k class index.
 * Anything but an ImageFolder tree is an error naming what it is.
 */
export function benchmarkSource(listing: DataSourceInfo, benchmark: ImageNetBenchmark): BenchmarkSource {
  const name = benchmarkDisplayName(benchmark);
  if (listing.kind !== 'imagefolder' || listing.classNames === null) {
    throw new UserFacingError(`${listing.root} is read as ${name}, which is an ImageFolder tree of class folders, but it is ${listing.kind === 'folder' ? 'a folder of images without class folders' : `a ${listing.kind} dataset`}.`, 'bad-input');
  }
  const classOfFolder = listing.classNames.map((folder) => classIndexOfFolder(benchmark, listing.root, folder));
  const items = listing.items.map((item) => (item.label === null ? item : { ...item, label: classOfFolder[item.label] }));
  const classSubset = benchmarkClassSubset(benchmark);
  const expected = classSubset?.length ?? IMAGENET_CLASSES.length;
  const warnings = classOfFolder.length < expected
    ? [`${listing.root} holds ${classOfFolder.length} of ${name}'s ${expected} class folders; the images it has are scored as ${name}'s${classSubset ? `, among all ${expected} classes` : ''}.`]
    : [];
  return { benchmark, source: { ...listing, items, classNames: IMAGENET_CLASSES.map((c) => c.name) }, classSubset, warnings };
}
