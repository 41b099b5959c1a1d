// Browser test of the dashboard's panels of issues 25 and 27 against a running stack (bin/flowlens test runs it
// against the e2e stack): the value stream map on past Done (release queue, to production), WIP limits on the map,
// the cycle-time scatterplot with its percentile and SLE lines, the items in progress against the SLE, the alert list
// (live through alertRaised) and the drill-down from numbers to the items behind them.
//
// It makes its own value stream ("Panels test <run>", visible to the payments group, so to alice) over a project of
// its own, with an SLE and WIP limits, and posts its history to ingest-service: eight items finished in the last four
// weeks (two outside the SLE), one of them shipped by a deployment after it was done, one done with a merged change
// that no deployment shipped yet (the release queue), and five in progress, three of them in a stage whose limit is 2.
// Every number the page shows is compared with what the GraphQL API answers for the same window.
//
// Screenshots: dashboard/target/browser-test/panels-*.png
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DAY_MS, LAPTOP, SHOTS, closeBrowsers, defaultWindow, loaded, loginAs } from './browser.mjs';
import { graphql, postEvents, until, userToken } from './stack.mjs';

const RUN = Date.now().toString(36).toUpperCase();
const STREAM = `panels-${RUN.toLowerCase()}`;
const PROJECT = `PNL${RUN}`;
const REPOSITORY = `acme/panels-${RUN.toLowerCase()}`;
const SERVICE = `panels-api-${RUN.toLowerCase()}`;
// every instant of the history is a whole minute before the test starts
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const ago = (days) => new Date(BASE - Math.round(days * DAY_MS)).toISOString();
const key = (name) => `${PROJECT}-${name}`;
const itemId = (name) => `jira:acme:${key(name)}`;
const url = (name) => `https://acme.atlassian.net/browse/${key(name)}`;

const STREAM_INPUT = {
  id: STREAM,
  name: `Panels test ${RUN}`,
  stages: [
    { name: 'Ready', kind: 'WAITING', statuses: ['Ready'], wipLimit: 5 },
    { name: 'Build', kind: 'ACTIVE', statuses: ['In Progress'], wipLimit: 2 },
    { name: 'Review', kind: 'WAITING', statuses: ['In Review'], wipLimit: 1 },
  ],
  doneStatuses: ['Done'],
  productionEnvironments: ['production'],
  scope: { projects: [PROJECT], repositories: [REPOSITORY], services: [SERVICE] },
  sle: { days: 10, percentile: 85 },
  visibleToGroups: ['payments'],
};

function event(id, source, type, time, data, subject) {
  return { specversion: '1.0', id: `${RUN}:${id}`, source, type, time, subject, datacontenttype: 'application/json', data };
}

/** An item created `created` days ago in To Do, then moved through `moves` ([status, days ago]). */
function item(name, created, moves, status) {
  const events = [event(`${name}:upserted`, 'jira/acme', 'workitem.upserted', ago(moves.length ? moves.at(-1)[1] : created), {
    itemId: itemId(name), key: key(name), title: `Panels item ${name}: <b>not bold</b>`, itemType: name.startsWith('D') ? 'defect' : 'feature',
    project: PROJECT, team: 'payments', status, createdAt: ago(created), url: url(name),
  }, key(name))];
  let from = 'To Do';
  moves.forEach(([to, days], i) => {
    events.push(event(`${name}:move:${i}`, 'jira/acme', 'workitem.transitioned', ago(days), { itemId: itemId(name), fromStatus: from, toStatus: to, at: ago(days) }));
    from = to;
  });
  return events;
}

const finished = (name, start, end) => item(name, 40, [['In Progress', start], ['Done', end]], 'Done');
const sha = (name) => `${RUN.toLowerCase()}${name}`.padEnd(40, '0').slice(0, 40);
const change = (name, itemName, merged) => event(`${name}:merged`, 'github/acme', 'change.merged', ago(merged), {
  changeId: `github:${REPOSITORY}#${name}`, repository: REPOSITORY, title: `Change for ${key(itemName)}`, author: 'amara',
  createdAt: ago(merged + 1), firstCommitAt: ago(merged + 1.5), mergedAt: ago(merged), mergeCommitSha: sha(name), workItemKeys: [key(itemName)],
}, `github:${REPOSITORY}#${name}`);
const DEPLOYMENT = `github-actions:${SERVICE}:deploy:1`;

const HISTORY = [
  // finished in the last four weeks: flow times 2, 4, 6, 8, 12 and 15 days (SLE 10 days: the last two outside)
  ...finished('F1', 25, 23), ...finished('F2', 20, 16), ...finished('F3', 18, 12),
  ...finished('F4', 17, 9), ...finished('F5', 20, 8), ...finished('F6', 21, 6),
  // D1: done 5 days ago, its change merged 3 days ago and deployed 2 days ago: delivered, done to production 3 days
  ...finished('D1', 10, 5), change('1', 'D1', 3),
  event('deploy:1', 'github-actions/acme', 'deployment.finished', ago(2), {
    deploymentId: DEPLOYMENT, service: SERVICE, environment: 'production', status: 'success',
    startedAt: ago(2.01), finishedAt: ago(2), commitShas: [sha('1')],
  }, SERVICE),
  // D2: done 4 days ago, its change merged a day ago, not deployed: the release queue
  ...finished('D2', 9, 4), change('2', 'D2', 1),
  // in progress: W1 in Build for 20 days (past the SLE), W2 and W3 join it (3 > Build's limit of 2), W4 ready, W5 in review
  ...item('W1', 30, [['In Progress', 20]], 'In Progress'),
  ...item('W2', 5, [['In Progress', 3]], 'In Progress'),
  ...item('W3', 4, [['In Progress', 2]], 'In Progress'),
  ...item('W4', 2, [['Ready', 1]], 'Ready'),
  ...item('W5', 3, [['In Progress', 2.5], ['In Review', 1]], 'In Review'),
];

const STATS = '{ count p50 p85 p95 }';
const EXPECTED = `query($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    sle { days percentile }
    stages { name wipLimit }
    flow(window: $window) { velocity load sleAttainment flowTime ${STATS} velocitySeries { start end value } loadSeries { start end value } }
    stageMetrics(window: $window) { stage wip }
    agingWip { itemId key stage sleBreached }
    finishedItems(window: $window) { itemId key flowEnd flowTimeSeconds withinSle }
    alerts(window: $window) { id kind stage itemId since until }
    toProduction(window: $window) { delivered releaseQueue ideaToProduction ${STATS} doneToProduction ${STATS} }
    deploymentsList(window: $window) { deploymentId failed }
    delivery(window: $window) { merged deployTime { count } }
    changesList(window: $window) { changeId codingSeconds deploySeconds }
    workItems(first: 500) { total items { id key title url flowEnd deliveredAt changeIds } }
  }
}`;

const sorted = (list) => [...list].sort();
const dialogKeys = (page) => page.locator('#drill .drill-items tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.key).sort());

/** Opens a drill-down with `open` and waits for its list; the keys it lists. */
async function drill(page, open) {
  await open();
  const dialog = page.locator('dialog#drill[open]');
  await dialog.waitFor();
  await page.waitForFunction(() => !document.querySelector('#drill .drill-body[aria-busy]'));
  const error = page.locator('#drill .notice.error');
  if (await error.count()) assert.fail(`the drill-down shows an error: ${await error.textContent()}`);
  return dialogKeys(page);
}

async function closeDrill(page) {
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog#drill')?.open);
}

describe('dashboard panels: to production, WIP limits, cycle time, SLE, alerts, drill-down', { timeout: 600_000 }, () => {
  let alice;
  let token;
  let expected;

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    const admin = await userToken('admin');
    const saved = await graphql(admin, 'mutation($input: ValueStreamInput!) { saveValueStream(input: $input) { id } }', { input: STREAM_INPUT });
    assert.equal(saved.saveValueStream.id, STREAM);
    await postEvents(HISTORY);
    console.log(`stream ${STREAM}: ${HISTORY.length} events posted`);
    token = await userToken('alice');
    let previous = '';
    // settled: the whole history is in (5 in progress, 8 finished, 1 delivered, 1 in the release queue), twice the same
    expected = await until(`the history of ${STREAM} in the metrics`, async () => {
      const vs = (await graphql(token, EXPECTED, { id: STREAM, window: defaultWindow() })).valueStream;
      const now = JSON.stringify(vs);
      const done = vs && vs.agingWip.length === 5 && vs.finishedItems.length === 8 && vs.toProduction.delivered === 1
        && vs.toProduction.releaseQueue === 1 && now === previous;
      previous = now;
      return done ? vs : null;
    }, 120_000, 2000);
  });

  after(closeBrowsers);

  test('the map goes on past Done, marks the stage over its WIP limit, and the panels show the API’s numbers', async () => {
    alice = await loginAs('alice', LAPTOP, `/dashboard/#stream=${STREAM}`);
    await loaded(alice);
    assert.equal(await alice.locator('#stream').inputValue(), STREAM);

    // WIP limits: every stage shows its WIP and limit; the one over it (Build: 3 > 2) is marked, in words too
    const limits = new Map(expected.stages.map((s) => [s.name, s.wipLimit]));
    const shown = await alice.locator('.vsm .stage[data-stage]:not(.done)').evaluateAll((els) => els.map((el) => ({
      stage: el.dataset.stage,
      wip: Number(el.querySelector('[data-field=wip]').dataset.value),
      limit: el.querySelector('[data-field=wip-limit]').dataset.value,
      over: el.dataset.overLimit === 'true' && el.classList.contains('over-limit'),
      note: el.querySelector('.over-limit-note')?.textContent ?? null,
      label: el.getAttribute('aria-label'),
    })));
    assert.deepEqual(shown.map(({ stage, wip, limit, over }) => ({ stage, wip, limit, over })), expected.stageMetrics.map((m) => ({
      stage: m.stage, wip: m.wip, limit: String(limits.get(m.stage) ?? ''), over: limits.get(m.stage) !== null && m.wip > limits.get(m.stage),
    })));
    const build = shown.find((s) => s.stage === 'Build');
    assert.deepEqual([build.wip, build.over, build.note], [3, true, '⚠ Over its WIP limit: 3 > 2']);
    assert.match(build.label, /over its WIP limit of 2/);
    assert.deepEqual(shown.filter((s) => s.over).map((s) => s.stage), ['Build'], 'only Build is over its limit');

    // past Done: the release queue and to production, as toProduction(window) says
    const p = expected.toProduction;
    const step = (field) => alice.locator(`.vsm .after-done [data-field="${field}"]`);
    await alice.waitForFunction(() => document.querySelector('.vsm .after-done [data-field="release-queue"]')?.dataset.value !== undefined);
    assert.equal(await step('release-queue').getAttribute('data-value'), String(p.releaseQueue));
    assert.equal(await step('release-queue').textContent(), String(p.releaseQueue));
    assert.equal(await step('delivered').getAttribute('data-value'), String(p.delivered));
    assert.equal(Number(await step('done-to-production').getAttribute('data-value')), p.doneToProduction.p50);
    assert.equal(Number(await step('idea-to-production').getAttribute('data-value')), p.ideaToProduction.p50);
    assert.equal(p.doneToProduction.p50, 3 * 86_400, 'D1 was done 5 days ago and shipped 2 days ago');
    assert.equal(p.ideaToProduction.p50, 38 * 86_400, 'D1 was created 40 days ago and shipped 2 days ago');
    assert.equal(await alice.locator('#delivery [data-metric="release-queue"] .value').getAttribute('data-value'), String(p.releaseQueue));

    // the cycle-time scatterplot: a dot per finished item, the API's percentile lines and the SLE line
    await alice.locator('#chart-cycle-time').waitFor();
    const scatter = await alice.evaluate(() => {
      const series = window.flowlensCharts['cycle-time'].getOption().series;
      return { dots: series.map((s) => s.data.map((d) => d.name).sort()), lines: series[0].markLine.data.map((l) => [l.name, l.yAxis]) };
    });
    assert.deepEqual(scatter.dots, [
      sorted(expected.finishedItems.filter((i) => i.withinSle !== false).map((i) => i.key)),
      sorted(expected.finishedItems.filter((i) => i.withinSle === false).map((i) => i.key)),
    ]);
    assert.deepEqual(scatter.dots[1], [key('F5'), key('F6')], '12 and 15 days are outside the 10-day SLE');
    const t = expected.flow.flowTime;
    assert.deepEqual(scatter.lines, [
      ['50th percentile', t.p50 / 86_400], ['85th percentile', t.p85 / 86_400], ['95th percentile', t.p95 / 86_400],
      [`SLE ${expected.sle.percentile}% within ${expected.sle.days} d`, expected.sle.days],
    ]);
    assert.equal(Number(await alice.locator('[data-field=sle-attainment]').getAttribute('data-value')), expected.flow.sleAttainment);
    assert.equal(expected.flow.sleAttainment, 6 / 8);

    // items in progress against the SLE: the breached ones marked by class and by a sign in their text
    const dots = await alice.locator('.aging-dots .dot').evaluateAll((els) => els.map((el) => ({
      key: el.dataset.key, breached: el.dataset.breached === 'true' && el.classList.contains('breached') && el.textContent.startsWith('⚠'),
    })));
    assert.deepEqual(dots.filter((d) => d.breached).map((d) => d.key), expected.agingWip.filter((i) => i.sleBreached).map((i) => i.key));
    assert.deepEqual(expected.agingWip.filter((i) => i.sleBreached).map((i) => i.key), [key('W1')]);
    assert.equal(Number(await alice.locator('[data-field=sle-breached]').getAttribute('data-value')), 1);

    // the alert list: the window's alerts, as alerts(window) gives them
    const alerts = await alice.locator('.alerts .alert').evaluateAll((els) => els.map((el) => el.dataset.alert));
    assert.deepEqual(sorted(alerts), sorted(expected.alerts.map((a) => a.id)));
    assert.ok(expected.alerts.some((a) => a.kind === 'WIP_LIMIT' && a.stage === 'Build' && a.until === null), 'Build is over its limit now');
    assert.ok(expected.alerts.some((a) => a.kind === 'SLE_BREACH' && a.itemId === itemId('W1') && a.until === null), 'W1 is past the SLE now');
    // an SLE alert names the item by its key
    const w1Alert = expected.alerts.find((a) => a.kind === 'SLE_BREACH' && a.itemId === itemId('W1'));
    assert.match(await alice.locator(`[data-alert="${w1Alert.id}"] strong`).textContent(), new RegExp(`Item ${key('W1')} past the SLE`));

    await alice.locator('#map').screenshot({ path: join(SHOTS, 'panels-1-map-past-done-wip-limits.png') });
    await alice.locator('.feedback').scrollIntoViewIfNeeded();
    await alice.screenshot({ path: join(SHOTS, 'panels-2-alice-panels.png'), fullPage: true });
    assert.deepEqual(await alice.evaluate(() => window.__cspViolations), [], 'the dashboard runs under its policy');
  });

  test('each number opens the items behind it', async () => {
    assert.ok(alice, 'needs the logged-in page of the test before');
    const api = expected;
    const items = new Map(api.workItems.items.map((w) => [w.key, w]));

    // a stage's WIP on the map: the items in it, key linked to the tool, title as text
    const buildWip = alice.locator('.vsm .stage[data-stage="Build"] [data-field=wip] button');
    assert.deepEqual(await drill(alice, () => buildWip.click()), sorted(api.agingWip.filter((i) => i.stage === 'Build').map((i) => i.key)));
    assert.deepEqual(await dialogKeys(alice), [key('W1'), key('W2'), key('W3')]);
    const row = alice.locator(`#drill tr[data-key="${key('W1')}"]`);
    assert.equal(await row.locator('a').getAttribute('href'), url('W1'));
    assert.equal(await row.locator('a').getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await row.locator('td.title').textContent(), 'Panels item W1: <b>not bold</b>');
    assert.equal(await alice.locator('#drill b').count(), 0, 'a title is text, never markup');
    await alice.screenshot({ path: join(SHOTS, 'panels-3-drill-build-wip.png'), fullPage: false });
    await closeDrill(alice);
    assert.equal(await alice.evaluate(() => document.activeElement?.closest('[data-stage]')?.dataset.stage), 'Build', 'focus goes back to the number');

    // the release queue, by keyboard: focus its number, Enter
    await alice.locator('.vsm .after-done [data-field="release-queue"] button').focus();
    const queue = await drill(alice, () => alice.keyboard.press('Enter'));
    const queueApi = api.workItems.items.filter((w) => w.flowEnd && w.changeIds.length && !w.deliveredAt).map((w) => w.key);
    assert.equal(queue.length, api.toProduction.releaseQueue);
    assert.deepEqual(queue, sorted(queueApi));
    assert.deepEqual(queue, [key('D2')]);
    await closeDrill(alice);

    // delivered to production (the map's "to production"), and done to production in the delivery panel
    const delivered = await drill(alice, () => alice.locator('.vsm .after-done [data-field="delivered"] button').click());
    assert.equal(delivered.length, api.toProduction.delivered);
    assert.deepEqual(delivered, [key('D1')]);
    assert.ok(items.get(key('D1')).deliveredAt, 'the API says D1 is delivered');
    await closeDrill(alice);
    assert.deepEqual(await drill(alice, () => alice.locator('#delivery [data-metric="done-to-production"] .value button').click()), [key('D1')]);
    await closeDrill(alice);

    // flow velocity and flow load tiles
    const window = defaultWindow();
    const inWindow = (iso) => iso && Date.parse(iso) >= Date.parse(window.from) && Date.parse(iso) < Date.parse(window.to);
    const velocity = await drill(alice, () => alice.locator('[data-metric="velocity"] .value button').click());
    assert.equal(velocity.length, api.flow.velocity);
    assert.deepEqual(velocity, sorted(api.workItems.items.filter((w) => inWindow(w.flowEnd)).map((w) => w.key)));
    await closeDrill(alice);
    const load = await drill(alice, () => alice.locator('[data-metric="load"] .value button').click());
    assert.equal(load.length, api.flow.load);
    assert.deepEqual(load, sorted(api.agingWip.map((i) => i.key)));
    await closeDrill(alice);
    // a bucket of the velocity chart (from its table, by keyboard), and the load at a bucket's end
    const buckets = api.flow.velocitySeries;
    const b = buckets.findLastIndex((s) => s.value > 0);
    await alice.locator('#velocity details summary').click();
    await alice.locator('#velocity table tbody tr').nth(b).locator('button').focus();
    const bucketKeys = await drill(alice, () => alice.keyboard.press('Enter'));
    assert.equal(bucketKeys.length, buckets[b].value);
    assert.deepEqual(bucketKeys, sorted(api.workItems.items.filter((w) => w.flowEnd
      && Date.parse(w.flowEnd) >= Date.parse(buckets[b].start) && Date.parse(w.flowEnd) < Date.parse(buckets[b].end)).map((w) => w.key)));
    await closeDrill(alice);
    const loads = api.flow.loadSeries;
    const l = loads.findIndex((s) => s.value > 0 && Date.parse(s.end) < Date.now());
    await alice.locator('#load details summary').click();
    const loadKeys = await drill(alice, () => alice.locator('#load table tbody tr').nth(l).locator('button').click());
    const atEnd = await graphql(token, 'query($id: ID!, $asOf: DateTime) { valueStream(id: $id) { agingWip(asOf: $asOf) { key } } }', { id: STREAM, asOf: loads[l].end });
    assert.equal(loadKeys.length, loads[l].value);
    assert.deepEqual(loadKeys, sorted(atEnd.valueStream.agingWip.map((i) => i.key)));
    await closeDrill(alice);

    const p85 = await drill(alice, () => alice.locator('[data-metric="flow-time-p85"] .value button').click());
    assert.deepEqual(p85, sorted(api.finishedItems.map((i) => i.key)));
    await closeDrill(alice);

    // a dot of the scatterplot: the item at it
    await alice.locator('#chart-cycle-time').scrollIntoViewIfNeeded();
    const dot = await alice.evaluate((k) => {
      const chart = window.flowlensCharts['cycle-time'];
      const series = chart.getOption().series;
      for (let s = 0; s < series.length; s++) {
        const point = series[s].data.find((d) => d.name === k);
        if (point) {
          const [x, y] = chart.convertToPixel({ seriesIndex: s }, point.value);
          const box = chart.getDom().getBoundingClientRect();
          return { x: box.left + x, y: box.top + y };
        }
      }
      return null;
    }, key('F6'));
    assert.ok(dot, 'F6 is a dot of the scatterplot');
    assert.deepEqual(await drill(alice, () => alice.mouse.click(dot.x, dot.y)), [key('F6')]);
    await closeDrill(alice);

    // the alerts: an SLE breach opens its item, a WIP alert the items in the stage when it began
    const w1Alert = api.alerts.find((a) => a.kind === 'SLE_BREACH' && a.itemId === itemId('W1'));
    assert.deepEqual(await drill(alice, () => alice.locator(`[data-alert="${w1Alert.id}"] button`).click()), [key('W1')]);
    await closeDrill(alice);
    const buildAlert = api.alerts.find((a) => a.kind === 'WIP_LIMIT' && a.stage === 'Build' && a.until === null);
    const atSince = await graphql(token, 'query($id: ID!, $asOf: DateTime) { valueStream(id: $id) { agingWip(asOf: $asOf) { key stage } } }',
      { id: STREAM, asOf: new Date(Date.parse(buildAlert.since) + 1).toISOString() });
    const buildThen = sorted(atSince.valueStream.agingWip.filter((i) => i.stage === 'Build').map((i) => i.key));
    assert.ok(buildThen.length > 2, `more than Build's limit when its alert began: ${buildThen}`);
    assert.deepEqual(await drill(alice, () => alice.locator(`[data-alert="${buildAlert.id}"] button`).click()), buildThen);
    await closeDrill(alice);

    // DORA: the deployments deploymentsList explains
    const deployments = await drill(alice, () => alice.locator('[data-metric="deployment-frequency"] .value button').click());
    assert.deepEqual(deployments, sorted(api.deploymentsList.map((d) => d.deploymentId)));
    assert.deepEqual(deployments, [DEPLOYMENT]);
    await closeDrill(alice);

    // delivery: the phases and the merged count open the changes changesList lists behind them
    const changeIds = (filter) => sorted(api.changesList.filter(filter).map((c) => c.changeId));
    assert.equal(api.changesList.length, api.delivery.merged);
    assert.ok(api.delivery.merged >= 2, `the changes posted are merged in the window: ${api.delivery.merged}`);
    const coding = await drill(alice, () => alice.locator('#delivery [data-metric="coding"] .value button').click());
    assert.deepEqual(coding, changeIds((c) => c.codingSeconds !== null));
    await closeDrill(alice);
    const deploy = await drill(alice, () => alice.locator('#delivery [data-metric="deploy"] .value button').click());
    assert.equal(deploy.length, api.delivery.deployTime.count);
    assert.deepEqual(deploy, changeIds((c) => c.deploySeconds !== null));
    assert.deepEqual(deploy, [`github:${REPOSITORY}#1`], 'the change shipped by the deployment');
    await closeDrill(alice);
    const merged = await drill(alice, () => alice.locator('#delivery .delivery-changes button').first().click());
    assert.deepEqual(merged, changeIds(() => true));
    await closeDrill(alice);
    assert.deepEqual(await alice.evaluate(() => window.__cspViolations), [], 'the dashboard runs under its policy');
  });

  test('an alert raised now arrives in the list live', async () => {
    assert.ok(alice, 'needs the logged-in page of the test before');
    await alice.evaluate(() => { window.__sameDocument = true; });
    await alice.waitForFunction(() => document.querySelector('#alerts-live')?.dataset.state === 'live', undefined, { timeout: 30_000 });
    // W6 enters Review, which holds W5 already: 2 > its limit of 1, a WIP_LIMIT alert since that instant
    const at = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const iso = new Date(at).toISOString();
    await postEvents([
      event('W6:upserted', 'jira/acme', 'workitem.upserted', iso, {
        itemId: itemId('W6'), key: key('W6'), title: 'Panels item W6', itemType: 'feature', project: PROJECT, team: 'payments',
        status: 'In Review', createdAt: new Date(at - 5 * 60_000).toISOString(), url: url('W6'),
      }, key('W6')),
      event('W6:move:0', 'jira/acme', 'workitem.transitioned', iso, { itemId: itemId('W6'), fromStatus: 'To Do', toStatus: 'In Review', at: iso }),
    ]);
    // pushed (data-live marks a row alertRaised brought): the first one of Review; its id says since
    const row = alice.locator(`.alerts [data-alert^="${STREAM}:WIP_LIMIT:Review:"][data-live="true"]`);
    await row.waitFor({ timeout: 60_000 });
    const id = await row.getAttribute('data-alert');
    assert.equal(id, `${STREAM}:WIP_LIMIT:Review:${at / 1000}`, 'the alert began when W6 entered Review');
    assert.equal(await alice.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.match(await row.textContent(), /Stage Review over its WIP limit/);
    const answered = await until('the new alert in alerts(window)', async () =>
      (await graphql(token, EXPECTED, { id: STREAM, window: defaultWindow() })).valueStream.alerts.find((a) => a.id === id), 30_000, 1000);
    assert.equal(answered.until, null);
    // the numbers follow (flowChanged): Review is now marked over its limit on the map
    await alice.waitForFunction(() => document.querySelector('.vsm .stage[data-stage="Review"]')?.dataset.overLimit === 'true', undefined, { timeout: 60_000 });
    assert.equal(await alice.locator('.vsm .stage[data-stage="Review"] .over-limit-note').textContent(), '⚠ Over its WIP limit: 2 > 1');
    assert.deepEqual(await drill(alice, () => alice.locator(`[data-alert="${id}"] button`).click()), [key('W5'), key('W6')]);
    await closeDrill(alice);
    await alice.locator('#alerts').scrollIntoViewIfNeeded();
    await alice.screenshot({ path: join(SHOTS, 'panels-4-live-alert.png'), fullPage: false });
  });
});
