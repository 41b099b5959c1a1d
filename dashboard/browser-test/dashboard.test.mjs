// Browser test of the reference dashboard against a running stack (bin/flowlens test runs it
// against the e2e stack): Debian's chromium driven by playwright-core, real Keycloak login page.
//
//   FLOWLENS_GATEWAY_URL=http://localhost:18080 FLOWLENS_INGEST_URL=http://localhost:18081 npm run test:browser
//
// Screenshots: dashboard/target/browser-test/*.png
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DAY_MS, LAPTOP, SHOTS, WIDE, closeBrowsers, defaultWindow, loaded, loginAs } from './browser.mjs';
import { graphql, loadDemoData, postEvents, postEventsAnswer, servedSchema, until, userToken } from './stack.mjs';

const METRICS = `query($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    name
    flow(window: $window) { velocity load flowEfficiency flowTime { p50 p85 } velocitySeries { value } loadSeries { value } }
    stageMetrics(window: $window) { stage kind wip share time { p50 } isBottleneck }
    cumulativeFlow(window: $window) { day done stages { stage count } }
    agingWip { key atRisk }
    dora(window: $window) { deployments deploymentFrequency { value band } changeFailureRate { value band } leadTimeBand timeToRestoreBand }
    workItems { total }
  }
}`;

const tileValue = (page, metric) => page.locator(`[data-metric="${metric}"] .value`).getAttribute('data-value').then(Number);
const tileText = (page, metric) => page.locator(`[data-metric="${metric}"] .value`).textContent();
const chartData = (page, name, series = 0) => page.evaluate(([n, s]) => window.flowlensCharts[n].getOption().series[s].data, [name, series]);

/** Same numbers twice in a row, 3 s apart: metrics-service has consumed the events. */
async function settledMetrics(token, id) {
  let previous = '';
  return until(`metrics of ${id} settled`, async () => {
    const data = await graphql(token, METRICS, { id, window: defaultWindow() });
    const now = JSON.stringify(data);
    const settled = data.valueStream && data.valueStream.workItems.total > 0 && now === previous;
    previous = now;
    return settled ? data.valueStream : null;
  }, 120_000, 3000);
}

describe('reference dashboard', { timeout: 600_000 }, () => {
  let alice;
  let aliceToken;
  let expected;

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    console.log(loadDemoData());
    aliceToken = await userToken('alice');
    expected = await settledMetrics(aliceToken, 'payments');
  });

  after(closeBrowsers);

  test('alice logs in and sees the payments map, tiles and charts with the numbers of the API', async () => {
    // by its link: other streams visible to every viewer may come first in the list
    alice = await loginAs('alice', LAPTOP, '/dashboard/#stream=payments');
    await loaded(alice);
    assert.equal(await alice.locator('#stream').inputValue(), 'payments');
    assert.equal((await alice.locator('#stream option:checked').textContent()).trim(), expected.name);

    // value stream map: every stage in order, its WIP, median time, kind and the bottleneck
    const shown = await alice.locator('.vsm .stage[data-stage]:not(.done)').evaluateAll((els) => els.map((el) => ({
      stage: el.dataset.stage,
      wip: Number(el.querySelector('[data-field=wip]').textContent),
      median: el.querySelector('[data-field=median]').dataset.value,
      waiting: el.classList.contains('waiting'),
      bottleneck: el.classList.contains('bottleneck'),
    })));
    assert.deepEqual(shown, expected.stageMetrics.map((m) => ({
      stage: m.stage, wip: m.wip, median: m.time.p50 === null ? '' : String(m.time.p50), waiting: m.kind === 'WAITING', bottleneck: m.isBottleneck,
    })));
    const bottleneck = expected.stageMetrics.find((m) => m.isBottleneck);
    assert.ok(bottleneck, 'the demo history has finished items, so a bottleneck');
    assert.equal(await alice.locator('[data-field=bottleneck]').textContent(), bottleneck.stage);

    // flow tiles
    const flow = expected.flow;
    assert.equal(await tileText(alice, 'velocity'), String(flow.velocity));
    assert.equal(await tileText(alice, 'load'), String(flow.load));
    assert.equal(await tileValue(alice, 'flow-time-p50'), flow.flowTime.p50);
    assert.equal(await tileValue(alice, 'flow-time-p85'), flow.flowTime.p85);
    assert.equal(await tileValue(alice, 'efficiency'), flow.flowEfficiency);
    assert.ok(flow.velocity > 0 && flow.load > 0, 'the demo stream has finished and unfinished items');

    // charts: what ECharts draws is the API's series
    assert.deepEqual(await chartData(alice, 'velocity'), flow.velocitySeries.map((p) => p.value));
    assert.deepEqual(await chartData(alice, 'load'), flow.loadSeries.map((p) => p.value));
    assert.deepEqual(await chartData(alice, 'cfd', 0), expected.cumulativeFlow.map((d) => d.done));
    const lastStage = expected.stageMetrics.at(-1).stage;
    assert.deepEqual(await chartData(alice, 'cfd', 1), expected.cumulativeFlow.map((d) => d.stages.find((s) => s.stage === lastStage).count));
    const aging = await alice.evaluate(() => window.flowlensCharts.aging.getOption().series.map((s) => s.data.map((p) => p.name).sort()));
    assert.deepEqual(aging, [
      expected.agingWip.filter((i) => !i.atRisk).map((i) => i.key).sort(),
      expected.agingWip.filter((i) => i.atRisk).map((i) => i.key).sort(),
    ]);
    const atRisk = expected.agingWip.filter((i) => i.atRisk).length;
    assert.equal(Number(await alice.locator('[data-field=at-risk-count]').getAttribute('data-value')), atRisk);

    // DORA tiles with their bands
    const dora = expected.dora;
    assert.equal(await tileValue(alice, 'deployment-frequency'), dora.deploymentFrequency.value);
    assert.equal(await alice.locator('[data-metric=deployment-frequency] .band').getAttribute('data-band'), dora.deploymentFrequency.band);
    assert.equal(await tileValue(alice, 'change-failure-rate'), dora.changeFailureRate.value);
    assert.equal(await alice.locator('[data-metric=lead-time-for-changes] .band').getAttribute('data-band'), dora.leadTimeBand);

    // forecast for the items in progress: the API's answer for the same question
    const forecast = await graphql(aliceToken, 'query($id: ID!, $n: Int) { valueStream(id: $id) { forecast(input: { itemCount: $n, seed: 7 }) { points { confidence days } } } }',
      { id: 'payments', n: flow.load });
    const shownForecast = await alice.locator('.forecast-points li').evaluateAll((els) => els.map((el) => ({ confidence: Number(el.dataset.confidence), days: Number(el.dataset.days) })));
    assert.deepEqual(shownForecast, forecast.valueStream.forecast.points.map((p) => ({ confidence: p.confidence, days: p.days })));

    // keyboard: the skip link first, then the value stream picker; the stages take focus
    await alice.keyboard.press('Tab');
    assert.equal(await alice.evaluate(() => document.activeElement.className), 'skip-link');
    await alice.keyboard.press('Tab');
    assert.equal(await alice.evaluate(() => document.activeElement.id), 'stream');
    assert.equal(await alice.locator('.vsm .stage[tabindex="0"]').count(), expected.stageMetrics.length + 1);

    await alice.screenshot({ path: join(SHOTS, '1-alice-payments-laptop.png'), fullPage: true });
    await alice.setViewportSize(WIDE);
    await alice.waitForTimeout(500); // charts resize on the next frame; only the screenshot needs it
    await alice.screenshot({ path: join(SHOTS, '2-alice-payments-wide.png'), fullPage: true });
    await alice.setViewportSize(LAPTOP);
    assert.deepEqual(await alice.evaluate(() => window.__cspViolations), [], 'the dashboard runs under its policy');
  });

  test('new events change the tiles without a reload', async () => {
    assert.ok(alice, 'needs the logged-in page of the test before');
    await alice.evaluate(() => { window.__sameDocument = true; });
    const velocity = await tileValue(alice, 'velocity');
    const load = await tileValue(alice, 'load');
    const hasSubscription = /flowChanged/.test(await servedSchema(aliceToken));

    // one item started half an hour ago (load + 1), one finished five minutes ago (velocity + 1)
    const run = `browser-test-${Date.now()}`;
    const ago = (minutes) => new Date(Date.now() - minutes * 60_000).toISOString();
    const item = (n, status, created) => ({
      specversion: '1.0', id: `${run}:${n}:upserted`, source: 'jira/acme', type: 'workitem.upserted', time: ago(1), subject: `PAY-${run}-${n}`,
      data: { itemId: `jira:acme:${run}-${n}`, key: `PAY-${n}-${run.slice(-6)}`, title: `Browser test item ${n}`, itemType: 'feature', project: 'PAY', team: 'payments', status, createdAt: ago(created) },
    });
    const move = (n, step, from, to, minutes) => ({
      specversion: '1.0', id: `${run}:${n}:move:${step}`, source: 'jira/acme', type: 'workitem.transitioned', time: ago(minutes),
      data: { itemId: `jira:acme:${run}-${n}`, fromStatus: from, toStatus: to, at: ago(minutes) },
    });
    await postEvents([
      item(1, 'In Progress', 120), move(1, 1, 'To Do', 'In Progress', 30),
      item(2, 'Done', 180), move(2, 1, 'To Do', 'In Progress', 120), move(2, 2, 'In Progress', 'Done', 5),
    ]);

    await alice.waitForFunction(([v, l]) => {
      const value = (m) => Number(document.querySelector(`[data-metric="${m}"] .value`)?.dataset.value);
      return value('velocity') === v + 1 && value('load') === l + 1;
    }, [velocity, load], { timeout: 120_000, polling: 500 });
    assert.equal(await alice.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.equal(await tileText(alice, 'velocity'), String(velocity + 1));
    assert.equal(await tileText(alice, 'load'), String(load + 1));

    const source = await alice.locator('#updated').getAttribute('data-source');
    const live = await alice.locator('#live-status').getAttribute('data-state');
    const reason = await alice.locator('#live-status').getAttribute('title');
    console.log(`tiles changed by: ${source}; live status: ${live} (${reason}); gateway serves flowChanged: ${hasSubscription}`);
    if (hasSubscription) {
      assert.equal(live, 'live', `the gateway serves flowChanged, but the page is not subscribed: ${reason}`);
      assert.equal(source, 'push', 'the gateway serves flowChanged, so the change must arrive by push');
    } else {
      assert.equal(source, 'timer', 'without flowChanged the page refreshes on its timer');
    }
    await alice.locator('#velocity').scrollIntoViewIfNeeded();
    await alice.screenshot({ path: join(SHOTS, '3-alice-after-new-events.png'), fullPage: false });
  });

  test('olga does not see the payments stream, not even by its link', async () => {
    const olga = await loginAs('olga', LAPTOP, '/dashboard/#stream=payments');
    await loaded(olga);
    const names = await olga.locator('#stream option').allTextContents();
    assert.ok(names.includes('Ops platform'), `olga's streams: ${names}`);
    assert.ok(!names.includes('Payments delivery'), `olga's streams: ${names}`);
    assert.notEqual(await olga.locator('#stream').inputValue(), 'payments');
    assert.equal(await olga.getByText('Payments delivery').count(), 0);
    const api = await graphql(await userToken('olga'), '{ valueStreams { id } valueStream(id: "payments") { id } }');
    assert.ok(!api.valueStreams.some((s) => s.id === 'payments'));
    assert.equal(api.valueStream, null);
    await olga.screenshot({ path: join(SHOTS, '4-olga-ops.png'), fullPage: true });
  });

  // Issue 21: whoever holds the ingest role (or a connector's webhook secret) chooses keys, titles and links.
  test('script planted in event text runs nowhere: text shows as text, links are http(s) only', async () => {
    const run = `xss-${Date.now()}`;
    const KEY = `<img src=x onerror="window.__pwned=1">${run.slice(-4)}`;
    const TITLE = '<script>window.__pwned=2</script><b onmouseover="window.__pwned=3">bold?</b>';
    const URL = `https://acme.atlassian.net/browse/XSS-${run.slice(-4)}`;
    const ago = (days) => new Date(Date.now() - days * DAY_MS).toISOString();
    const upsert = (url) => ({
      specversion: '1.0', id: `${run}:upserted`, source: 'jira/acme', type: 'workitem.upserted', time: ago(0.01), subject: run,
      data: { itemId: `jira:acme:${run}`, key: KEY, title: TITLE, itemType: 'defect', project: 'PAY', team: 'payments',
        status: 'In Progress', createdAt: ago(400), url },
    });

    // the events API refuses a javascript: link outright, naming the field
    const refused = await postEventsAnswer([upsert('javascript:window.__pwned=4')]);
    assert.equal(refused.status, 400, refused.text);
    // a problem detail (RFC 9457) naming the field among its violations
    const violation = JSON.parse(refused.text).violations?.find((v) => v.field === 'events[0].data.url');
    assert.match(violation?.message ?? '', /^must be an absolute http or https URL/, refused.text);
    // the same item with an https link and markup in its key and title is accepted, as data; in progress for a year,
    // so the oldest dot of the aging chart and at risk
    await postEvents([upsert(URL), {
      specversion: '1.0', id: `${run}:move`, source: 'jira/acme', type: 'workitem.transitioned', time: ago(365),
      data: { itemId: `jira:acme:${run}`, fromStatus: 'To Do', toStatus: 'In Progress', at: ago(365) },
    }]);
    const adminToken = await userToken('admin');
    await until('the planted item in the aging list', async () =>
      (await graphql(adminToken, '{ valueStream(id: "payments") { agingWip { key } } }')).valueStream.agingWip.some((i) => i.key === KEY), 120_000, 2000);

    const admin = await loginAs('admin', LAPTOP, '/dashboard/#stream=payments');
    await loaded(admin);
    // where the planted dot is now, in the viewport, and the link it carries
    const findDot = () => until('the planted dot in the aging chart', () => admin.evaluate((key) => {
      const chart = window.flowlensCharts.aging;
      const series = chart.getOption().series;
      for (let s = 0; s < series.length; s++) {
        const point = series[s].data.find((p) => p.name === key);
        if (point) {
          const [x, y] = chart.convertToPixel({ seriesIndex: s }, point.value);
          const box = chart.getDom().getBoundingClientRect();
          return { x: box.left + x, y: box.top + y, url: point.url };
        }
      }
      return null;
    }, KEY), 30_000, 500);
    await admin.locator('#chart-aging').scrollIntoViewIfNeeded();
    let dot = await findDot();
    assert.equal(dot.url, URL);

    // hover: the tooltip shows the key and title as the literal text they are
    await admin.mouse.move(dot.x - 30, dot.y - 30);
    await admin.mouse.move(dot.x, dot.y, { steps: 5 });
    const tooltip = admin.locator('#chart-aging div').filter({ hasText: KEY }).last();
    await tooltip.waitFor({ timeout: 10_000 });
    const tip = await tooltip.textContent();
    assert.ok(tip.includes(KEY) && tip.includes(TITLE), `tooltip text: ${tip}`);
    await admin.screenshot({ path: join(SHOTS, '5-admin-planted-markup-tooltip.png'), fullPage: false });

    // the table and the at-risk list show them as text too, the key linking to the https URL only
    await admin.locator('#aging details summary').click();
    const row = admin.locator('#aging table tr').filter({ hasText: KEY });
    assert.equal(await row.locator('td').nth(1).textContent(), TITLE);
    assert.equal(await row.locator('a').getAttribute('href'), URL);
    assert.equal(await row.locator('a').getAttribute('rel'), 'noopener noreferrer');
    const listed = admin.locator('.at-risk li').filter({ hasText: KEY });
    assert.equal(await listed.locator('.title').textContent(), TITLE);

    // a click on the dot opens the https link, in a new tab
    await admin.evaluate(() => { window.__opened = []; window.open = (url) => { window.__opened.push(url); return null; }; });
    await admin.locator('#chart-aging').scrollIntoViewIfNeeded();
    dot = await findDot();
    await admin.mouse.click(dot.x, dot.y);
    assert.deepEqual(await admin.evaluate(() => window.__opened), [URL]);

    const dom = () => admin.evaluate(() => ({
      pwned: window.__pwned,
      injected: document.querySelectorAll('img[src="x"], main script, b[onmouseover]').length,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^(https?:\/\/|#)/.test(h)),
    }));
    assert.deepEqual(await dom(), { pwned: undefined, injected: 0, links: [] });

    // a link stored before the API checked (simulated here by rewriting the answer): not a link, not opened
    await admin.route('**/graphql', async (route) => {
      const answer = await route.fetch();
      const json = await answer.json();
      for (const w of json.data?.valueStream?.workItems?.items ?? []) if (w.key === KEY) w.url = 'javascript:window.__pwned=5';
      await route.fulfill({ response: answer, json });
    });
    await admin.locator('#refresh').click();
    await admin.waitForFunction(() => document.querySelector('#updated')?.dataset.source === 'manual');
    assert.equal(await admin.evaluate((key) => window.flowlensCharts.aging.getOption().series.flatMap((s) => s.data)
      .find((p) => p.name === key).url, KEY), 'javascript:window.__pwned=5', 'the rewritten answer reached the page');
    await admin.locator('#chart-aging').scrollIntoViewIfNeeded();
    dot = await findDot();
    await admin.mouse.move(dot.x - 30, dot.y - 30);
    await admin.mouse.move(dot.x, dot.y, { steps: 5 });
    await tooltip.waitFor({ timeout: 10_000 }); // the pointer is on the dot
    await admin.mouse.click(dot.x, dot.y);
    assert.deepEqual(await admin.evaluate(() => window.__opened), [URL], 'nothing more opened');
    assert.equal(await admin.locator('#aging table tr').filter({ hasText: KEY }).locator('a').count(), 0);
    assert.deepEqual(await dom(), { pwned: undefined, injected: 0, links: [] });
    assert.deepEqual(await admin.evaluate(() => window.__cspViolations), [], 'the dashboard runs under its policy');
    await admin.unroute('**/graphql');
  });
});
