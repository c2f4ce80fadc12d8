// What the localisation exports (Markdown, CSV) read of a cam run: every number and setting, none of its pixels, so the
// CLI's records and the panel's pixel-free copies export alike.
import type { RunRecord } from '../../protocol/records';
import type { CamImageResult, CamResults } from '../../protocol/cam';

export type LocalisationExportResults = Omit<CamResults, 'images'> & { images: readonly Pick<CamImageResult, 'groundTruth'>[] };

export type LocalisationExportRun = RunRecord<LocalisationExportResults>;
