// A deterministic, realistic comment thread for the benchmark: the same seed and size give the same
// comments in Node (the plain-DOM baseline is prerendered from them) and in the browser (where the
// confab page builds its MemoryAdapter from them). No imports, so it runs unchanged in both.

/** Share of comments that are top-level; the rest are replies. */
export const TOP_LEVEL_SHARE = 0.7;
/** Deepest reply level: a reply to a reply to a reply. */
export const MAX_REPLY_DEPTH = 3;
/** Replies one comment gets at most; real threads rarely go further on one comment. */
const MAX_REPLIES_PER_COMMENT = 12;
const THREAD_START = Date.UTC(2025, 2, 3, 7, 30);

const FIRST_NAMES = [
  'Anna', 'Ben', 'Chiara', 'Dmitri', 'Elif', 'Farah', 'Gustavo', 'Hana', 'Ivan', 'Jonas', 'Keiko', 'Lena',
  'Malik', 'Nora', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Samir', 'Tove', 'Umar', 'Vera', 'Wen', 'Ximena',
  'Yusuf', 'Zoë', 'Amélie', 'Björn', 'Carmen', 'Darius', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jakub',
];
const LAST_NAMES = [
  'Andersen', 'Becker', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'García', 'Hoffmann', 'Ivanova', 'Jansen',
  'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka',
  'Underwood', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zimmermann', "O'Brien", 'Nguyen', 'Haddad', 'Silva',
];
const OPENERS = [
  'I read this twice and', 'Honestly,', 'Great piece, but', 'As someone who works in this field,',
  'Thanks for writing this.', 'Not sure I agree:', 'This matches what we saw last year:', 'Small correction:',
  'Interesting point about the budget, and', 'My two cents:', 'Came here to say this.', 'Fair enough, though',
];
const CLAUSES = [
  'the numbers in the second chart do not add up for me',
  'the city council should have published the full report months ago',
  'most people I talk to have never heard of the plan',
  'the interview with the engineer was the best part',
  'we tried the same thing in our town and it took three years',
  'nobody mentions what happens to the existing tenants',
  'the timeline in the article seems optimistic',
  'it would help to see the original data',
  'the comparison with last winter is a bit unfair',
  'I would love a follow-up on the costs',
  'the photos say more than the quotes',
  'the headline oversells what the study found',
  'the local library already runs a program like this',
  'trains were late every single day that week',
  'small businesses carry most of the risk here',
];
const CLOSERS = [
  'Curious what others think.', 'Keep up the good work.', 'Just my experience, of course.',
  'Would be good to hear from the mayor.', 'Happy to be proven wrong.', 'Thanks again for the reporting.',
  'Anyone else notice this?', 'Looking forward to part two.',
];
const LINKS = [
  ['the full report', 'https://example.org/reports/2025/transport-plan'],
  ['this older article', 'https://news.example.com/2024/11/city-budget'],
  ['the council minutes', 'https://council.example.gov/minutes?id=4411'],
  ['a similar study', 'https://research.example.edu/papers/commute-times'],
  ['the open data portal', 'https://data.example.org/datasets/ridership'],
];
const BOLD = ['really', 'not', 'every', 'three years', 'before the vote', 'twice', 'the same', 'free'];

/** mulberry32: small, fast and good enough for test data; the same seed gives the same stream. */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One paragraph of one to three sentences, some with a link or a bold word; with `plain`, the same
 * sentences without them (the same random draws, so the thread is otherwise the same).
 */
function paragraph(random, pick, plain) {
  const sentences = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    let clause = pick(CLAUSES);
    const decoration = random();
    if (plain) {
      // a link or a bold word would have been picked here
      if (decoration < 0.55) pick(decoration < 0.3 ? LINKS : BOLD);
    } else if (decoration < 0.3) {
      const [text, url] = pick(LINKS);
      clause += `, see [${text}](${url})`;
    } else if (decoration < 0.55) {
      const word = pick(BOLD);
      clause = clause.includes(` ${word} `) ? clause.replace(` ${word} `, ` **${word}** `) : `${clause}, **${word}**`;
    }
    sentences.push(i === 0 ? `${pick(OPENERS)} ${clause}.` : `${clause[0].toUpperCase()}${clause.slice(1)}.`);
  }
  if (random() < 0.3) sentences.push(pick(CLOSERS));
  return sentences.join(' ');
}

/** A skewed count: most comments get few reactions, a few get many. */
function reactionCount(random, scale) {
  const r = random();
  return Math.floor(scale * r * r * r);
}

/**
 * `size` comments of one thread in the `Comment` shape (src/model/comment.ts), oldest first:
 * 70% top-level, 30% replies nested up to three levels, bodies of one to three markdown paragraphs
 * with links and bold, author names, ISO dates and reaction counts. `replyCount` is exact.
 * `idPrefix` and `startAt` (epoch ms) let a second batch continue a thread after a first one.
 * With `plain`, every body is plain text (no links, no bold): the common case of real threads, in
 * the same thread otherwise.
 */
export function generateThread({ size, seed = 1, threadId = 'bench', idPrefix = 'c', startAt = THREAD_START, plain = false }) {
  const random = createRandom(seed ^ Math.imul(size, 0x9e3779b1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const topLevel = Math.round(size * TOP_LEVEL_SHARE);
  const authors = Array.from({ length: Math.max(8, Math.ceil(size / 6)) }, (_, i) => {
    const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    const author = { id: `u${i + 1}`, name };
    if (random() < 0.2) author.url = `https://${name.split(' ')[0].toLowerCase().replace(/[^a-z]/g, '')}.example.net/`;
    return author;
  });
  // Which slots are replies is decided up front so that replies interleave with top-level comments
  // in time, as in a real discussion, while the shares stay exact.
  const isReply = Array.from({ length: size }, (_, i) => i >= topLevel);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [isReply[i], isReply[j]] = [isReply[j], isReply[i]];
  }
  // The first comment of a thread is always top-level: a reply needs something to answer.
  if (isReply[0]) {
    const swap = isReply.indexOf(false);
    [isReply[0], isReply[swap]] = [isReply[swap], isReply[0]];
  }

  const comments = [];
  const depth = [];
  const openParents = [];
  let ms = startAt;
  for (let i = 0; i < size; i++) {
    ms += 20_000 + Math.floor(random() * random() * 3_600_000);
    let parentIndex = -1;
    if (isReply[i]) {
      // Recent comments attract most replies; older ones keep getting a few.
      const recent = Math.min(openParents.length, 40);
      const choice = random() < 0.75 ? openParents.length - 1 - Math.floor(random() * recent) : Math.floor(random() * openParents.length);
      parentIndex = openParents[choice];
    }
    const level = parentIndex < 0 ? 0 : depth[parentIndex] + 1;
    const paragraphs = 1 + Math.floor(random() * random() * 3.2);
    const body = Array.from({ length: Math.min(3, paragraphs) }, () => paragraph(random, pick, plain)).join('\n\n');
    const popularity = parentIndex < 0 ? 40 : 12;
    const comment = {
      id: `${idPrefix}${String(i + 1).padStart(6, '0')}`,
      threadId,
      parentId: parentIndex < 0 ? null : comments[parentIndex].id,
      author: { ...authors[Math.floor(random() * random() * authors.length)] },
      body,
      createdAt: new Date(ms).toISOString(),
      editedAt: random() < 0.05 ? new Date(ms + 120_000 + Math.floor(random() * 600_000)).toISOString() : null,
      status: 'published',
      reactions: { like: reactionCount(random, popularity), dislike: reactionCount(random, popularity / 4) },
      replyCount: 0,
    };
    comments.push(comment);
    depth.push(level);
    if (parentIndex >= 0) {
      const parent = comments[parentIndex];
      parent.replyCount += 1;
      if (parent.replyCount >= MAX_REPLIES_PER_COMMENT) openParents.splice(openParents.indexOf(parentIndex), 1);
    }
    if (level < MAX_REPLY_DEPTH) openParents.push(i);
  }
  return comments;
}

/** A short fingerprint of a generated thread, to check that Node and the browser built the same one. */
export function fingerprint(comments) {
  // (order matters: the same comments in another order are another thread)
  let hash = 0x811c9dc5;
  for (const comment of comments) {
    const text = `${comment.id}|${comment.parentId}|${comment.createdAt}|${comment.body.length}|${comment.reactions.like}`;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return `${comments.length}:${(hash >>> 0).toString(16)}`;
}
