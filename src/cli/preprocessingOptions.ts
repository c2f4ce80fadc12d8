// The preprocessing profile on the command line: a profile file, and flags for its common fields that replace the
// file's, the sidecar's or the guess's, on every command that loads a model.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { IMAGENET_SCALING, type PreprocessingOverrides, type PreprocessingProfile, type ValueScaling } from '../protocol/model';
import { UserFacingError } from '../engine/errors';

type ChannelTriple = [number, number, number];

const scalingNames = ['unit', 'symmetric', 'raw255', 'imagenet'] as const;
type ScalingName = (typeof scalingNames)[number];

/** What commander parses from the preprocessing options. */
export interface PreprocessingFlags {
  preprocessing?: string;
  inputSize?: [number, number];
  resize?: PreprocessingProfile['resize'];
  centerCrop?: number;
  scaling?: ScalingName;
  mean?: ChannelTriple;
  std?: ChannelTriple;
  channelOrder?: PreprocessingProfile['channelOrder'];
}

/** 'HxW' or one side 'S' (square), in pixels. */
function inputSize(value: string): [number, number] {
  const sides = value.toLowerCase().split('x').map(Number);
  if ((sides.length !== 1 && sides.length !== 2) || !sides.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new InvalidArgumentError('expected HxW in pixels, e.g. 224x224, or one side for a square');
  }
  return sides.length === 1 ? [sides[0], sides[0]] : [sides[0], sides[1]];
}

function cropFraction(value: string): number {
  const f = Number(value);
  if (!(f > 0 && f <= 1)) throw new InvalidArgumentError('expected a fraction in (0, 1], e.g. 0.875 for 224 of 256');
  return f;
}

function channelTriple(positive: boolean): (value: string) => ChannelTriple {
  return (value) => {
    const parts = value.split(',').map((p) => Number(p.trim()));
    if (parts.length !== 3 || !parts.every((p) => Number.isFinite(p) && (!positive || p > 0))) {
      throw new InvalidArgumentError(`expected three ${positive ? 'positive ' : ''}numbers r,g,b on the [0, 1] scale, e.g. ${positive ? '0.229,0.224,0.225' : '0.485,0.456,0.406'}`);
    }
    return [parts[0], parts[1], parts[2]];
  };
}

/** Adds --preprocessing <file> and the field flags to a command that loads models; `which` says whose profile they set. */
export function withPreprocessingOptions(command: Command, which = 'the model'): Command {
  return command
    .option('--preprocessing <file>', `preprocessing profile (JSON, as the overview saves it) for ${which}, instead of the one beside the model or a guess`)
    .option('--input-size <HxW>', 'input height and width the profile resizes to (e.g. 224x224)', inputSize)
    .addOption(new Option('--resize <mode>', 'stretch to the input size, or resize the shorter side and centre-crop').choices(['stretch', 'shorter-side']))
    .option('--center-crop <fraction>', 'centre-crop fraction after a shorter-side resize (0.875 = 224 of 256; 1 = none)', cropFraction)
    .addOption(new Option('--scaling <name>', 'pixel values: unit x/255, symmetric x/127.5 − 1, raw255 0..255, imagenet torchvision mean/std').choices(scalingNames).conflicts(['mean', 'std']))
    .option('--mean <r,g,b>', 'per-channel mean on the [0, 1] scale: inputs are (x/255 − mean)/std (with --std)', channelTriple(false))
    .option('--std <r,g,b>', 'per-channel standard deviation on the [0, 1] scale (with --mean)', channelTriple(true))
    .addOption(new Option('--channel-order <order>', 'channel order the model takes').choices(['RGB', 'BGR']));
}

function scaling(flags: PreprocessingFlags): ValueScaling | undefined {
  if (flags.mean || flags.std) {
    if (!flags.mean || !flags.std) throw new UserFacingError('--mean and --std go together: give both, each as r,g,b on the [0, 1] scale.');
    return { kind: 'meanStd', mean: flags.mean, std: flags.std };
  }
  if (flags.scaling === 'imagenet') return IMAGENET_SCALING;
  return flags.scaling ? { kind: flags.scaling } : undefined;
}

/** The profile fields the flags set, or undefined when none is given. */
export function preprocessingOverrides(flags: PreprocessingFlags): PreprocessingOverrides | undefined {
  const fields: PreprocessingOverrides = {
    inputSize: flags.inputSize,
    resize: flags.resize,
    centerCropFraction: flags.centerCrop,
    scaling: scaling(flags),
    channelOrder: flags.channelOrder,
  };
  const given = Object.entries(fields).filter(([, value]) => value !== undefined);
  return given.length > 0 ? Object.fromEntries(given) as PreprocessingOverrides : undefined;
}
