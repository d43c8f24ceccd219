/**
 * What people do in their browsers during the work-account end-to-end tests: confirm a device
 * code, sign in with password and TOTP or with a push approved elsewhere (reading the number off
 * the page), sign in with a Temporary Access Pass and add an authenticator app on `/me`, or
 * confirm a device code with a Temporary Access Pass alone.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { decodeBase32, generateTotp } from '@tessera/core';

/** The second factor of a browser sign-in. */
export type SecondFactor =
  | { readonly totp: string; readonly offsetSteps: number }
  /** Called with the number the page shows; must get the push approved. */
  | { readonly push: (number: string) => Promise<void> };

/** A TOTP code `offsetSteps` steps from now (each code is accepted once). */
export function totp(secretBase32: string, offsetSteps = 0): string {
  return generateTotp({ secret: decodeBase32(secretBase32), timestamp: Date.now() + offsetSteps * 30_000 });
}

export async function submit(page: Page, label: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: label, exact: true }).click()]);
}

/** The device-flow prompt a `tessera work` command printed on stderr. */
export function devicePrompt(stderr: string): { verificationUri: string; userCode: string } {
  return { verificationUri: /[Tt]o sign in, open (\S+)/.exec(stderr)?.[1] ?? '', userCode: /enter the code (\S+)/.exec(stderr)?.[1] ?? '' };
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

/** Confirms the device code in a fresh page of `context` and signs in; waits for "Device connected". */
export async function approveDeviceCode(context: BrowserContext, stderr: string, who: { email: string; password: string }, factor: SecondFactor): Promise<void> {
  const prompt = devicePrompt(stderr);
  const page = await context.newPage();
  try {
    await page.goto(prompt.verificationUri);
    await page.fill('input[name=user_code]', prompt.userCode);
    await submit(page, 'Continue');
    await submit(page, 'Allow');
    await signIn(page, who, factor);
    await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('Device connected');
  } finally {
    await page.close();
  }
}

/** Confirms the device code in a fresh page of `context` with a Temporary Access Pass; waits for "Device connected". */
export async function approveDeviceCodeWithTap(context: BrowserContext, stderr: string, email: string, pass: string): Promise<void> {
  const prompt = devicePrompt(stderr);
  const page = await context.newPage();
  try {
    await page.goto(prompt.verificationUri);
    await page.fill('input[name=user_code]', prompt.userCode);
    await submit(page, 'Continue');
    await submit(page, 'Allow');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Sign in with a Temporary Access Pass' }).click()]);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=pass]', pass);
    await submit(page, 'Sign in');
    await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('Device connected');
  } finally {
    await page.close();
  }
}

/** Signs in with a Temporary Access Pass and adds an authenticator app; returns its secret. */
export async function tapAddAuthenticator(page: Page, base: string, email: string, pass: string): Promise<string> {
  await page.goto(`${base}/signin/tap`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=pass]', pass);
  await submit(page, 'Sign in');
  await page.goto(`${base}/me/totp`);
  const secret = (await page.locator('code.secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.fill('input[name=code]', totp(secret));
  await submit(page, 'Add authenticator app');
  expect(page.url()).toContain('/me?notice=added');
  return secret;
}
