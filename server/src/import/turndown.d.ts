// The part of turndown's API the importer uses, typed without the DOM library (the server is
// compiled for Node; turndown parses HTML there with its own DOM implementation).
declare module 'turndown' {
  interface TurndownNode {
    nodeName: string;
    parentNode: TurndownNode | null;
    getAttribute(name: string): string | null;
  }
  interface Rule {
    filter: string | string[] | ((node: TurndownNode) => boolean);
    replacement: (content: string, node: TurndownNode) => string;
  }
  interface Options {
    headingStyle?: 'setext' | 'atx';
    emDelimiter?: '_' | '*';
    strongDelimiter?: '__' | '**';
    codeBlockStyle?: 'indented' | 'fenced';
    linkStyle?: 'inlined' | 'referenced';
  }
  export default class TurndownService {
    constructor(options?: Options);
    addRule(key: string, rule: Rule): this;
    remove(filter: string | string[]): this;
    escape(text: string): string;
    turndown(html: string): string;
  }
}
