import { css } from 'lit';

/** Light and dark from the system (system colours), one column at 390 px, visible focus. */
export const styles = css`
  :host {
    display: block;
    color-scheme: light dark;
    --accent: light-dark(#1d4ed8, #93c5fd);
    --muted: light-dark(#4b5563, #b6bcc6);
    --line: light-dark(#d1d5db, #4b5563);
    --danger: light-dark(#b91c1c, #fca5a5);
    --current: light-dark(#eff6ff, #1e293b);
    font: 16px/1.5 system-ui, sans-serif;
  }
  header, nav, main { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem; box-sizing: border-box; }
  header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; }
  h1 { font-size: 1.4rem; margin: 0; }
  h2 { font-size: 1.2rem; }
  .counts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; }
  .counts div { display: flex; gap: 0.3rem; }
  .counts dt { color: var(--muted); }
  .counts dd { margin: 0; font-weight: 600; }
  .tools { margin-inline-start: auto; display: flex; gap: 0.5rem; }
  nav { display: flex; flex-wrap: wrap; gap: 0.25rem; border-bottom: 1px solid var(--line); }
  nav button[aria-current='page'] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
  button { font: inherit; min-height: 2.25rem; padding: 0.25rem 0.75rem; border: 1px solid var(--line); border-radius: 0.375rem; background: Canvas; color: CanvasText; cursor: pointer; }
  button:disabled { opacity: 0.6; cursor: default; }
  input, textarea, select { font: inherit; padding: 0.25rem 0.5rem; border: 1px solid var(--muted); border-radius: 0.25rem; background: Field; color: FieldText; max-width: 100%; box-sizing: border-box; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  kbd { font: 0.8em ui-monospace, monospace; border: 1px solid var(--line); border-radius: 0.2rem; padding: 0 0.25rem; }
  .badge { display: inline-block; min-width: 1.2em; padding: 0 0.3em; border-radius: 1em; background: var(--accent); color: Canvas; font-size: 0.8em; }
  .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.25rem 0; }
  .facts div { display: flex; gap: 0.3rem; }
  .facts dt { color: var(--muted); }
  .facts dd { margin: 0; overflow-wrap: anywhere; }
  blockquote { margin: 0.25rem 0; padding-inline-start: 0.75rem; border-inline-start: 3px solid var(--line); }
  h3 { font-size: 1rem; margin: 0.25rem 0; overflow-wrap: anywhere; }
  .filter { display: inline-flex; gap: 0.5rem; align-items: center; margin-bottom: 0.5rem; }
  .rows { list-style: none; padding: 0; margin: 0; }
  .row { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
  .row.current { background: var(--current); border-color: var(--accent); }
  .row.selected { box-shadow: inset 4px 0 0 var(--accent); }
  .meta { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; font-size: 0.9rem; }
  .muted, time { color: var(--muted); }
  .status { font-size: 0.8rem; border: 1px solid var(--line); border-radius: 0.25rem; padding: 0 0.3rem; }
  .body { overflow-wrap: anywhere; }
  .body :first-child { margin-top: 0.25rem; }
  .reports { color: var(--danger); margin: 0.25rem 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-top: 0.25rem; }
  .editor textarea { display: block; width: 100%; min-height: 6rem; }
  .editor label { display: block; font-size: 0.9rem; }
  .search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin-bottom: 0.5rem; }
  .search label { display: flex; flex-direction: column; font-size: 0.9rem; }
  .error { color: var(--danger); min-height: 1.5em; }
  .import { display: grid; gap: 0.4rem; max-width: 36rem; }
  .import input[type='file'] { max-width: 100%; }
  .import-status progress { width: 100%; max-width: 36rem; }
  .empty { color: var(--muted); }
  .sign-in { max-width: 24rem; margin-top: 10vh; }
  .sign-in form { display: flex; flex-direction: column; gap: 0.5rem; }
  .note { color: var(--muted); font-size: 0.9rem; }
  .toast { position: fixed; inset-inline: 1rem; bottom: 1rem; max-width: 36rem; margin: 0 auto; display: flex; gap: 0.5rem; align-items: center; padding: 0.5rem 0.75rem; border: 1px solid var(--accent); border-radius: 0.5rem; background: Canvas; }
  .toast span { flex: 1; }
  dialog { max-width: min(30rem, calc(100vw - 2rem)); border: 1px solid var(--line); border-radius: 0.5rem; background: Canvas; color: CanvasText; }
  dialog form { display: flex; flex-direction: column; gap: 0.5rem; }
  dialog dl div { display: flex; gap: 1rem; }
  dialog dt { min-width: 5rem; }
  dialog dd { margin: 0; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  @media (forced-colors: active) { .row.current { outline: 2px solid Highlight; } }
`;
