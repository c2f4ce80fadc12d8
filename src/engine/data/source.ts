// Opens a dataset: works out its layout from what is on disk and lists its images, labels and boxes.
//
// Accepted layouts (the first that matches wins):
//   1. wsolevaluation dataset: a folder holding metadata/image_ids.txt, or the metadata folder itself
//      (then the dataset folder is its parent). In the metadata folder:
//        image_ids.txt     one image path per line, relative to the dataset folder (required)
//        class_labels.txt  image_id,label                     (optional; labels are 0-based indices)
//        image_sizes.txt   image_id,width,height              (optional; the original size in pixels)
//        localization.txt  image_id,x0,y0,x1,y1               (optional; inclusive corners, one line per box)
//        class_names.txt   one class name per line, in label order (optional)
//      Listed files that are missing or not images are skipped with a reason; a malformed line is an
//      error naming the file and the line number.
//   1b. One split of a wsolevaluation dataset with train-fullsup (val) and test splits (wsolSplits.ts): the split's
//      metadata folder, its paths relative to the images folder of the layout; the dataset folder itself is refused
//      with a message naming its splits (the localisation protocol opens both).
//   2. A CIFAR-10/100 binary batch (test_batch.bin, test.bin, …) or a folder holding one (cifarBinary.ts): the test batch's records.
//   3. CIFAR-10-C/100-C: a folder of <corruption>.npy arrays beside labels.npy (corruptionArrays.ts): every image of every array.
//   4. An ImageNet-C-style tree <corruption>/<severity>/… (corruptionTree.ts): every image, ids <corruption>/<severity>/<path>.
//   5. A single image file.
//   6. A folder of images: the image files directly inside it (not its subfolders), label null.
//   7. An ImageFolder tree: a folder with no images of its own whose subfolders are classes; class names
//      are the sorted subfolder names, an image's label is its class's index; class folders are read recursively.
// Images are .jpg, .jpeg, .png and .webp (any letter case); other files are skipped and listed with a
// reason; names starting with '.' are ignored. Items are sorted by id (the path relative to the dataset
// folder, '/'-separated), comparing code units as Python's sorted() does.
import { resolve } from 'node:path';
import type { DataSourceInfo } from '../../protocol/data';
import { UserFacingError } from '../errors';
import { findCifarBatch, openCifarBatch } from './cifarBinary';
import { corruptionArraysSource, isCorruptionArraysFolder, openCorruptionArrays } from './corruptionArrays';
import { corruptionTreeSource, openCorruptionTree } from './corruptionTree';
import { openImageDirectory, singleImageSource } from './folderSources';
import { statOrNull } from './imageFiles';
import { findWsolMetadataFolder, openWsolDataset } from './wsolSource';
import { findWsolSplitFolder, findWsolSplits } from './wsolSplits';

export async function openDataSource(path: string): Promise<DataSourceInfo> {
  const target = resolve(path);
  const stats = await statOrNull(target);
  if (!stats) throw new UserFacingError(`${target} does not exist.`, 'not-found');
  if (!stats.isFile() && !stats.isDirectory()) throw new UserFacingError(`${target} is neither a file nor a folder.`, 'unsupported');
  const split = stats.isDirectory() ? await findWsolSplitFolder(target) : null;
  if (split) return openWsolDataset(split.metadataDir, split.root);
  const splits = stats.isDirectory() ? await findWsolSplits(target) : null;
  if (splits) {
    throw new UserFacingError(`${target} holds wsolevaluation's train-fullsup and test splits; name one split's metadata folder (${splits.metadata['train-fullsup']} or ${splits.metadata.test}), or run the localisation protocol on the whole dataset (robustness-lens cam / cam-score).`, 'bad-input');
  }
  const metadataDir = stats.isDirectory() ? await findWsolMetadataFolder(target) : null;
  if (metadataDir) return openWsolDataset(metadataDir);
  const cifarBatch = await findCifarBatch(target, stats.isFile());
  if (cifarBatch) return openCifarBatch(cifarBatch);
  if (stats.isFile()) return singleImageSource(target);
  if (await isCorruptionArraysFolder(target)) return corruptionArraysSource(await openCorruptionArrays(target));
  const tree = await openCorruptionTree(target);
  return tree ? corruptionTreeSource(tree) : openImageDirectory(target);
}
