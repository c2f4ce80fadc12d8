// What the localisation panel's WSOL protocol chooses among (definitions.md §4 "The protocol"): every open checkpoint ×
// every method and normalisation picked (the single method and normalisation when none are), at the default layer.
import { type CamCandidate, camCandidates } from '../../engine/cam/camProtocol';
import type { LocalisationChoices } from '../../protocol/messages/localisation';

export function panelCandidates(modelPaths: readonly string[], choices: LocalisationChoices): CamCandidate[] {
  const methods = choices.candidates?.methods ?? [choices.method];
  const normalisations = choices.candidates?.normalisations ?? [choices.normalisation];
  return camCandidates(modelPaths, methods, normalisations, [undefined]);
}
