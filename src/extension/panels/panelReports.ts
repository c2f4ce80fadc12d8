// The report exporters, loaded from out/reports.js on the first export rather than bundled into extension.js.
import { join } from 'node:path';
import type * as PanelReports from '../../present/report/panelReports';

let loaded: typeof PanelReports | undefined;

export function panelReports(): typeof PanelReports {
  // A path known only at run time (the bundle beside this one), so the bundler leaves the require as written.
  loaded ??= require(join(__dirname, 'reports.js')) as typeof PanelReports;
  return loaded;
}
