// The part of jsdom's API that the server uses (jsdom ships no types, and the server has no DOM lib).
declare module 'jsdom' {
  interface JsdomElement {
    setAttribute(name: string, value: string): void;
    textContent: string | null;
    append(...nodes: JsdomElement[]): void;
    readonly outerHTML: string;
  }
  export class JSDOM {
    constructor(html?: string);
    readonly window: {
      document: { createElement(tag: string): JsdomElement; title: string; head: JsdomElement; body: JsdomElement; documentElement: JsdomElement };
    };
  }
}
