/**
 * What people do in their browsers during the end-to-end tests of `tessera admin` and of work
 * accounts: create the organisation from the first-start link, confirm a device code, sign in
 * with password and TOTP or with a push approved elsewhere (reading the number off the page),
 * sign in with a Temporary Access Pass and add an authenticator app on `/me`, or confirm a
 * device code with a Temporary Access Pass alone.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { decodeBase32, generateTotp } from '@tessera/core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Debian Chromium, quiet on the network apart from the pages the tests open. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The second factor of a browser sign-in. */
export type SecondFactor =
  | { readonly totp: string; readonly offsetSteps: number }
  /** Called with the number the page shows; must get the push approved. */
  | { readonly push: (number: string) => Promise<void> };

/** A TOTP code `offsetSteps` steps from now (each code is accepted once, so later sign-ins use later steps). */
export function totp(secretBase32: string, offsetSteps = 0): string {
  return generateTotp({ secret: decodeBase32(secretBase32), timestamp: Date.now() + offsetSteps * 30_000 });
}

export async function submit(page: Page, label: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: label, exact: true }).click()]);
}

/** The device-flow prompt a `tessera work` or `tessera admin login` command printed on stderr. */
export function devicePrompt(stderr: string): { verificationUri: string; userCode: string; complete: string } {
  return {
    verificationUri: /[Tt]o sign in, open (\S+)/.exec(stderr)?.[1] ?? '',
    userCode: /enter the code (\S+)/.exec(stderr)?.[1] ?? '',
    complete: /\(or open (\S+) with the code filled in\)/.exec(stderr)?.[1] ?? '',
  };
}

/** First start: the one-time setup link creates the organisation and its first admin. */
export async function createOrganisation(page: Page, setupUrl: string, tenantName: string, admin: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(setupUrl);
  await page.fill('input[name=tenantName]', tenantName);
  await page.fill('input[name=displayName]', admin.name);
  await page.fill('input[name=email]', admin.email);
  await page.fill('input[name=password]', admin.password);
  await submit(page, 'Create organisation');
}

/** Adds an authenticator app on `/me` (the page has a session) and returns its setup key. */
export async function addAuthenticator(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/me/totp`);
  const secret = (await page.locator('code.secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.fill('input[name=code]', totp(secret));
  await submit(page, 'Add authenticator app');
  expect(page.url()).toContain('/me?notice=added');
  return secret;
}

/** Email + password, then the second factor; the page is left where the sign-in ends. */
export async function signIn(page: Page, who: { email: string; password: string }, factor: SecondFactor): Promise<void> {
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await submit(page, 'Continue');
  if ('totp' in factor) {
    await page.fill('input[name=code]', totp(factor.totp, factor.offsetSteps));
    await submit(page, 'Sign in');
    return;
  }
  await page.getByRole('heading', { name: 'Approve on your authenticator' }).waitFor();
  const number = (await page.locator('.push-number').textContent())?.trim() ?? '';
  expect(number).toMatch(/^\d\d$/);
  await factor.push(number);
}

/** Types the user code the command printed and allows the device; the page is left at the sign-in. */
export async function confirmDeviceCode(page: Page, stderr: string): Promise<void> {
  const prompt = devicePrompt(stderr);
  await page.goto(prompt.verificationUri);
  await page.fill('input[name=user_code]', prompt.userCode);
  await submit(page, 'Continue');
  await submit(page, 'Allow');
}

async function withDeviceCode(context: BrowserContext, stderr: string, signInStep: (page: Page) => Promise<void>): Promise<void> {
  const page = await context.newPage();
  try {
    await confirmDeviceCode(page, stderr);
    await signInStep(page);
    await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('Device connected');
  } finally {
    await page.close();
  }
}

/**
 * Confirms the device code in a fresh page of `context` and signs in (no `factor`: the context
 * already has a session); waits for "Device connected".
 */
export async function approveDeviceCode(context: BrowserContext, stderr: string, who: { email: string; password: string }, factor?: SecondFactor): Promise<void> {
  await withDeviceCode(context, stderr, (page) => (factor === undefined ? Promise.resolve() : signIn(page, who, factor)));
}

async function tapSignIn(page: Page, email: string, pass: string): Promise<void> {
  await page.fill('input[name=email]', email);
  await page.fill('input[name=pass]', pass);
  await submit(page, 'Sign in');
}

/** Confirms the device code in a fresh page of `context` with a Temporary Access Pass; waits for "Device connected". */
export async function approveDeviceCodeWithTap(context: BrowserContext, stderr: string, email: string, pass: string): Promise<void> {
  await withDeviceCode(context, stderr, async (page) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Sign in with a Temporary Access Pass' }).click()]);
    await tapSignIn(page, email, pass);
  });
}

/** Signs in with a Temporary Access Pass and adds an authenticator app; returns its secret. */
export async function tapAddAuthenticator(page: Page, base: string, email: string, pass: string): Promise<string> {
  await page.goto(`${base}/signin/tap`);
  await tapSignIn(page, email, pass);
  return addAuthenticator(page, base);
}
