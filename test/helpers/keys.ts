import { sendKeys } from '@web/test-runner-commands';

/**
 * Presses a key with modifiers held, as a person does: `press('Control+Enter')`. The test runner's
 * Chromium launcher (puppeteer) knows single keys only, so the modifiers go down and up around it.
 */
export async function press(combo: string): Promise<void> {
  const keys = combo.split('+');
  const key = keys.pop()!;
  for (const modifier of keys) await sendKeys({ down: modifier });
  try {
    await sendKeys({ press: key });
  } finally {
    for (const modifier of keys.reverse()) await sendKeys({ up: modifier });
  }
}
