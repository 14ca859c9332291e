// Sample discussion of the demo article: seeded into the server's database on its first start and
// into localStorage on a reader's first visit of the local-only variant (index.html?adapter=local).
export const DEMO_THREAD_ID = 'eastside-library-reopens';

export const seedComments = [
  {
    "id": "seed-1",
    "threadId": "eastside-library-reopens",
    "parentId": null,
    "author": { "name": "Mirela from Tanner Street" },
    "body": "Went on opening day with a lamp that had been dead for two years. Ten minutes with a volunteer and it was a **loose terminal**. I'm bringing the toaster next.",
    "createdAt": "2026-11-26T10:12:00Z",
    "status": "published",
    "reactions": { "like": 14, "dislike": 0 },
    "replyCount": 2
  },
  {
    "id": "seed-2",
    "threadId": "eastside-library-reopens",
    "parentId": "seed-1",
    "author": { "name": "Jonas Berg" },
    "body": "Same here: they fixed the zip on my daughter's winter coat. Do they need more volunteers? I can sew.",
    "createdAt": "2026-11-26T11:40:00Z",
    "status": "published",
    "reactions": { "like": 5 },
    "replyCount": 1
  },
  {
    "id": "seed-3",
    "threadId": "eastside-library-reopens",
    "parentId": "seed-2",
    "author": { "name": "Eastside Library", "url": "https://library.example.org/eastside" },
    "body": "We do! There is a sign-up sheet at the front desk, or write to volunteers@library.example.org. Thursday evenings are the busiest.",
    "createdAt": "2026-11-26T13:05:00Z",
    "status": "published",
    "reactions": { "like": 9 },
    "replyCount": 0
  },
  {
    "id": "seed-4",
    "threadId": "eastside-library-reopens",
    "parentId": "seed-1",
    "author": { "name": "Priya N." },
    "body": "Is there a limit on how many items you can bring per visit?",
    "createdAt": "2026-11-26T12:02:00Z",
    "status": "published",
    "reactions": {},
    "replyCount": 0
  },
  {
    "id": "seed-5",
    "threadId": "eastside-library-reopens",
    "parentId": null,
    "author": { "name": "Council watcher" },
    "body": "Glad it's open, but *400,000 over budget* deserves more than one sentence. The maintenance reserve is meant for emergencies across all eleven branches. Which repairs were postponed to cover this?",
    "createdAt": "2026-11-26T14:30:00Z",
    "status": "published",
    "reactions": { "like": 11, "dislike": 3 },
    "replyCount": 0
  },
  {
    "id": "seed-6",
    "threadId": "eastside-library-reopens",
    "parentId": null,
    "author": { "name": "Samira K." },
    "body": "The late hours are the real news for me. I finish my shift at eight and have never been able to use a library on a weekday.\n\n> doors open until 10 p.m.\n\nThank you to whoever filled in that survey.",
    "createdAt": "2026-11-27T07:55:00Z",
    "status": "published",
    "reactions": { "like": 7 },
    "replyCount": 0
  }
];
