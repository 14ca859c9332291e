import { checkCommentReport, checkId, checkTypoReport } from 'confab-comments/model';
import { ensureViewer } from '../http/viewer.js';
import { CommentParams, errors } from '../schemas/common.js';
import { ReportBody, TypoBody, TypoResult } from '../schemas/comments.js';
import { commentIds } from './comments.js';
import type { Api, Services } from './services.js';

/** Readers' reports: a comment to moderators, a typo to the editors. */
export async function reportRoutes(app: Api, { storage, config, limits, outreach }: Services): Promise<void> {
  app.post(
    '/threads/:threadId/comments/:commentId/reports',
    {
      schema: {
        summary: 'Report a comment to the moderators (one report per viewer and comment)',
        tags: ['reports'],
        params: CommentParams,
        body: ReportBody,
        response: { 204: { type: 'null', description: 'Reported' }, ...errors },
      },
    },
    async (request, reply) => {
      const input = { ...commentIds(request.params), ...checkCommentReport(request.body) };
      const viewer = await ensureViewer(request, reply, config, limits);
      await limits.write(request);
      await limits.change(request, 'reports in a short time');
      await storage.reports.report(input, viewer);
      outreach.reported(request, input);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/typos',
    {
      schema: {
        summary: 'Report a typo in the article to the editors (identical reports merge)',
        tags: ['reports'],
        body: TypoBody,
        response: { 201: TypoResult, ...errors },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const input = { ...checkTypoReport(body), threadId: body.threadId === undefined || body.threadId === null ? null : checkId(body.threadId, 'threadId') };
      const viewer = await ensureViewer(request, reply, config, limits);
      await limits.write(request);
      await limits.change(request, 'reports in a short time');
      const result = await storage.typos.report(input, viewer);
      outreach.typoReported({ ...input, id: result.id, count: result.count });
      return reply.code(201).send(result);
    },
  );
}
