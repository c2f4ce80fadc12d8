// The preprocessing form's editable copy of a profile, and its validation back into a profile.
import type { PreprocessingProfile, ValueScaling } from '../../src/protocol/model';

type Triple<T> = [T, T, T];

export interface ProfileDraft {
  resize: PreprocessingProfile['resize'];
  centerCropFraction: string;
  scalingKind: ValueScaling['kind'];
  mean: Triple<string>;
  std: Triple<string>;
  channelOrder: PreprocessingProfile['channelOrder'];
}

export type DraftNumberField = 'centerCropFraction' | `mean.${0 | 1 | 2}` | `std.${0 | 1 | 2}`;
export type DraftErrors = Partial<Record<DraftNumberField, string>>;

/** ImageNet statistics: the usual starting point when a user switches a profile to mean/std scaling. */
const imageNetMean: Triple<number> = [0.485, 0.456, 0.406];
const imageNetStd: Triple<number> = [0.229, 0.224, 0.225];

const asStrings = (values: Triple<number>): Triple<string> => [String(values[0]), String(values[1]), String(values[2])];

export function draftFromProfile(profile: PreprocessingProfile): ProfileDraft {
  const scaling = profile.scaling;
  return {
    resize: profile.resize,
    centerCropFraction: String(profile.centerCropFraction),
    scalingKind: scaling.kind,
    mean: asStrings(scaling.kind === 'meanStd' ? scaling.mean : imageNetMean),
    std: asStrings(scaling.kind === 'meanStd' ? scaling.std : imageNetStd),
    channelOrder: profile.channelOrder,
  };
}

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export type DraftValidation = { ok: true; profile: PreprocessingProfile } | { ok: false; errors: DraftErrors };

/** The profile the draft describes (no longer guessed: the user confirmed it), or an error per bad field. */
export function validateDraft(draft: ProfileDraft, inputSize: PreprocessingProfile['inputSize']): DraftValidation {
  const errors: DraftErrors = {};

  // The crop only applies after a shorter-side resize; a stretched image is never cropped.
  const crop = draft.resize === 'stretch' ? 1 : parseNumber(draft.centerCropFraction);
  if (crop === null || crop <= 0 || crop > 1) errors.centerCropFraction = 'Enter a number greater than 0 and at most 1.';

  const mean: number[] = [];
  const std: number[] = [];
  if (draft.scalingKind === 'meanStd') {
    for (const channel of [0, 1, 2] as const) {
      const m = parseNumber(draft.mean[channel]);
      if (m === null) errors[`mean.${channel}`] = 'Enter a number.';
      else mean.push(m);
      const s = parseNumber(draft.std[channel]);
      if (s === null || s <= 0) errors[`std.${channel}`] = 'Enter a number greater than 0.';
      else std.push(s);
    }
  }

  if (Object.keys(errors).length > 0 || crop === null) return { ok: false, errors };

  const scaling: ValueScaling = draft.scalingKind === 'meanStd'
    ? { kind: 'meanStd', mean: [mean[0], mean[1], mean[2]], std: [std[0], std[1], std[2]] }
    : { kind: draft.scalingKind };
  return {
    ok: true,
    profile: {
      version: 1,
      inputSize,
      resize: draft.resize,
      centerCropFraction: crop,
      scaling,
      channelOrder: draft.channelOrder,
      guessed: false,
    },
  };
}
