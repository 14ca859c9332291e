/**
 * The one visibility rule: a viewer sees published comments, placeholders of deleted comments that
 * still have replies, and their own pending comments. Every query that decides what a reader may
 * see, list or find uses this fragment.
 * @param viewerParam the placeholder holding the viewer's id (`$2`), null for anonymous readers
 * @param alias the table alias, when the query has several
 */
export function visibleTo(viewerParam: string, alias?: string): string {
  const c = alias ? `${alias}.` : '';
  return `(${c}status = 'published' or (${c}status = 'deleted' and ${c}reply_count > 0) or (${c}status = 'pending' and ${c}viewer_id = ${viewerParam}))`;
}
