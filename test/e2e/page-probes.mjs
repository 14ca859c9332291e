// Measurements the end-to-end tests take inside the page, from outside confab's elements: they walk
// the open shadow roots and find things by tag, role, ARIA state and `part`, never by confab's own
// class names, so they hold however an element renders its comments. `installProbes` runs in the
// page (`context.addInitScript(installProbes)`) and leaves `window.confabProbes`.
/* global window, document, getComputedStyle, Node, ShadowRoot, CSSTransition, requestAnimationFrame */

export function installProbes() {
  const TAGS = ['comment-thread', 'comment-item', 'reply-form', 'reaction-counter', 'comment-count', 'typo-report'];

  /** `root` and every element under it, its light children and its open shadow roots' alike. */
  function deepElements(root) {
    const found = [];
    const visit = (node) => {
      for (const child of node.querySelectorAll('*')) {
        found.push(child);
        if (child.shadowRoot) visit(child.shadowRoot);
      }
    };
    if (root.nodeType === Node.ELEMENT_NODE) {
      found.push(root);
      if (root.shadowRoot) visit(root.shadowRoot);
    }
    visit(root);
    return found;
  }

  /** The parent across a shadow boundary: the host of a shadow root, the slot of a slotted node. */
  function parentOf(node) {
    if (node.assignedSlot) return node.assignedSlot;
    if (node.parentElement) return node.parentElement;
    const root = node.getRootNode();
    return root && root !== document && root.host ? root.host : null;
  }

  /** confab's elements placed by the page (not those inside another one's shadow root). */
  function hosts() {
    return [...document.querySelectorAll(TAGS.join(','))];
  }

  /** Every element of every confab element on the page, the hosts included. */
  function confabElements() {
    return hosts().flatMap((host) => deepElements(host));
  }

  /** Hidden from everyone: aria-hidden, inert, or inside a closed <details>/dialog. */
  function hiddenFromUsers(el) {
    for (let node = el; node; node = parentOf(node)) {
      if (node.getAttribute?.('aria-hidden') === 'true' || node.inert) return true;
    }
    return false;
  }

  /**
   * Drawn with a size a person can see (visually-hidden 1 px boxes are not). Comments far off
   * screen count: the thread skips their rendering (`content-visibility: auto`) until they come
   * near, and measuring them lays them out.
   */
  function shown(el) {
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 2 && rect.height > 2;
  }

  /**
   * Scrolls confab's elements through the viewport a screen at a time, so that every comment is
   * rendered at the current width (the thread skips comments far off screen, and one skipped while
   * the width changed keeps its old layout until it comes near), then back to the top.
   */
  async function renderAll() {
    const last = hosts().reduce((bottom, host) => Math.max(bottom, host.getBoundingClientRect().bottom + window.scrollY), 0);
    // `instant`: many stylesheets ask for smooth scrolling, which would still be on its way
    for (let y = 0; y < last; y += Math.max(200, window.innerHeight * 0.8)) {
      window.scrollTo({ left: 0, top: y, behavior: 'instant' });
      await frames();
    }
    window.scrollTo({ left: 0, top: 0, behavior: 'instant' });
    await frames();
  }

  /** A short name for messages: tag, part and text. */
  function describe(el) {
    const host = el.getRootNode()?.host;
    const part = el.getAttribute('part');
    const label = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || el.value || '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 40);
    return `${host ? `${host.localName} ` : ''}${el.localName}${part ? `[part="${part}"]` : ''}${label ? ` "${label}"` : ''}`;
  }

  const CONTROL = 'button, input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="checkbox"], [role="radio"]';

  /** The buttons and fields of confab's elements that a person can see and reach. */
  function controls() {
    return confabElements().filter((el) => el.matches(CONTROL) && shown(el) && !hiddenFromUsers(el) && !el.disabled);
  }

  /** Sizes of the visible buttons and fields: `{ name, width, height }`, smallest height first. */
  function controlSizes() {
    return controls()
      .map((el) => {
        const rect = el.getBoundingClientRect();
        return { name: describe(el), width: Math.round(rect.width * 10) / 10, height: Math.round(rect.height * 10) / 10 };
      })
      .sort((a, b) => a.height - b.height);
  }

  /** Font sizes in px of the text directly inside `root` (its own text nodes and its descendants'). */
  function textSizes(root) {
    const sizes = [];
    for (const el of deepElements(root)) {
      const own = [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.data.trim() !== '');
      if (own && shown(el)) sizes.push(parseFloat(getComputedStyle(el).fontSize));
    }
    return sizes;
  }

  /** Comment bodies: the elements whose part is `body` (or `comment-body`) inside the thread. */
  function commentBodies() {
    const thread = document.querySelector('comment-thread');
    if (!thread) return [];
    return deepElements(thread).filter((el) => {
      const parts = (el.getAttribute('part') ?? '').split(/\s+/);
      return parts.includes('body') || parts.includes('comment-body');
    });
  }

  /** The article's body text size and the smallest and largest text size in comment bodies. */
  function readingSizes() {
    const paragraph = document.querySelector('#article-body p');
    const comments = commentBodies().flatMap((body) => textSizes(body));
    return {
      article: paragraph ? parseFloat(getComputedStyle(paragraph).fontSize) : NaN,
      commentMin: comments.length ? Math.min(...comments) : NaN,
      commentMax: comments.length ? Math.max(...comments) : NaN,
      bodies: commentBodies().length,
    };
  }

  /**
   * What sticks out sideways at the current width: `confab`, confab's visible elements whose box
   * (as far as it is not clipped by an ancestor) passes the viewport's edges, except inside a code
   * block that scrolls on its own; `page`, the page's own elements that do, when the page scrolls
   * sideways (the site's business, reported apart).
   */
  function horizontalOverflow() {
    const width = document.documentElement.clientWidth;
    const sticksOut = (el) => {
      const { left, right } = visibleRect(el);
      return right > left && (left < -1 || right > width + 1) ? `${Math.round(left)}..${Math.round(right)}` : null;
    };
    const confab = [];
    for (const el of confabElements()) {
      if (!shown(el) || hiddenFromUsers(el) || insideScroller(el)) continue;
      const span = sticksOut(el);
      if (span) confab.push(`${describe(el)} spans ${span} px of ${width}`);
    }
    const page = [];
    if (document.documentElement.scrollWidth > width + 1) {
      page.push(`the page is ${document.documentElement.scrollWidth} px wide in ${width} px`);
      for (const el of document.body.querySelectorAll('*')) {
        if (isInConfab(el) || el.children.length > 0) continue;
        const span = sticksOut(el);
        if (span) page.push(`${el.localName}${el.className ? `.${el.className}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}" spans ${span} px`);
      }
    }
    return { confab, page };
  }

  /** The part of an element's box that its clipping ancestors (inside confab's elements) let show. */
  function visibleRect(el) {
    const rect = el.getBoundingClientRect();
    let { left, right } = rect;
    for (let node = parentOf(el); node; node = parentOf(node)) {
      const overflowX = getComputedStyle(node).overflowX;
      if (overflowX !== 'visible') {
        const clip = node.getBoundingClientRect();
        left = Math.max(left, clip.left);
        right = Math.min(right, clip.right);
      }
      if (TAGS.includes(node.localName) && node.getRootNode() === document) break;
    }
    return { left, right };
  }

  /** Inside an element that scrolls sideways on its own (a code block). */
  function insideScroller(el) {
    for (let node = parentOf(el); node && !TAGS.includes(node.localName); node = parentOf(node)) {
      const overflowX = getComputedStyle(node).overflowX;
      if (overflowX === 'auto' || overflowX === 'scroll') return true;
    }
    return false;
  }

  /**
   * Inherited text settings of the page that reached confab's own text (its shadow trees, not the
   * page's slotted text nor the count badge, which belongs to the page's line): case, spacing,
   * indent, justification, white space, hyphenation, a line-height under 1.2.
   */
  function inheritedTextProblems() {
    const problems = new Set();
    for (const host of hosts()) {
      if (host.localName === 'comment-count') continue;
      for (const el of deepElements(host)) {
        if (el === host || !(el.getRootNode() instanceof ShadowRoot) || !shown(el)) continue;
        const own = [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.data.trim() !== '');
        if (!own) continue;
        const style = getComputedStyle(el);
        const found = [];
        if (style.textTransform !== 'none') found.push(`text-transform ${style.textTransform}`);
        if (style.letterSpacing !== 'normal' && parseFloat(style.letterSpacing) > 0.02 * parseFloat(style.fontSize)) found.push(`letter-spacing ${style.letterSpacing}`);
        if (parseFloat(style.wordSpacing) !== 0) found.push(`word-spacing ${style.wordSpacing}`);
        if (parseFloat(style.textIndent) !== 0) found.push(`text-indent ${style.textIndent}`);
        if (style.textAlign === 'justify' || style.textAlignLast === 'justify') found.push('justified');
        if (style.whiteSpaceCollapse !== 'collapse' && !el.closest('pre, textarea')) found.push(`white-space-collapse ${style.whiteSpaceCollapse}`);
        if (style.hyphens === 'auto') found.push('hyphens auto');
        const lineHeight = parseFloat(style.lineHeight);
        if (Number.isFinite(lineHeight) && lineHeight < 1.2 * parseFloat(style.fontSize) - 0.5 && !el.matches('[part~="avatar"], [part~="avatar"] *, [part~="comment-avatar"], [part~="comment-avatar"] *')) {
          found.push(`line-height ${style.lineHeight} for ${style.fontSize} text`);
        }
        if (found.length) problems.add(`${describe(el)}: ${found.join(', ')}`);
      }
    }
    return [...problems];
  }

  /**
   * Content cut off or scrolling inside confab's elements: an element that hides overflow (or
   * scrolls) and holds more than it shows. Sideways, only code blocks may scroll; up and down, a
   * text field or preview that scrolls its own text is fine, hidden text is not.
   */
  function clippedContent() {
    const problems = [];
    for (const el of confabElements()) {
      if (!shown(el) || hiddenFromUsers(el)) continue;
      const style = getComputedStyle(el);
      const wide = el.scrollWidth > el.clientWidth + 1;
      const tall = el.scrollHeight > el.clientHeight + 1;
      if (wide && style.overflowX !== 'visible' && !el.matches('pre')) {
        problems.push(`${describe(el)} ${style.overflowX === 'auto' || style.overflowX === 'scroll' ? 'scrolls sideways' : 'cuts off its text'} (${el.scrollWidth} px in ${el.clientWidth})`);
      }
      const scrollsItsText = style.overflowY === 'auto' || style.overflowY === 'scroll';
      if (tall && (style.overflowY === 'hidden' || style.overflowY === 'clip') && !scrollsItsText) {
        problems.push(`${describe(el)} cuts off its text (${el.scrollHeight} px in ${el.clientHeight})`);
      }
    }
    return problems;
  }

  /**
   * Pieces of confab's text and controls drawn over each other: the line boxes of different text
   * nodes and the boxes of controls that intersect by more than 2 px both ways (a control and its
   * own text excepted).
   */
  function overlaps() {
    const boxes = [];
    for (const host of hosts()) {
      for (const el of deepElements(host)) {
        if (!shown(el) || hiddenFromUsers(el) || insideScroller(el)) continue;
        if (el.matches(CONTROL)) boxes.push({ node: el, rect: visibleBox(el, el.getBoundingClientRect()) });
        for (const node of el.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE || node.data.trim() === '') continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const rect of range.getClientRects()) if (rect.width > 0 && rect.height > 0) boxes.push({ node, rect: visibleBox(el, rect) });
        }
      }
    }
    const contains = (a, b) => {
      for (let node = b; node; node = parentOf(node)) if (node === a) return true;
      return false;
    };
    const found = new Set();
    boxes.sort((a, b) => a.rect.top - b.rect.top);
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i];
      for (let j = i + 1; j < boxes.length && boxes[j].rect.top < a.rect.bottom - 2; j++) {
        const b = boxes[j];
        if (a.node === b.node || contains(a.node, b.node) || contains(b.node, a.node)) continue;
        const x = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const y = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (x > 2 && y > 2) {
          const name = (node) => (node.nodeType === Node.TEXT_NODE ? `"${node.data.trim().slice(0, 30)}"` : describe(node));
          found.add(`${name(a.node)} overlaps ${name(b.node)}`);
        }
      }
    }
    return [...found];
  }

  /** `rect` as far as the clipping ancestors of `el` (inside confab's elements) let it show. */
  function visibleBox(el, rect) {
    let { left, right, top, bottom } = rect;
    for (let node = el; node; node = parentOf(node)) {
      const style = getComputedStyle(node);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        const clip = node.getBoundingClientRect();
        if (style.overflowX !== 'visible') [left, right] = [Math.max(left, clip.left), Math.min(right, clip.right)];
        if (style.overflowY !== 'visible') [top, bottom] = [Math.max(top, clip.top), Math.min(bottom, clip.bottom)];
      }
      if (TAGS.includes(node.localName) && node.getRootNode() === document) break;
    }
    return { left, right, top, bottom };
  }

  /**
   * Controls with no boundary of their own (in forced colours, where backgrounds are dropped, a
   * borderless button is just text): a border on every side, or an outline.
   */
  function controlsWithoutBoundary() {
    return controls()
      .filter((el) => {
        const style = getComputedStyle(el);
        const sides = ['Top', 'Right', 'Bottom', 'Left'];
        const bordered = sides.every((side) => style[`border${side}Style`] !== 'none' && parseFloat(style[`border${side}Width`]) >= 1);
        return !bordered && !(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1);
      })
      .map((el) => describe(el));
  }

  /** Icons (SVG) in confab's elements drawn in a colour under 3:1 against what is behind them. */
  function faintIcons() {
    const problems = [];
    for (const el of confabElements()) {
      if (el.localName !== 'svg' || !shown(el)) continue;
      const style = getComputedStyle(el);
      const paint = style.stroke !== 'none' ? style.stroke : style.fill;
      if (paint === 'none') {
        problems.push(`${describe(parentOf(el))}: its icon has neither stroke nor fill`);
        continue;
      }
      const under = backgroundBehind(el);
      const ratio = contrast(paint, under);
      if (ratio < 3) problems.push(`${describe(parentOf(el))}: icon ${paint} on ${under}, ${ratio.toFixed(2)}:1`);
    }
    return problems;
  }

  /** What tells a control's state apart other than colour: borders, outline, weight, decoration, icon fill. */
  function shapeOf(el) {
    const style = getComputedStyle(el);
    const icon = el.querySelector('svg');
    const iconStyle = icon ? getComputedStyle(icon) : null;
    return JSON.stringify({
      border: ['Top', 'Right', 'Bottom', 'Left'].map((side) => `${style[`border${side}Style`]} ${style[`border${side}Width`]}`),
      fontWeight: style.fontWeight,
      decoration: style.textDecorationLine,
      iconFill: iconStyle ? (iconStyle.fill === 'none' ? 'none' : `painted ${iconStyle.fillOpacity}`) : null,
    });
  }

  /** The focused element, followed into shadow roots. */
  function deepActiveElement() {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  function isInConfab(el) {
    for (let node = el; node; node = parentOf(node)) if (TAGS.includes(node.localName)) return true;
    return false;
  }

  // ---- colour ----------------------------------------------------------------------------------

  /** sRGB channels 0..255 and alpha of a computed colour. */
  function channels(color) {
    const rgb = color.match(/^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)$/);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    const srgb = color.match(/^color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.]+))?\s*\)$/);
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
    // anything else (oklch, a system colour): let the browser convert it
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = color;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  }

  function luminance([r, g, b]) {
    const linear = (value) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  function contrast(a, b) {
    const [la, lb] = [luminance(channels(a)), luminance(channels(b))].sort((x, y) => y - x);
    return (la + 0.05) / (lb + 0.05);
  }

  /** `over` drawn on `under` (alpha blended), as an rgb() string. */
  function blend(over, under) {
    const [r, g, b, a] = channels(over);
    const [ur, ug, ub] = channels(under);
    return `rgb(${r * a + ur * (1 - a)}, ${g * a + ug * (1 - a)}, ${b * a + ub * (1 - a)})`;
  }

  /** The opaque colour an element sits on: its backgrounds and its ancestors', blended. */
  function backgroundBehind(el) {
    const layers = [];
    for (let node = el; node; node = parentOf(node)) {
      const background = getComputedStyle(node).backgroundColor;
      const alpha = channels(background)[3];
      if (alpha > 0) layers.push(background);
      if (alpha === 1) break;
    }
    let color = layers.length && channels(layers.at(-1))[3] === 1 ? layers.pop() : canvasColor();
    while (layers.length) color = blend(layers.pop(), color);
    return color;
  }

  /** The page's canvas: the root's or the body's background, else the scheme's default. */
  function canvasColor() {
    for (const el of [document.documentElement, document.body]) {
      const background = getComputedStyle(el).backgroundColor;
      if (channels(background)[3] === 1) return background;
    }
    return getComputedStyle(document.documentElement).colorScheme.includes('dark') && window.matchMedia('(prefers-color-scheme: dark)').matches
      ? 'rgb(18, 18, 18)'
      : 'rgb(255, 255, 255)';
  }

  /**
   * The focus ring of the focused element, or why there is none: an outline of at least 2 px, or
   * a box-shadow ring (on the control or on the field box around it that lights up with
   * :focus-within), in a colour with 3:1 contrast against what it is drawn on.
   */
  function focusRing() {
    const active = deepActiveElement();
    if (!active) return { ok: false, name: 'nothing', problem: 'nothing has focus' };
    const name = describe(active);
    if (!active.matches(':focus-visible')) return { ok: false, name, problem: 'does not match :focus-visible' };
    let node = active;
    for (let level = 0; node && level < 3; node = parentOf(node), level++) {
      const style = getComputedStyle(node);
      if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) {
        const width = parseFloat(style.outlineWidth);
        const under = parseFloat(style.outlineOffset) > 0 && parentOf(node) ? backgroundBehind(parentOf(node)) : backgroundBehind(node);
        const ratio = contrast(style.outlineColor, under);
        const ok = width >= 2 && ratio >= 3;
        return { ok, name, ring: `outline ${width}px ${style.outlineColor} on ${under}, ${ratio.toFixed(2)}:1`, problem: ok ? undefined : 'the ring is thinner than 2 px or under 3:1' };
      }
      const shadow = style.boxShadow.match(/(rgba?\([^)]*\)|color\([^)]*\))/);
      if (style.boxShadow !== 'none' && shadow) {
        const under = parentOf(node) ? backgroundBehind(parentOf(node)) : canvasColor();
        const ratio = contrast(blend(shadow[0], under), under);
        return { ok: ratio >= 3, name, ring: `box-shadow ${shadow[0]} on ${under}, ${ratio.toFixed(2)}:1`, problem: ratio >= 3 ? undefined : 'the ring is under 3:1' };
      }
    }
    return { ok: false, name, problem: 'shows no focus ring' };
  }

  /** The controls the last walk with Tab reached inside confab's elements, in order. */
  const tabStops = [];

  /**
   * The focus rings of the controls Tab reached before, each focused again as a keyboard focuses
   * (for a second colour scheme of the same page, without walking the page again).
   */
  async function focusRingsAgain() {
    const rings = [];
    for (const el of tabStops) {
      el.focus({ focusVisible: true });
      await settleFocus();
      rings.push(focusRing());
    }
    return rings;
  }

  /** Resolves after the focus transitions around the focused element have ended. */
  async function settleFocus() {
    const active = deepActiveElement();
    const nodes = [];
    for (let node = active, level = 0; node && level < 3; node = parentOf(node), level++) nodes.push(node);
    const transitions = nodes.flatMap((node) => node.getAnimations?.() ?? []).filter((animation) => animation instanceof CSSTransition);
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  }

  /**
   * After the page and confab have followed a change of colour scheme: two frames (confab reads
   * the page's colours on the next one), then every colour transition the change started, the
   * page's and confab's own, has ended.
   */
  async function settleColours() {
    await frames();
    await frames();
    const elements = [document.documentElement, ...document.querySelectorAll('*'), ...confabElements()];
    const transitions = elements.flatMap((el) => el.getAnimations?.() ?? []).filter((animation) => animation instanceof CSSTransition);
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  }

  /** After two frames: style and layout of the last change are done. */
  function frames() {
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  }

  window.confabProbes = {
    TAGS,
    deepElements,
    parentOf,
    hosts,
    confabElements,
    hiddenFromUsers,
    shown,
    renderAll,
    describe,
    controls,
    controlSizes,
    textSizes,
    commentBodies,
    readingSizes,
    horizontalOverflow,
    inheritedTextProblems,
    clippedContent,
    overlaps,
    controlsWithoutBoundary,
    faintIcons,
    shapeOf,
    insideScroller,
    deepActiveElement,
    isInConfab,
    channels,
    contrast,
    blend,
    backgroundBehind,
    canvasColor,
    focusRing,
    tabStops,
    focusRingsAgain,
    settleFocus,
    settleColours,
    frames,
  };
}
