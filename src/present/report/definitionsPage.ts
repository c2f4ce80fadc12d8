// The project's definitions page (docs/definitions.md) shipped beside every report as definitions.html, and the reports'
// "definitions.md §1.3" citations turned into links to the section they cite.
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { escapeHtml, html, Markup } from './html';
import { reportPage } from './reportPage';
import { renderMarkdown, sectionAnchor } from './markdownPage';
import { reportStyles } from './reportStyles';

/** The file name of the page beside a report; reports link to it relatively, so the folder can be moved or zipped. */
export const DEFINITIONS_PAGE_FILE = 'definitions.html';

/** The page's source inside the repository and the installed extension. */
const DEFINITIONS_SOURCE = join('docs', 'definitions.md');

/** "definitions.md §1.1", "definitions.md §1.1–1.2", "definitions.md §1–§3": the link goes to the first section named. */
const CITATION = /definitions\.md §(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?\d+(?:\.\d+)*)?/g;

/** A citation of a section inside the page itself ("§1.3"). */
const SECTION_REFERENCE = /§(\d+(?:\.\d+)*)/g;

/** docs/definitions.md, found from the running bundle upwards (out/cli.js, out/extension.js and the test bundles alike). */
export function definitionsSourcePath(start: string = __dirname): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const candidate = join(folder, DEFINITIONS_SOURCE);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) throw new Error(`The definitions page ${DEFINITIONS_SOURCE} is missing from this installation (looked upwards from ${start}).`);
  }
}

/** `text` as HTML with every "definitions.md §x.y" citation a link to that section of the page at `pageHref`. */
export function linkDefinitionCitations(text: string, pageHref: string = DEFINITIONS_PAGE_FILE): Markup {
  return new Markup(escapeHtml(text).replace(CITATION, (citation: string, section: string) => `<a href="${escapeHtml(pageHref)}#${sectionAnchor(section)}">${citation}</a>`));
}

/** `text` for a Markdown report, with every "definitions.md §x.y" citation a Markdown link to that section of the page. */
export function linkDefinitionCitationsMarkdown(text: string, pageHref: string = DEFINITIONS_PAGE_FILE): string {
  return text.replace(CITATION, (citation: string, section: string) => `[${citation}](${pageHref}#${sectionAnchor(section)})`);
}

const pageStyles = `
.definitions { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 8px 28px 28px; margin-top: 8px; }
.definitions h2 { margin: 28px 0 10px; padding-top: 12px; border-top: 1px solid var(--border); }
.definitions h3 { margin: 22px 0 8px; font-size: 16px; }
.definitions h4 { margin: 18px 0 6px; font-size: 14px; }
.definitions :target { background: var(--track); }
.definitions code { font-family: var(--mono); font-size: 12.5px; }
.definitions .data-table td { vertical-align: top; }
.definitions li { margin: 3px 0; }
.contents { display: flex; flex-direction: column; gap: 2px; margin-bottom: 16px; }
.contents .sub { padding-left: 18px; }
`;

/** The page's "# Title" line, and the rest of the page. */
function splitTitle(markdown: string): { title: string; rest: string } {
  const match = /^#\s+(.+)\n/.exec(markdown);
  return match ? { title: match[1].trim(), rest: markdown.slice(match[0].length) } : { title: 'Definitions', rest: markdown };
}

/** The page as one self-contained HTML file: its title, a contents list of its sections, ids on every heading, in-page § links. */
export function renderDefinitionsPage(markdown: string): string {
  const { title, rest } = splitTitle(markdown.replace(/\r\n?/g, '\n'));
  const sections = new Set(renderMarkdown(rest).headings.flatMap((h) => (h.section === null ? [] : [h.section])));
  const linkSections = (escaped: string): string => escaped.replace(SECTION_REFERENCE, (reference: string, section: string) => (sections.has(section) ? `<a href="#${sectionAnchor(section)}">${reference}</a>` : reference));
  const { body, headings } = renderMarkdown(rest, linkSections);
  const contents = headings.filter((h) => h.level === 2 || h.level === 3);
  return reportPage(title, [reportStyles, pageStyles], html`<header class="report-header"><h1>${title}</h1></header>`, html`<nav class="contents" aria-label="Sections">${contents.map((h) => html`<a href="#${h.id}" class="${h.level === 3 ? 'sub' : ''}">${h.text}</a>`)}</nav>
<article class="definitions">
${body}
</article>`);
}

/** Writes definitions.html into `folder` (the report's folder) with `writeFile` (the caller's atomic write); returns its path. */
export async function writeDefinitionsPage(folder: string, writeFile: (file: string, text: string) => Promise<void>): Promise<string> {
  const markdown = await fs.readFile(definitionsSourcePath(), 'utf8');
  const file = join(folder, DEFINITIONS_PAGE_FILE);
  await writeFile(file, renderDefinitionsPage(markdown));
  return file;
}
