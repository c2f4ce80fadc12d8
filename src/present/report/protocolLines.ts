// The WSOL protocol in text (definitions.md §4 "The protocol"): every candidate's train-fullsup score, the choice, and
// the test number reported once with it; test's own best τ appears only labelled "chosen on test".
import type { ProtocolSummary } from '../../protocol/wsolProtocol';

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

export const protocolMetricNames: Readonly<Record<ProtocolSummary['metric'], string>> = {
  maxBoxAcc: 'MaxBoxAcc (δ=50, largest box)',
  pxap: 'PxAP (pixel average precision, ignore regions excluded)',
};

/** The protocol's table and its test line; `what` names a candidate kind ("setting", "score-map folder"). */
export function protocolLines(p: ProtocolSummary, what: string): string[] {
  const boxes = p.metric === 'maxBoxAcc';
  const chosen = p.candidates[p.chosen];
  const width = Math.max(...p.candidates.map((c) => c.label.length), what.length);
  const header = `  ${what.padEnd(width)}  ${'train-fullsup'.padStart(13)}${boxes ? '  τ (max on train-fullsup)' : ''}`;
  const rows = p.candidates.map((c, i) => {
    const mark = i === p.chosen ? '*' : ' ';
    const tau = boxes && c.threshold !== null ? `  ${c.threshold.toFixed(2)}` : '';
    return `${mark} ${c.label.padEnd(width)}  ${percent(c.trainFullsup).padStart(13)}${tau}`;
  });
  const atTau = boxes && chosen.threshold !== null ? ` at τ ${chosen.threshold.toFixed(2)} (chosen on train-fullsup)` : '';
  return [
    `WSOL protocol (Choe et al., CVPR 2020): ${p.candidates.length === 1 ? 'the' : 'each'} ${what} scored on train-fullsup by ${protocolMetricNames[p.metric]}; * the one chosen there; test evaluated once with it`,
    '',
    header,
    ...rows,
    '',
    `Test ${protocolMetricNames[p.metric]}${atTau}: ${percent(p.test)}`,
    ...(p.chosenOnTest ? [`Test's own best τ ${p.chosenOnTest.threshold.toFixed(2)}, chosen on test (not a protocol result): ${percent(p.chosenOnTest.value)}`] : []),
  ];
}
