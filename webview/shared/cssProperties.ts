// A Lit element directive that sets inline style properties through the CSSOM, which a strict CSP allows
// (a `style="…"` attribute, which Lit's own styleMap writes on first render, is blocked without 'unsafe-inline').
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class CssPropertiesDirective extends Directive {
  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('cssProperties must be used as an element directive');
  }

  render(_properties: Record<string, string>): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return noChange;
  }
}

/** `<div ${cssProperties({ width: '40%' })}>`: property names in CSS spelling (`width`, `--bar-fraction`). */
export const cssProperties = directive(CssPropertiesDirective);
