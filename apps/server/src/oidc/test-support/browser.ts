/**
 * Chromium for the browser tests: the system's `/usr/bin/chromium` driven by playwright-core,
 * headless, with a fresh profile per launch (removed on close) and every Content Security Policy
 * violation the pages log collected, so a test can assert there were none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A launched browser with its own profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Console messages about Content Security Policy violations, oldest first. */
  readonly cspViolations: string[];
  close(): Promise<void>;
}

/** Launches Chromium on a fresh profile (Playwright passes the folder as --user-data-dir). */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  const cspViolations: string[] = [];
  context.on('console', (message) => { if (message.text().includes('Content Security Policy')) cspViolations.push(message.text()); });
  return { context, cspViolations, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}
