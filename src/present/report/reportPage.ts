// The frame every static report page shares: the document head with its title and inline styles, a header and the main part.
import { type Markup, html, trustedMarkup } from './html';

/** A self-contained HTML page: `title` in the head, `styles` inline (no remote content), then `header` and `main`. */
export function reportPage(title: string, styles: readonly string[], header: Markup, main: Markup): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${styles.map(trustedMarkup)}</style>
</head>
<body>
${header}
<main>
${main}
</main>
</body>
</html>
`.text;
}
