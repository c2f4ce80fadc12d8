// Average drop and increase in confidence (Chattopadhay et al. 2018, "Grad-CAM++", §5.1): the score of the class on the
// image multiplied by its normalised explanation map, against the score on the image itself.

/** The image (H·W·C values) multiplied pixel by pixel with the map (H·W values in [0, 1]), as pytorch-grad-cam's multiply_tensor_with_cam. */
export function explanationMapImage(data: Float32Array, map: Float32Array, channels: number): Float32Array {
  return data.map((value, i) => value * map[Math.floor(i / channels)]);
}

// Chattopadhay et al. eq. 19: Average Drop % = Σ_i max(0, Y_i^c − O_i^c) / Y_i^c · 100 / N.
export function averageDropPercent(original: readonly number[], onMap: readonly number[]): number {
  return (100 * original.reduce((sum, y, i) => sum + Math.max(0, y - onMap[i]) / y, 0)) / original.length;
}

// Chattopadhay et al. eq. 20: % Increase in Confidence = Σ_i 1[Y_i^c < O_i^c] · 100 / N.
export function increaseInConfidencePercent(original: readonly number[], onMap: readonly number[]): number {
  return (100 * original.reduce((count, y, i) => count + (onMap[i] > y ? 1 : 0), 0)) / original.length;
}
