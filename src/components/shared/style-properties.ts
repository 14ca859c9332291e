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
  /** what this directive last set, compared instead of the element's style (reading it costs) */
  private _set: StyleProperties = {};

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('styleProperties() belongs on an element: <div ${styleProperties(…)}>.');
  }

  render(_properties: StyleProperties): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [StyleProperties]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const name in properties) {
      const value = properties[name];
      if (this._set[name] !== value) style.setProperty(name, value);
    }
    this._set = properties;
    return noChange;
  }
}

export const styleProperties = directive(StylePropertiesDirective);
