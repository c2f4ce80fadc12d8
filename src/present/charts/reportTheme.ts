// The static reports' chart colours: fixed hues on a white page (the report's style sheet uses the same ones).
import type { ChartTheme } from './chartTheme';
import { reportModelColor } from './modelPalette';

export const REPORT_CHART_THEME: ChartTheme = {
  muted: '#59636e',
  grid: '#d1d9e0',
  text: '#1f2328',
  track: '#eaeef2',
  modelColor: reportModelColor,
  outcomeColors: { correct: '#1a7f37', incorrect: '#cf222e', unlabelled: '#0969da' },
  oodColors: ['#cf222e', '#8250df', '#9a6700'],
  tips: false,
};
