// The common-corruption generator (definitions.md §1): the registry, `corrupt`, and the parameter-set choice.
export { CORRUPTIONS, type CorruptionInfo } from './registry';
export { corrupt, describeCorruption, RELEASE_JPEG_QUALITY, type AppliedCorruption, type CorruptOptions } from './corrupt';
export { parameterSetFor, pixelScaleFor, REFERENCE_SIZE } from './parameterSets';
export {
  SEVERITIES, PARAMETER_SETS, type CorruptionFamily, type CorruptionKind, type CorruptionName, type ParameterRow, type ParameterSetName, type Severity,
} from './types';
