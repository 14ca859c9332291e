import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

/** CSS properties by name (`--_avatar-bg`, `inset-block-start`); an empty value removes one. */
export type StyleProperties = Record<string, string>;

/**
 * Sets CSS properties on an element through the CSSOM (`style.setProperty`), never through a
 * `style` attribute: a strict Content-Security-Policy (`style-src` without 'unsafe-inline') blocks
 * style attributes, and Lit's `styleMap` writes one on its first render. Used as an element binding:
 * `<div ${styleProperties({ '--_avatar-bg': color })}>`. Pass the same names on every render.
 */
class StylePropertiesDirective extends Directive {
  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('styleProperties() belongs on an element: <div ${styleProperties(…)}>.');
  }

  render(_properties: StyleProperties): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [StyleProperties]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(properties)) {
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    return noChange;
  }
}

export const styleProperties = directive(StylePropertiesDirective);
