// The report's one style sheet: a light theme that prints well. The outcome colours match the charts' (charts/reportTheme.ts).
export const reportStyles = `
:root {
  --text: #1f2328; --muted: #59636e; --border: #d1d9e0; --surface: #ffffff; --page: #f6f8fa;
  --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --track: #eaeef2;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--text); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 0 24px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0; }
h3 { font-size: 15px; margin: 0 0 10px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.small { font-size: 12px; font-weight: normal; }
.mono { font-family: var(--mono); font-size: 12.5px; }
.report-header { max-width: 1200px; margin: 0 auto; padding: 28px 24px 16px; }
.report-header p { margin: 0; }
.report-lead { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; align-items: stretch; }
.report-lead > * { margin-top: 20px; }
.toc-card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 20px 24px; }
section.model, section.comparison { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 20px 24px; margin-top: 20px; }
.comparison h2 { margin-bottom: 12px; }
.model-path { margin: 2px 0 16px; color: var(--muted); word-break: break-all; }
.card-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; align-items: start; }
.card { border: 1px solid var(--border); border-radius: 6px; padding: 14px 16px; min-width: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; line-height: 20px; vertical-align: 1px; }
.pill-ok { background: #dafbe1; color: var(--ok); }
.pill-no { background: #ffebe9; color: var(--bad); }
.pill-warn { background: #fff8c5; color: var(--warn); }
.pill-info { background: #ddf4ff; color: var(--accent); }
.note { margin: 10px 0 0; font-size: 13px; color: var(--warn); }
.warnings { margin: 10px 0 0; padding-left: 20px; color: var(--warn); font-size: 13px; }
.class-names { margin: 10px 0 0; padding-left: 28px; columns: 2; font-size: 13px; }
.class-names li::marker { color: var(--muted); }
details { margin-top: 12px; }
details.layers .data-table { max-width: 900px; }
summary { cursor: pointer; color: var(--accent); }
.data-table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 13px; }
.data-table th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--border); padding: 6px 10px; }
.data-table td { border-bottom: 1px solid var(--track); padding: 5px 10px; }
.data-table .nowrap { white-space: nowrap; }
.data-table .numeric { text-align: right; font-variant-numeric: tabular-nums; }
.model-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: 0; }
.toc-list { margin: 6px 0 0; padding-left: 20px; font-size: 13px; }
.toc-list ul { margin: 0; padding-left: 18px; }
.run-facts { margin-top: 6px; }
details.per-image > summary { font-weight: 600; }
.compare-table td.best { font-weight: 700; color: var(--ok); }
.predictions { margin-top: 24px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; }
.stat { border: 1px solid var(--border); border-radius: 6px; padding: 10px 14px; }
.stat-value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat-label { font-weight: 600; }
.stat-detail { font-size: 12px; }
.chart-card { margin-top: 16px; border: 1px solid var(--border); border-radius: 6px; padding: 8px; overflow-x: auto; }
.chart { display: block; max-width: 100%; height: auto; margin: 0 auto; font-family: inherit; }
.chart-grid { stroke: var(--track); stroke-width: 1; }
.chart-axis { stroke: #8c959f; stroke-width: 1; }
.chart-tick { fill: var(--muted); font-size: 12px; }
.chart-axis-title { fill: var(--text); font-size: 12px; font-weight: 600; }
.chart-legend { fill: var(--text); font-size: 12px; }
.image-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; margin-top: 16px; }
.image-card { margin: 0; border: 1px solid var(--border); border-left: 4px solid var(--border); border-radius: 6px; padding: 10px 12px; background: var(--surface); break-inside: avoid; }
.image-card.outcome-correct { border-left-color: var(--ok); }
.image-card.outcome-incorrect { border-left-color: var(--bad); }
.image-card.outcome-unlabelled { border-left-color: var(--accent); }
.image-head { display: flex; gap: 10px; align-items: center; margin-bottom: 8px; }
.thumb { width: 64px; height: 64px; border-radius: 4px; object-fit: cover; flex: none; border: 1px solid var(--border); }
.thumb-missing { display: flex; align-items: center; justify-content: center; font-size: 11px; color: var(--muted); background: var(--track); }
figcaption { min-width: 0; font-size: 13px; }
.image-name { font-family: var(--mono); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
figcaption .pill { margin-top: 3px; }
.scores { list-style: none; margin: 0; padding: 0; font-size: 12px; }
.score { display: grid; grid-template-columns: 1fr auto; column-gap: 8px; margin-top: 4px; }
.score-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.score-value { font-variant-numeric: tabular-nums; color: var(--muted); }
.score-track { grid-column: 1 / -1; height: 6px; border-radius: 3px; background: var(--track); overflow: hidden; }
.score-fill { display: block; height: 100%; background: #8c959f; border-radius: 3px; }
.score.is-true .score-name, .score.is-true .score-value { font-weight: 700; color: var(--ok); }
.score.is-true .score-fill { background: var(--ok); }
.outcome-incorrect .score:first-child:not(.is-true) .score-fill { background: var(--bad); }
.localisation .chart-card { max-width: 700px; }
.figures-heading { margin-top: 20px; }
.chart-caption { margin: 4px 8px; }
.key { display: inline-block; width: 14px; height: 9px; margin: 0 4px 0 6px; border: 2px solid #2da44e; outline: 1px solid rgba(0,0,0,0.45); vertical-align: -1px; }
.key-predicted { border: 2px dashed #fff; background: #59636e; }
.cam-rows { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; margin-top: 10px; }
.cam-row { border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.cam-row-title { margin: 0 0 8px; font-size: 13px; }
.cam-row-cells { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.cam-figure { margin: 0; }
.cam-picture { position: relative; width: 100%; max-width: 224px; aspect-ratio: 1; }
.cam-picture img, .cam-picture svg { position: absolute; inset: 0; width: 100%; height: 100%; border-radius: 4px; }
.cam-figure figcaption { margin-top: 4px; font-size: 12px; }
@media print { body { background: #fff; } section.model, section.comparison { border: none; padding: 0; } }
`;
