// The fixed box colours drawn over the images (each model's own colour is src/present/charts/modelPalette.ts's panelModelColor).

/** Boxes are drawn over the picture, not the theme: light colours with a dark outline read on any image. */
export const GROUND_TRUTH_BOX_COLOR = '#4be37a';
export const PREDICTED_BOX_COLOR = '#ffffff';
