/**
 * Small preferences the browser keeps for the reader (drafts, the name they comment under).
 *
 * localStorage can be missing (some embedded web views), blocked (privacy settings throw on
 * access), or full (writes throw). None of that may break a form: reads then find nothing and
 * writes are dropped.
 */

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The stored string, or null when there is none or storage is unavailable. */
export function readStored(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores `value`; an empty string removes the key. Returns whether the value was kept. */
export function writeStored(key: string, value: string): boolean {
  try {
    const store = storage();
    if (!store) return false;
    if (value === '') store.removeItem(key);
    else store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function removeStored(key: string): void {
  writeStored(key, '');
}
