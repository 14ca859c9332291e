// Debian's Chromium, as every test and benchmark here launches it: the system binary (never a
// downloaded one; CHROME_PATH overrides), headless as root, and without the background networking
// that would keep dialing hosts a closed network refuses.
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/lib/chromium/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
