import { HttpError } from './errors.js';

/**
 * Reads a JSON request body, refusing anything but `application/json` (so a cross-site HTML form
 * can never write) and anything over `limit` bytes. An empty body reads as `{}`.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<unknown>}
 */
export async function readJson(req, limit) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported', 'Send the request body as JSON with Content-Type: application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'validation', 'The request body is not valid JSON.');
  }
}

/** @param {number} limit */
function tooLarge(limit) {
  return new HttpError(413, 'too_large', `The request body is larger than ${limit} bytes.`);
}
