// The control: without an import from confab-comments/react, React does not know the tags
// (tsconfig.react-without-import.json must fail on this file).
export const badge = <comment-count thread-id="a-42" />;
