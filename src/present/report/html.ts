// A tagged template for HTML strings that escapes every interpolated value unless it is already markup.

/** Markup that has been built by `html` (or is a trusted constant): inserted as is. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Markup | string | number | null | undefined | false | readonly HtmlValue[];

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe to put in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]);
}

function serialise(value: HtmlValue): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(serialise).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** html`<p title="${text}">${text}</p>`: strings and numbers are escaped, Markup and arrays of Markup are not. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Markup {
  return new Markup(strings.reduce((out, part, i) => out + part + (i < values.length ? serialise(values[i]) : ''), ''));
}

/** Wraps a constant this module's callers wrote themselves (a style sheet), never text read from a file. */
export function trustedMarkup(constant: string): Markup {
  return new Markup(constant);
}
