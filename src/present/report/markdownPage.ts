// Markdown to HTML for the pages the project writes itself (docs/definitions.md): ATX headings with stable ids, paragraphs,
// bullet lists nested by two-space indents, pipe tables, and inline code, bold and italic. Anything else is shown as text.
import { escapeHtml, Markup } from './html';

export interface MarkdownHeading {
  level: number;
  text: string;
  id: string;
  /** The section number a numbered heading starts with ("1.3" for "### 1.3 CIFAR-10-C …"), or null. */
  section: string | null;
}

export interface RenderedMarkdown {
  body: Markup;
  headings: MarkdownHeading[];
}

/** Turns escaped text into the inline markup of a paragraph, list item or table cell. */
export type InlineDecorator = (escaped: string) => string;

const NUMBERED_HEADING = /^(\d+(?:\.\d+)*)\.?\s/;

/** The id of numbered section `section` ("1.3" → "section-1.3"): what citations of that section link to. */
export function sectionAnchor(section: string): string {
  return `section-${section}`;
}

function headingOf(level: number, text: string): MarkdownHeading {
  const section = NUMBERED_HEADING.exec(text)?.[1] ?? null;
  const id = section === null ? text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : sectionAnchor(section);
  return { level, text, id, section };
}

/** `code` spans verbatim; **bold** and *italic* elsewhere, then `decorate` on the text outside code. */
function inline(text: string, decorate: InlineDecorator): string {
  return text.split(/(`[^`]*`)/).map((part) => {
    if (part.length > 1 && part.startsWith('`') && part.endsWith('`')) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
    const emphasised = escapeHtml(part).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(\S(?:.*?\S)?)\*/g, '<em>$1</em>');
    return decorate(emphasised);
  }).join('');
}

const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

function tableCells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

interface ListItem {
  depth: number;
  text: string;
}

/** Nested <ul> from items with their depths (0, 1, …); a deeper item opens a list inside the previous one. */
function listMarkup(items: readonly ListItem[], decorate: InlineDecorator): string {
  let out = '';
  let depth = -1;
  for (const item of items) {
    const target = Math.min(item.depth, depth + 1);
    if (target > depth) out += '<ul>'.repeat(target - depth);
    else out += '</li>' + '</ul></li>'.repeat(depth - target);
    out += `<li>${inline(item.text, decorate)}`;
    depth = target;
  }
  return `${out}</li>${'</ul></li>'.repeat(depth)}</ul>`;
}

const LIST_ITEM = /^( *)- (.*)$/;

/** Renders `markdown`; `decorate` post-processes the escaped text of paragraphs, list items and table cells (not headings). */
export function renderMarkdown(markdown: string, decorate: InlineDecorator = (text) => text): RenderedMarkdown {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  const headings: MarkdownHeading[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      const parsed = headingOf(heading[1].length, heading[2]);
      headings.push(parsed);
      blocks.push(`<h${parsed.level} id="${escapeHtml(parsed.id)}">${inline(parsed.text, (text) => text)}</h${parsed.level}>`);
      i++;
    } else if (line.trimStart().startsWith('|') && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1].trim())) {
      const header = tableCells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i].trimStart().startsWith('|')) rows.push(tableCells(lines[i++]));
      const cell = (tag: 'th' | 'td', text: string): string => `<${tag}>${inline(text, decorate)}</${tag}>`;
      blocks.push(`<table class="data-table"><thead><tr>${header.map((h) => cell('th', h)).join('')}</tr></thead>`
        + `<tbody>${rows.map((row) => `<tr>${row.map((c) => cell('td', c)).join('')}</tr>`).join('')}</tbody></table>`);
    } else if (LIST_ITEM.test(line)) {
      const items: ListItem[] = [];
      while (i < lines.length && lines[i].trim() !== '') {
        const item = LIST_ITEM.exec(lines[i]);
        if (item) items.push({ depth: Math.floor(item[1].length / 2), text: item[2] });
        else if (items.length) items[items.length - 1].text += ` ${lines[i].trim()}`;
        i++;
      }
      blocks.push(listMarkup(items, decorate));
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^#{1,6}\s/.test(lines[i]) && !LIST_ITEM.test(lines[i]) && !lines[i].trimStart().startsWith('|')) {
        paragraph.push(lines[i++].trim());
      }
      if (!paragraph.length) paragraph.push(lines[i++].trim());
      blocks.push(`<p>${inline(paragraph.join(' '), decorate)}</p>`);
    }
  }
  return { body: new Markup(blocks.join('\n')), headings };
}
