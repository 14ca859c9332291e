// Watches Intl's formatters, for tests of the paths that must not use them.

/** Counts formatting calls on Intl's formatters until `restore`. */
export function spyOnIntl(): { readonly calls: number; restore(): void } {
  let calls = 0;
  const undo: (() => void)[] = [];
  const targets: [object, string][] = [
    [Intl.DateTimeFormat.prototype, 'format'],
    [Intl.NumberFormat.prototype, 'format'],
    [Intl.RelativeTimeFormat.prototype, 'format'],
    [Intl.PluralRules.prototype, 'select'],
  ];
  for (const [prototype, name] of targets) {
    const original = Object.getOwnPropertyDescriptor(prototype, name)!;
    const wrapped: PropertyDescriptor = original.get
      ? { ...original, get(this: unknown) { calls += 1; return original.get!.call(this); } }
      : { ...original, value(this: unknown, ...args: unknown[]) { calls += 1; return (original.value as (...a: unknown[]) => unknown).apply(this, args); } };
    Object.defineProperty(prototype, name, wrapped);
    undo.push(() => Object.defineProperty(prototype, name, original));
  }
  return {
    get calls() {
      return calls;
    },
    restore: () => undo.forEach((step) => step()),
  };
}
