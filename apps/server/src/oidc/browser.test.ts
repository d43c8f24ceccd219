import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { issueTap } from '../factors/index.js';
import { PASSWORD, totpNow, type SignInFixture } from '../signin/test-support/fixtures.js';
import { launchChromium } from './test-support/browser.js';
import { startDemoWorld, type DemoClient, type DemoWorld } from './test-support/demo-client.js';

async function passwordAndTotp(page: Page, f: SignInFixture): Promise<void> {
  await page.getByLabel('Email address').fill(f.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Code from your authenticator app').waitFor();
  f.ctx.advance(30_000);
  await page.getByLabel('Code from your authenticator app').fill(totpNow(f.ctx, f.totpSecret));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

forEachDialect('browser sign-in through a demo OIDC app', (get) => {
  let world: DemoWorld;
  let f: SignInFixture;
  let demo: DemoClient;
  let issuer: string;
  let serverUrl: string;

  beforeAll(async () => {
    world = await startDemoWorld(get());
    ({ f, demo, serverUrl } = world);
    issuer = `${serverUrl}/oidc`;
  });
  afterAll(async () => { await world.close(); });

  it('signs in to the demo app with password and TOTP; the app verifies the ID token', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(demo.url);
      await page.getByRole('link', { name: 'Sign in with Tessera' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      // Keyboard focus is visible: from the (autofocused) email field, Tab reaches the password field with an outline.
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document;
        const view = globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } };
        const style = view.getComputedStyle(doc.activeElement);
        return { id: doc.activeElement?.id, outline: style.outlineStyle, width: style.outlineWidth };
      });
      expect(focused.id).toBe('field-password');
      expect(focused.outline).not.toBe('none');
      expect(focused.width).not.toBe('0px');
      await passwordAndTotp(page, f);
      await page.locator('#who').waitFor();
      expect(await page.locator('#who').textContent()).toBe(`Signed in as ${f.email}`);
      expect(demo.signIns.at(-1)?.sub).toBe(f.userId);
      expect(browser.cspViolations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('signs in with a Temporary Access Pass, reaches the registration page and registers TOTP', async () => {
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(demo.url);
      await page.getByRole('link', { name: 'Sign in with Tessera' }).click();
      await page.getByRole('link', { name: 'Sign in with a Temporary Access Pass' }).click();
      await page.getByLabel('Email address').fill(f.email);
      await page.getByLabel('Temporary Access Pass').fill(pass);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Your sign-in methods' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/me');
      await page.getByRole('link', { name: 'Authenticator app' }).click();
      await page.getByRole('heading', { name: 'Add an authenticator app' }).waitFor();
      const qr = page.locator('img.qr');
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      // The element is an <img> in the page; the server compiles without DOM types, hence the cast.
      expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
      const secret = (await page.locator('code.secret').textContent()) ?? '';
      f.ctx.advance(30_000);
      await page.getByLabel('Name for this app (optional)').fill('Browser phone');
      await page.getByLabel('Code from the app').fill(totpNow(f.ctx, secret));
      await page.getByRole('button', { name: 'Add authenticator app' }).click();
      await page.getByText('Your sign-in method was added.').waitFor();
      expect(await page.getByText('Browser phone').count()).toBeGreaterThan(0);
      expect(browser.cspViolations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('completes the device authorization grant: the CLI starts it, the browser approves, the token calls the API', async () => {
    const started = await fetch(`${issuer}/device/auth`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client_id=tessera-cli&scope=openid%20offline_access' });
    const grant = (await started.json()) as { device_code: string; user_code: string; verification_uri: string; interval: number };
    const poll = async (): Promise<{ access_token?: string; error?: string }> => {
      const response = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: grant.device_code, client_id: 'tessera-cli' }) });
      return (await response.json()) as { access_token?: string; error?: string };
    };
    expect((await poll()).error).toBe('authorization_pending');

    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(grant.verification_uri);
      await page.getByLabel('Code shown on your device').fill(grant.user_code);
      await page.getByRole('button', { name: 'Continue' }).click();
      const confirm = page.getByRole('button', { name: 'Allow' });
      const signIn = page.getByLabel('Password');
      await confirm.or(signIn).first().waitFor();
      if (await confirm.isVisible()) await confirm.click();
      await passwordAndTotp(page, f);
      await page.getByRole('heading', { name: 'Confirm the device' }).or(page.getByRole('heading', { name: 'Device connected' })).first().waitFor();
      if (await page.getByRole('button', { name: 'Allow' }).isVisible()) await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      expect(browser.cspViolations).toEqual([]);
    } finally {
      await browser.close();
    }

    let tokens = await poll();
    for (let i = 0; i < 5 && tokens.error === 'slow_down'; i++) {
      await new Promise((resolve) => setTimeout(resolve, grant.interval * 1000));
      tokens = await poll();
    }
    expect(tokens.access_token).toBeDefined();
    const methods = await fetch(`${serverUrl}/api/me/methods`, { headers: { authorization: `Bearer ${tokens.access_token ?? ''}` } });
    expect(methods.status).toBe(200);
    const listed = (await methods.json()) as { methods: unknown[] };
    expect(listed.methods.length).toBeGreaterThan(0);
  });
});
