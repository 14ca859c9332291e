// The reader actions that few comments open at once: the editor, the delete confirmation and the
// report form. One module, loaded on first use (see CommentHost): the script-tag bundle keeps them
// in a chunk of their own, off the path to the first comments.
export { CommentEditor } from './comment-editor.js';
export { DeleteConfirmation } from './delete-confirmation.js';
export { ReportForm } from './report-form.js';
