// Reads VS Code theme colours (CSS custom properties the webview host sets) for canvas drawing.

/** The computed value of a `--vscode-*` variable on the document, or `fallback` when the theme lacks it. */
export function themeColor(variable: `--vscode-${string}`, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
  return value === '' ? fallback : value;
}

/** Calls `onChange` whenever VS Code switches theme (it rewrites the body class and the root style). */
export function watchThemeChanges(onChange: () => void): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
