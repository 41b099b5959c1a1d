// Browser test of the dashboard's admin page (#admin, issue 24) against a running stack (bin/flowlens test runs it
// against the e2e stack, whose ingest-service may reach loopback): a local GitLab answering from the recorded
// responses of ingest-service's pull tests (recordedGitlab.mjs), connectors created through GraphQL pointing at it,
// the Test button's checks, a sync watched while it runs (phase, counts, the rate-limit wait and its end, pushed by
// the syncProgress subscription) and the history of the finished run.
//
// Screenshots: dashboard/target/browser-test/admin-*.png
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LAPTOP, SHOTS, closeBrowsers, loginAs } from './browser.mjs';
import { PROJECT, TOKEN, pages, startRecordedGitlab } from './recordedGitlab.mjs';
import { graphql, until, userToken } from './stack.mjs';

/** How far ahead of the first issues page the recorded GitLab says its quota resets: the sync waits that long. */
const RATE_LIMIT_SECONDS = 15;
const HIDDEN = 'gitlab-data/finance-private';

const SAVE = `mutation Save($input: ConnectorInput!) { saveConnector(input: $input) { id } }`;
const RUNS = `query Runs($id: ID!) { syncRuns(connectorId: $id, first: 5) { total items { id status trigger startedAt finishedAt pages items events requests rateLimitWaits error } } }`;

describe('admin page', { timeout: 300_000 }, () => {
  let gitlab;
  /** a second recorded GitLab for the connector whose project the token cannot see: gitlab's requests are the sync's */
  let otherGitlab;
  let adminToken;
  let recorded;
  let hidden;
  let page;
  /** the WebSocket frames the page sent and received */
  const sent = [];
  const received = [];

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    gitlab = await startRecordedGitlab({ rateLimitSeconds: RATE_LIMIT_SECONDS });
    // the first sync of the recorded connector waits: a manual one, or the schedule's if it comes first (ingest-service
    // syncs every connector 30 s after its start and every 15 minutes; a scheduled sync while one runs is skipped)
    gitlab.spendQuota();
    otherGitlab = await startRecordedGitlab();
    adminToken = await userToken('admin');
    const save = async (name, server, selector) => (await graphql(adminToken, SAVE, {
      input: { kind: 'GITLAB', name, baseUrl: server.url, selector, token: TOKEN },
    })).saveConnector.id;
    recorded = await save('snowflake_spend (recorded GitLab)', gitlab, PROJECT);
    hidden = await save('finance (a project the token cannot see)', otherGitlab, HIDDEN);

    // the admin logs in through Keycloak's login page and lands on the dashboard
    page = await loginAs('admin', LAPTOP);
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(String(f.payload)));
      ws.on('framereceived', (f) => received.push(String(f.payload)));
    });
  });

  after(async () => {
    await closeBrowsers();
    await gitlab?.close();
    await otherGitlab?.close();
  });

  const card = (id) => page.locator(`article.connector[data-id="${id}"]`);

  test('the header links admins to the admin page, which lists the connectors', async () => {
    await page.locator('#to-admin').click();
    await page.waitForURL(/#admin$/);
    await card(recorded).waitFor();
    assert.equal(await card(recorded).locator('h3').textContent(), 'snowflake_spend (recorded GitLab) (GITLAB)');
    assert.equal(await card(recorded).locator('.last-sync').textContent(), 'Never synced');
    assert.equal(await card(hidden).locator('.connector-source').textContent(), `${otherGitlab.url} — ${HIDDEN}`);
  });

  test('Test shows each check with what GitLab answered', async () => {
    await card(recorded).getByRole('button', { name: 'Test' }).click();
    const passed = card(recorded).locator('.connector-test li');
    await card(recorded).locator('.connector-test.ok').waitFor({ timeout: 30_000 });
    assert.deepEqual(await passed.allTextContents(), [
      '✓ address', `✓ credentials: accepted for ${gitlab.user.username}`, `✓ selector ${PROJECT}: readable`]);

    await card(hidden).getByRole('button', { name: 'Test' }).click();
    await card(hidden).locator('.connector-test.failed').waitFor({ timeout: 30_000 });
    const failed = await card(hidden).locator('.connector-test li').evaluateAll((els) => els.map((el) => [el.dataset.ok, el.textContent]));
    assert.deepEqual(failed.slice(0, 2), [['true', '✓ address'], ['true', `✓ credentials: accepted for ${gitlab.user.username}`]]);
    assert.equal(failed[2][0], 'false');
    assert.match(failed[2][1], new RegExp(`^✗ selector ${HIDDEN}: GET /api/v4/projects/gitlab-data%2Ffinance-private/issues answered 404 .*: 404 Project Not Found$`));
    await page.screenshot({ path: join(SHOTS, 'admin-test.png'), fullPage: true });
  });

  test('a sync shows its phase, counts and rate-limit wait while it runs, pushed by syncProgress, then its history', async () => {
    // (a scheduled sync may have started it first: the button then answers CONFLICT and the page shows that run)
    await card(recorded).getByRole('button', { name: 'Sync now' }).click();

    // while GitLab's quota is spent after the first issues page: the phase with GitLab's total, the wait and its end
    const wait = card(recorded).locator('.sync-progress .sync-wait');
    await wait.waitFor({ timeout: 20_000 });
    const waitEnd = await wait.getAttribute('data-until');
    assert.equal(Date.parse(waitEnd), Date.parse(gitlab.waitUntil()), 'the wait ends when GitLab said its quota resets');
    assert.match(await wait.textContent(), /^Waiting for the rate limit until .*: GET \/api\/v4\/projects\/gitlab-data%2Fsnowflake_spend\/issues answered 200 \(RateLimit-Remaining: 0, RateLimit-Reset: \d+\)$/);
    const progress = card(recorded).locator('.sync-progress');
    const runId = await progress.getAttribute('data-run');
    assert.equal(await progress.locator('.sync-phase').textContent(), `Reading issues of ${PROJECT}: 0 of ${gitlab.listings.issues.length} objects`);
    assert.equal(await progress.locator('progress.sync-bar').evaluate((bar) => bar.max), gitlab.listings.issues.length);
    assert.equal(await progress.locator('.sync-counts').textContent(), '0 pages, 0 objects, 0 events, 1 requests, 0 rate-limit waits');
    // pushed: the page subscribed to this connector's progress, and the wait came in a pushed result
    await card(recorded).locator('.sync-live[data-state="live"]').waitFor({ timeout: 10_000 });
    assert.ok(sent.some((f) => f.includes('"subscribe"') && f.includes('syncProgress') && f.includes(recorded)), 'a syncProgress subscription was sent');
    await until('the wait pushed by syncProgress', () => received.some((f) => f.includes('"next"') && f.includes('"rateLimitWait":{')), 10_000, 200);
    await page.screenshot({ path: join(SHOTS, 'admin-running.png'), fullPage: true });
    console.log(`sync waiting until ${waitEnd}, shown while it runs`);

    // the finished run in the history: the recorded pages and objects, the one wait (a scheduled run of the connector
    // may follow it, newer in the history)
    const row = card(recorded).locator(`.sync-history tbody tr[data-run="${runId}"]`);
    await card(recorded).locator(`.sync-history tbody tr[data-run="${runId}"][data-status="SUCCEEDED"]`).waitFor({ timeout: 120_000 });
    const lists = gitlab.listings;
    const expectedPages = pages(lists.issues.length) + pages(lists.merge_requests.length) + pages(lists.deployments.length)
      + pages(lists.pipelines.length);
    const expectedObjects = lists.issues.length + lists.merge_requests.length + lists.deployments.length + lists.pipelines.length;
    const cell = (field) => row.locator(`[data-field="${field}"]`).textContent().then(Number);
    assert.equal(await cell('pages'), expectedPages);
    assert.equal(await cell('items'), expectedObjects);
    assert.equal(await cell('rateLimitWaits'), 1);
    assert.ok(await cell('events') > 0, 'the recorded objects became events');
    assert.equal(await card(recorded).locator(`.sync-progress[data-run="${runId}"]`).count(), 0, 'no progress bar once the run ended');
    // the same run through the API: every request of the sync that the recorded GitLab answered while it ran
    const run = (await graphql(adminToken, RUNS, { id: recorded })).syncRuns.items.find((r) => r.id === runId);
    assert.ok(run, `run ${runId} in syncRuns`);
    assert.equal(run.events, await cell('events'));
    const synced = gitlab.requests.filter((r) => r.at >= Date.parse(run.startedAt) && r.at <= Date.parse(run.finishedAt));
    assert.equal(run.requests, synced.length, `the recorded GitLab answered ${JSON.stringify(synced)}`);
    await page.screenshot({ path: join(SHOTS, 'admin-history.png'), fullPage: true });
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'the Content-Security-Policy blocked nothing the admin page needs');
    console.log(`finished run (${run.trigger}): ${run.pages} pages, ${run.items} objects, ${run.events} events, ${run.requests} requests, ${run.rateLimitWaits} wait`);
  });
});
