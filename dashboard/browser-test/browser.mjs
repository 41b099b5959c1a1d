// The browser side of the browser tests: Debian's chromium driven by playwright-core, logged in through Keycloak's
// real login page, and the wait for a loaded dashboard. Each test file closes the browsers it opened (closeBrowsers).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { GATEWAY, REPO } from './stack.mjs';

const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS = resolve(REPO, 'dashboard/target/browser-test');
export const LAPTOP = { width: 1440, height: 900 };
export const WIDE = { width: 1920, height: 1080 };
export const DAY_MS = 86_400_000;

/** The dashboard's default window: the last 12 weeks up to the next UTC midnight, by week. */
export function defaultWindow() {
  const now = new Date();
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { from: iso(to - 84 * DAY_MS), to: iso(to), granularity: 'WEEK' };
}

const browsers = [];

/** A fresh chromium profile, logged in through Keycloak's real login page. */
export async function loginAs(username, viewport, path = '/dashboard') {
  const started = Date.now();
  const profile = await mkdtemp(join(tmpdir(), 'flowlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
  browsers.push({ context, profile });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[${username}'s browser] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`[${username}'s browser] uncaught: ${e.message}`));
  // what the Content-Security-Policy blocked on each page: nothing the dashboard needs may be among it
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(GATEWAY + path);
  await page.getByRole('button', { name: 'Sign in with Keycloak' }).click();
  await page.waitForURL(/\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(username);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.href.startsWith(`${GATEWAY}/dashboard/`) && !url.search.includes('code='));
  await page.locator('#user').filter({ hasText: username }).waitFor();
  console.log(`${username} logged in through Keycloak's login page in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return page;
}

/** Waits until the dashboard shows a loaded value stream (not loading, no error). */
export async function loaded(page) {
  const started = Date.now();
  await page.locator('.vsm .stage[data-stage]').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('main[aria-busy]') && !document.querySelector('.forecast-result[aria-busy]'));
  if (await page.locator('.error-box').count()) assert.fail(`the page shows an error: ${await page.locator('.error-box').textContent()}`);
  console.log(`dashboard loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Closes every browser this file opened and removes their profiles. */
export async function closeBrowsers() {
  for (const b of browsers.splice(0)) {
    await b.context.close().catch(() => {});
    await rm(b.profile, { recursive: true, force: true });
  }
}
