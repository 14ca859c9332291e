/** A failed admin request, with the server's code and message (fit to show). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const API = new URL('../api/', location.href);

/**
 * One admin request on the moderator's session cookie (sent by the browser, never readable here).
 * Resolves with the JSON body (null for 204); rejects with an ApiError.
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path.replace(/^\//, ''), API), {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      ...init,
    });
  } catch {
    throw new ApiError('The server could not be reached. Check the connection and try again.', 'network', 0);
  }
  if (response.status === 204) return null as T;
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // not JSON: handled below
  }
  if (!response.ok) {
    const error = (json as { error?: { message?: string; code?: string; retryAfter?: number } } | null)?.error;
    throw new ApiError(error?.message ?? `The server answered ${response.status}.`, error?.code ?? 'server', response.status, error?.retryAfter);
  }
  return json as T;
}
