/**
 * What a backend may ask of the reply form beyond the comment: "E-mail me when someone replies"
 * (when it sends mail) and a solved proof-of-work challenge (when it asks for one). A chunk of its
 * own, imported only when the backend's settings name one of them, so sites without them load
 * none of it; the solver (pow-solver.ts) is a further chunk, loaded when a guest starts typing.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { BackendSettings, CommentAdapter } from '../../model/adapter.js';
import { t, type StringKey } from '../../render/i18n.js';

/** Texts in the languages confab ships; a page's own strings (`configure({ strings })`) win. */
const TEXTS: Record<string, Record<string, string>> = {
  en: {
    'form.notify': 'E-mail me when someone replies',
    'form.notifyNeedsEmail': 'Enter your email to be told of replies, or untick the box.',
    'form.checking': 'Checking this is no automated post…',
  },
  ru: {
    'form.notify': 'Сообщить мне по почте об ответах',
    'form.notifyNeedsEmail': 'Укажите почту, чтобы получать ответы, или снимите отметку.',
    'form.checking': 'Проверяем, что это не автоматическая отправка…',
  },
  ar: {
    'form.notify': 'راسلني عندما يرد أحدهم',
    'form.notifyNeedsEmail': 'أدخل بريدك الإلكتروني لتصلك الردود، أو ألغِ التحديد.',
    'form.checking': 'نتحقق من أن هذا ليس نشرًا آليًا…',
  },
};

export function text(key: string, lang: string | undefined): string {
  const own = t(key as StringKey, {}, lang);
  if (own !== key) return own;
  const base = (lang || document.documentElement.lang || 'en').toLowerCase().split('-')[0] ?? 'en';
  return (TEXTS[base] ?? TEXTS.en)![key] ?? TEXTS.en![key] ?? key;
}

/**
 * The checkbox's styles, added to the form's shadow root when this chunk loads: they weigh
 * nothing on pages whose backend offers no mail. A constructed style sheet, which a
 * Content-Security-Policy without 'unsafe-inline' allows, as the form's own styles.
 */
const STYLES = css`
  [part~='notify'] {
    display: flex;
    gap: 0.5em;
    align-items: center;
    min-block-size: var(--_target-size);
    font-size: var(--_font-size-small);
  }

  [part~='notify'] input {
    inline-size: 1.1em;
    block-size: 1.1em;
    margin: 0;
    accent-color: var(--_color-focus);
  }
`;

/** What a post carries beyond the comment when the backend asks for it. */
export interface PostExtra {
  notify?: boolean;
  challenge?: string;
}

export class BackendOptions {
  notify = false;
  /** solving the challenge for the post under way */
  checking = false;
  private _solution: Promise<string> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment; author?: unknown },
    private readonly adapter: CommentAdapter,
    readonly settings: BackendSettings,
  ) {
    const root = host.renderRoot as ShadowRoot;
    const sheet = STYLES.styleSheet;
    if (sheet && root.adoptedStyleSheets && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    // the form shows the options (it keeps them in a plain field)
    host.requestUpdate();
    // A guest typing gets the solution going: it is usually ready when they post.
    root.addEventListener('input', (event) => {
      if ((event.target as Element).localName === 'textarea') this.warm(!host.author);
    });
  }

  get challenge(): boolean {
    return this.settings.challenge === 'pow' && typeof this.adapter.challenge === 'function';
  }

  /** Starts finding a solution for the next post, once: it is usually ready when the reader posts. */
  prepare(): Promise<string> {
    const solution = (this._solution ??= Promise.all([this.adapter.challenge!(), import('./pow-solver.js')]).then(([challenge, { solvePow }]) =>
      solvePow(challenge),
    ));
    solution.catch(() => {
      if (this._solution === solution) this._solution = undefined;
    });
    return solution;
  }

  /** A guest typed: get the solution going. */
  warm(guest: boolean): void {
    if (guest && this.challenge) this.prepare().catch(() => {});
  }

  /** What to tell the reader before posting: replies asked for without an address. */
  problem(email: string | undefined, lang: string | undefined): string | null {
    return this.settings.mail === true && this.notify && !email ? text('form.notifyNeedsEmail', lang) : null;
  }

  /** The post's extra fields; waits for (and spends) the challenge's solution. */
  async fields(guest: boolean, lang: string | undefined, announce: (message: string) => void): Promise<PostExtra> {
    const notify = this.settings.mail === true && this.notify;
    let challenge: string | undefined;
    if (guest && this.challenge) {
      this.checking = true;
      announce(text('form.checking', lang));
      this.host.requestUpdate();
      try {
        challenge = await this.prepare();
      } finally {
        // a solution is good for one post
        this._solution = undefined;
        this.checking = false;
        this.host.requestUpdate();
      }
    }
    return { notify: notify || undefined, challenge };
  }

  /**
   * Posts with the extra fields. A solution the backend refuses as expired or used (its error
   * names the `challenge` field) is replaced by a fresh one, once.
   */
  async post<T>(send: (extra: PostExtra) => Promise<T>, guest: boolean, lang: string | undefined, announce: (message: string) => void, retried = false): Promise<T> {
    const extra = await this.fields(guest, lang, announce);
    try {
      return await send(extra);
    } catch (error) {
      if (extra.challenge && !retried && (error as { field?: unknown } | null)?.field === 'challenge') return this.post(send, guest, lang, announce, true);
      throw error;
    }
  }

  renderOption(disabled: boolean, lang: string | undefined): TemplateResult | typeof nothing {
    if (this.settings.mail !== true) return nothing;
    return html`<label part="notify"
      ><input
        type="checkbox"
        name="notify"
        .checked=${this.notify}
        ?disabled=${disabled}
        @change=${(event: Event) => {
          this.notify = (event.target as HTMLInputElement).checked;
          this.host.requestUpdate();
        }}
      />${text('form.notify', lang)}</label
    >`;
  }
}
