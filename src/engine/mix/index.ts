// The mix-family engine (definitions.md §6): pairs, Mixup, Cutout, CutMix, Puzzle Mix and the in-between statistics.
export { DEFAULT_LAMBDA, drawLambdas, type LambdaSpec } from './lambda';
export { crossClassPairs, explicitPair, randomPairs, type ImagePair } from './pairs';
export { gatherPairBatch, type MixedBatch, type PairBatch } from './pairBatch';
export { mixup } from './mixup';
export { cutout, cutoutSquare, type CutoutBatch, type CutoutSquare } from './cutout';
export { cutMixPairs, type CutMixPairsBatch } from './cutmix';
export { puzzleMix, PUZZLE_DEFAULT_LEVELS, PUZZLE_DEFAULT_TRANSPORT_WEIGHT, type MaskSolverChoice, type MaskSolverName, type PuzzleMixBatch, type PuzzleMixOptions } from './puzzleMix';
export { PUZZLE_GRID_SIZES, type PuzzleGridSize } from './puzzle/blockGrid';
export { PUZZLE_DEFAULT_WEIGHTS, type MaskEnergyWeights } from './puzzle/maskEnergy';
export type { SaliencyTarget } from './puzzle/saliency';
export { inBetweenStatistics, predictMixed, type InBetweenStatistics, type MixedPrediction } from './inBetween';
