import { AdapterError } from 'confab-comments/model';
import type { Database } from '../storage/db.js';

export interface ChallengeOptions {
  hmacKey: string;
  maxNumber: number;
  expiresSeconds: number;
}

const MAX_PAYLOAD = 2000;

const refuse = (message: string) => new AdapterError('forbidden', message, { field: 'challenge' });

/**
 * Proof of work (ALTCHA, `SPAM_CHALLENGE=pow`): the server hands out a challenge signed with its
 * secret and an expiry; the browser finds the number whose SHA-256 with the salt matches (on
 * average maxNumber / 2 hashes); the post carries the solution, which is checked and spent: a
 * solution is good for one post, within its expiry.
 */
export class ProofOfWork {
  private lib: Promise<typeof import('altcha-lib')> | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: ChallengeOptions,
  ) {}

  private altcha() {
    return (this.lib ??= import('altcha-lib'));
  }

  async create() {
    const { createChallenge } = await this.altcha();
    return createChallenge({
      hmacKey: this.options.hmacKey,
      maxNumber: this.options.maxNumber,
      expires: new Date(Date.now() + this.options.expiresSeconds * 1000),
    });
  }

  /** Checks and spends a solution (the base64 JSON payload); throws a 403 the reader can act on. */
  async spend(payload: unknown): Promise<void> {
    if (typeof payload !== 'string' || payload === '') {
      throw refuse('This site asks your browser to solve a small puzzle before posting. Reload the page and try again.');
    }
    if (payload.length > MAX_PAYLOAD) throw refuse('The anti-spam check is not valid. Reload the page and try again.');
    const { verifySolution, extractParams } = await this.altcha();
    let ok = false;
    let signature = '';
    try {
      ok = await verifySolution(payload, this.options.hmacKey, true);
      signature = (JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: string }).signature ?? '';
    } catch {
      ok = false;
    }
    if (!ok || !signature) throw refuse('The anti-spam check failed or expired. Try posting again.');
    const expires = Number(extractParams(payload).expires);
    const expiresAt = new Date(Number.isFinite(expires) && expires > 0 ? expires * 1000 : Date.now() + this.options.expiresSeconds * 1000);
    const { rows } = await this.db.query(
      'insert into spent_challenges (signature, expires_at) values ($1, $2) on conflict do nothing returning 1',
      [signature, expiresAt.toISOString()],
    );
    if (rows.length === 0) throw refuse('This anti-spam check was already used. Try posting again.');
  }

  async prune(): Promise<void> {
    await this.db.query('delete from spent_challenges where expires_at < now()');
  }
}
