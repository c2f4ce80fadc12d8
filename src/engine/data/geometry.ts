// How an image of any size becomes the model's H×W input: the resize and centre-crop plan.
import type { PreprocessingProfile } from '../../protocol/model';

export interface ResizeGeometry {
  /** Model input height and width in pixels. */
  height: number;
  width: number;
  /** stretch: resize straight to height×width; shorter-side: keep the aspect ratio, then centre-crop. */
  resize: PreprocessingProfile['resize'];
  /** Crop fraction after a shorter-side resize (0.875 is "resize to 256, crop 224"); 1 means no margin. */
  centerCropFraction: number;
}

export interface CropRectangle { left: number; top: number; width: number; height: number }

export interface ResizePlan {
  resizeWidth: number;
  resizeHeight: number;
  /** The rectangle of the resized image that becomes the model input; null when the resize alone gives it. */
  crop: CropRectangle | null;
}

export function geometryFromProfile(profile: PreprocessingProfile): ResizeGeometry {
  return { height: profile.inputSize[0], width: profile.inputSize[1], resize: profile.resize, centerCropFraction: profile.centerCropFraction };
}

/**
 * stretch: resize to exactly width×height, ignoring the aspect ratio.
 * shorter-side: scale, keeping the aspect ratio, so the image just covers round(width/f)×round(height/f)
 * (f = centerCropFraction) — for a square input of side S that is "shorter side = round(S/f)" — then crop
 * width×height from the centre. Offsets are floor((resized − crop)/2), as Keras' CenterCrop does.
 */
export function planResize(sourceWidth: number, sourceHeight: number, geometry: ResizeGeometry): ResizePlan {
  const { width, height } = geometry;
  if (geometry.resize === 'stretch') return { resizeWidth: width, resizeHeight: height, crop: null };
  const coverWidth = Math.round(width / geometry.centerCropFraction);
  const coverHeight = Math.round(height / geometry.centerCropFraction);
  const scale = Math.max(coverWidth / sourceWidth, coverHeight / sourceHeight);
  const resizeWidth = Math.max(coverWidth, Math.round(sourceWidth * scale));
  const resizeHeight = Math.max(coverHeight, Math.round(sourceHeight * scale));
  if (resizeWidth === width && resizeHeight === height) return { resizeWidth, resizeHeight, crop: null };
  const crop = { left: Math.floor((resizeWidth - width) / 2), top: Math.floor((resizeHeight - height) / 2), width, height };
  return { resizeWidth, resizeHeight, crop };
}
