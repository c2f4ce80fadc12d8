// The text of a localisation report exported from the panel, with `cam --export`'s own exporters.
import type { LocalisationExportFormat } from '../../protocol/messages/localisation';
import { localisationCsv } from './localisationCsv';
import type { LocalisationExportRun } from './localisationExportRun';
import { localisationMarkdown } from './localisationMarkdown';

export function localisationReportText(records: readonly LocalisationExportRun[], format: LocalisationExportFormat): string {
  return format === 'md' ? localisationMarkdown(records, 'Localisation') : localisationCsv(records);
}
