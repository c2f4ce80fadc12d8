// What the extension host's exports use, bundled apart as out/reports.js (scripts/build.mjs) and loaded on the first
// export: the HTML report carries Observable Plot, linkedom and d3, which activating the extension does not need.
export { writeDefinitionsPage } from './definitionsPage';
export { localisationReportText } from './localisationReportText';
export { sweepReportText } from './sweepReportText';
