/**
 * Which Chromium the browser tests drive. The Debian package comes first because CI installs it
 * with apt (Playwright's own download needs a host other than the npm registry); Playwright's
 * browser is the fallback for machines that ran `npx playwright install chromium`.
 *
 * Order: $CHROMIUM_PATH, $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, /usr/bin/chromium, Playwright's.
 * Run directly (`node --import tsx scripts/find-chromium.ts`) it prints the path it would use.
 */

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

export const noChromiumMessage =
  "No Chromium found: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH";

export const debianChromiumPath = '/usr/bin/chromium';

function playwrightChromiumPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    // Playwright throws when it has no browser registry entry for this platform.
    return undefined;
  }
}

/** The first Chromium that exists; throws with `noChromiumMessage` when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  for (const variable of ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'] as const) {
    const value = env[variable];
    if (value) {
      // A path the user set on purpose must not be silently replaced by another browser.
      if (!existsSync(value)) throw new Error(`${variable}=${value} does not exist. ${noChromiumMessage}`);
      return value;
    }
  }
  const candidates = [debianChromiumPath, playwrightChromiumPath()];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found) throw new Error(noChromiumMessage);
  return found;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(findChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
