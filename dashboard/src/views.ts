/** The dashboard's sections: each fills its own container from the API's answer. */
import type { AgingItem, DashboardData, DoraBand, DurationStats, Forecast, PreviousFlow, SeriesPoint, Stage, StageMetrics, WorkItemLink } from './api';
import { agingChart, cfdChart, distributionChart, seriesChart } from './charts';
import { h, notice, section, toolLink } from './dom';
import type { DrillSources } from './drill';
import * as fmt from './format';

export interface Layout {
  root: HTMLElement;
  map: HTMLElement;
  tiles: HTMLElement;
  velocity: HTMLElement;
  load: HTMLElement;
  distribution: HTMLElement;
  cfd: HTMLElement;
  aging: HTMLElement;
  agingList: HTMLElement;
  dora: HTMLElement;
  forecast: HTMLElement;
  tables: Record<'velocity' | 'load' | 'distribution' | 'cfd' | 'aging', HTMLElement>;
}

function chartBox(name: string, label: string): HTMLElement {
  return h('div', { class: 'chart', id: `chart-${name}`, role: 'img', 'aria-label': label });
}

/** A chart's numbers as a table, for keyboards, screen readers and the curious. */
function tableBox(): HTMLElement {
  return h('div', { class: 'table-scroll' });
}

function details(summary: string, body: HTMLElement): HTMLElement {
  return h('details', { class: 'data' }, h('summary', {}, summary), body);
}

export function buildLayout(windowLabel: string): Layout {
  const t = { velocity: tableBox(), load: tableBox(), distribution: tableBox(), cfd: tableBox(), aging: tableBox() };
  const l = {
    map: h('div', { class: 'map-body' }),
    tiles: h('div', { class: 'tiles' }),
    velocity: chartBox('velocity', `Flow velocity per bucket, ${windowLabel}`),
    load: chartBox('load', `Flow load at the end of each bucket, ${windowLabel}`),
    distribution: chartBox('distribution', 'Flow distribution by item type'),
    cfd: chartBox('cfd', `Cumulative flow diagram, ${windowLabel}`),
    aging: chartBox('aging', 'Aging work in progress: age of each unfinished item by stage'),
    agingList: h('div', { class: 'aging-list' }),
    dora: h('div', { class: 'tiles dora-tiles' }),
    forecast: h('div', { class: 'forecast-body' }),
  };
  const root = h('div', { class: 'dashboard' },
    section('map', 'Value stream map', l.map),
    section('flow', `Flow metrics · ${windowLabel}`, l.tiles),
    h('div', { class: 'chart-grid' },
      section('velocity', 'Flow velocity', l.velocity, details('Velocity as a table', t.velocity)),
      section('load', 'Flow load', l.load, details('Load as a table', t.load)),
      section('distribution', 'Flow distribution', l.distribution, details('Distribution as a table', t.distribution)),
      section('cfd', 'Cumulative flow', l.cfd, details('Cumulative flow as a table', t.cfd)),
    ),
    h('div', { class: 'chart-grid wide-left' },
      section('aging', 'Aging work in progress', l.aging, details('All unfinished items as a table', t.aging), l.agingList),
      h('div', { class: 'stack' },
        section('dora', `DORA · ${windowLabel}`, l.dora),
        section('forecast', 'Forecast', l.forecast),
      ),
    ),
  );
  return { root, ...l, tables: t };
}

function table(caption: string, headers: string[], rows: (string | number | Node)[][]): HTMLElement {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))),
  );
}

// ------------------------------------------------------------------ value stream map

function stageBox(m: StageMetrics, stage: Stage | undefined, drill: DrillSources): HTMLElement {
  const limit = stage?.wipLimit ?? null;
  const over = limit !== null && m.wip > limit;
  const limitText = limit === null ? '' : over ? `, over its WIP limit of ${limit}` : `, WIP limit ${limit}`;
  const label = `${m.stage}, ${m.kind.toLowerCase()} stage: ${m.wip} items in progress${limitText}, median time ${fmt.duration(m.time.p50)}, ${fmt.percent(m.share)} of flow time${m.isBottleneck ? ', the bottleneck' : ''}`;
  const wip = drill.button(String(m.wip), `list the ${m.wip} items in ${m.stage} now`, () => drill.inProgress(
    `${m.stage}: the items in the stage now`, 'agingWip: the items in progress now, those whose current stage is this one (the stage’s WIP).',
    (i) => i.stage === m.stage));
  return h('li', {
    class: `stage ${m.kind.toLowerCase()}${m.isBottleneck ? ' bottleneck' : ''}${over ? ' over-limit' : ''}`,
    'data-stage': m.stage,
    'data-over-limit': over ? 'true' : 'false',
    tabindex: 0,
    'aria-label': label,
  },
  h('span', { class: 'kind' }, m.kind === 'ACTIVE' ? 'Active' : 'Waiting'),
  h('h3', {}, m.stage),
  h('dl', {},
    h('div', {}, h('dt', {}, 'WIP'), h('dd', { 'data-field': 'wip', 'data-value': m.wip }, wip)),
    h('div', {}, h('dt', {}, 'WIP limit'), h('dd', { 'data-field': 'wip-limit', 'data-value': limit ?? '' }, limit === null ? 'none' : String(limit))),
    h('div', {}, h('dt', {}, 'Median time'), h('dd', { 'data-field': 'median', 'data-value': m.time.p50 ?? '' }, fmt.duration(m.time.p50))),
    h('div', {}, h('dt', {}, 'Share of flow time'), h('dd', { 'data-field': 'share', 'data-value': m.share }, fmt.percent(m.share))),
  ),
  // not by colour alone: the words say it, the box gets a hatched warning edge
  over ? h('p', { class: 'over-limit-note', 'data-field': 'over-limit' }, `⚠ Over its WIP limit: ${m.wip} > ${limit}`) : null,
  m.isBottleneck ? h('strong', { class: 'badge' }, 'Bottleneck') : null);
}

/** The map goes on past Done: the release queue and "to production" (toProduction), filled by renderProduction. */
function afterDone(): HTMLElement[] {
  return [
    h('li', { class: 'stage after-done release-queue', 'data-step': 'release-queue' },
      h('span', { class: 'kind' }, 'After done'), h('h3', {}, 'Release queue'),
      h('dl', {}, h('div', {}, h('dt', {}, 'Waiting'), h('dd', { 'data-field': 'release-queue' }, '…')))),
    h('li', { class: 'stage after-done production', 'data-step': 'to-production' },
      h('span', { class: 'kind' }, 'In production'), h('h3', {}, 'To production'),
      h('dl', {},
        h('div', {}, h('dt', {}, 'Delivered'), h('dd', { 'data-field': 'delivered' }, '…')),
        h('div', {}, h('dt', {}, 'Done → prod'), h('dd', { 'data-field': 'done-to-production' }, '…')),
        h('div', {}, h('dt', {}, 'Idea → prod'), h('dd', { 'data-field': 'idea-to-production' }, '…')))),
  ];
}

export interface Production { delivered: number; releaseQueue: number; ideaToProduction: DurationStats; doneToProduction: DurationStats }

/** Fills the map's steps after Done from toProduction(window); null when it could not be loaded (the panel says why). */
export function renderProduction(el: HTMLElement, p: Production | null, drill: DrillSources): void {
  const field = (name: string) => el.querySelector<HTMLElement>(`.after-done [data-field="${name}"]`);
  const set = (name: string, value: number | null, content: Node | string) => {
    const f = field(name);
    if (!f) return;
    f.dataset.value = value === null ? '' : String(value);
    f.replaceChildren(content);
  };
  if (!p) {
    for (const name of ['release-queue', 'delivered', 'done-to-production', 'idea-to-production']) set(name, null, 'not loaded');
    return;
  }
  set('release-queue', p.releaseQueue, drill.button(String(p.releaseQueue), `list the ${p.releaseQueue} items done and waiting for production`, () => drill.releaseQueue()));
  set('delivered', p.delivered, drill.button(String(p.delivered), `list the ${p.delivered} items delivered to production in the window`,
    () => drill.delivered('To production: items delivered in the window')));
  set('done-to-production', p.doneToProduction.p50, p.doneToProduction.count
    ? drill.button(fmt.duration(p.doneToProduction.p50), `median done to production of ${p.doneToProduction.count} items: list them`,
      () => drill.delivered('Done to production: delivered items that are done', true))
    : '–');
  set('idea-to-production', p.ideaToProduction.p50, p.ideaToProduction.count
    ? drill.button(fmt.duration(p.ideaToProduction.p50), `median idea to production of ${p.ideaToProduction.count} items: list them`,
      () => drill.delivered('Idea to production: items delivered in the window'))
    : '–');
}

export function renderMap(el: HTMLElement, data: DashboardData, drill: DrillSources): void {
  const bottleneck = data.stageMetrics.find((m) => m.isBottleneck);
  const stageByName = new Map(data.stages.map((s) => [s.name, s]));
  const finished = drill.button(String(data.flow.velocity), `list the ${data.flow.velocity} items finished in the window`,
    () => drill.flowEnded('Done: items finished in the window'));
  const over = data.stageMetrics.filter((m) => {
    const limit = stageByName.get(m.stage)?.wipLimit ?? null;
    return limit !== null && m.wip > limit;
  });
  const stages = data.stageMetrics.length
    ? h('ol', { class: 'vsm', 'aria-label': 'Stages, left to right, then done, the release queue and production' },
      data.stageMetrics.map((m) => stageBox(m, stageByName.get(m.stage), drill)),
      h('li', { class: 'stage done', 'data-stage': 'Done', tabindex: 0, 'aria-label': `Done: ${data.flow.velocity} items finished in the window` },
        h('span', { class: 'kind' }, 'Done'), h('h3', {}, 'Done'),
        h('dl', {}, h('div', {}, h('dt', {}, 'Finished'), h('dd', { 'data-field': 'velocity', 'data-value': data.flow.velocity }, finished)))),
      afterDone())
    : notice('empty', 'This value stream has no stages.');
  const summary = h('p', { class: 'vsm-summary' },
    'Flow efficiency across the stream: ',
    h('strong', { 'data-field': 'efficiency', 'data-value': data.flow.flowEfficiency ?? '' }, fmt.percent(data.flow.flowEfficiency)),
    ' (active time ÷ flow time of the items finished in the window). ',
    bottleneck
      ? ['Bottleneck: ', h('strong', { 'data-field': 'bottleneck' }, bottleneck.stage), ` (${fmt.percent(bottleneck.share)} of flow time).`]
      : h('span', { 'data-field': 'bottleneck' }, 'No bottleneck: no item with a flow start finished in this window.'),
    over.length ? h('span', { 'data-field': 'over-limit-stages' }, ` Over their WIP limit: ${over.map((m) => m.stage).join(', ')}.`) : null);
  el.replaceChildren(stages, summary);
}

// ------------------------------------------------------------------ tiles

type Better = 'up' | 'down' | 'neutral';

function trend(now: number | null | undefined, before: number | null | undefined, better: Better): HTMLElement {
  const c = fmt.change(now, before);
  if (c === null) return h('p', { class: 'trend none' }, 'no earlier window to compare');
  const arrow = c > 0.005 ? '▲' : c < -0.005 ? '▼' : '■';
  const good = better === 'neutral' || Math.abs(c) <= 0.005 ? 'flat' : (c > 0) === (better === 'up') ? 'good' : 'bad';
  return h('p', { class: `trend ${good}` }, `${arrow} ${fmt.percent(Math.abs(c))} vs the window before`);
}

function tile(metric: string, title: string, shown: string | Node, value: number | null, hint: string, trendEl?: HTMLElement): HTMLElement {
  return h('div', { class: 'tile', 'data-metric': metric },
    h('h3', {}, title),
    h('p', { class: 'value', 'data-value': value ?? '' }, shown),
    h('p', { class: 'hint' }, hint),
    trendEl ?? null);
}

export function renderTiles(el: HTMLElement, data: DashboardData, previous: PreviousFlow | null, drill: DrillSources): void {
  const f = data.flow;
  const p = previous;
  const dist = f.distribution.filter((s) => s.share > 0);
  // each number opens the items behind it (drill.ts); "–" (nothing measured) has none
  const flowTimeItems = (shown: string, label: string) => (f.flowTime.count
    ? drill.button(shown, `${label}: list the ${f.flowTime.count} finished items it is taken over`, () => drill.finished(`${label}: the finished items, longest flow time first`))
    : shown);
  el.replaceChildren(
    tile('velocity', 'Flow velocity', drill.button(String(f.velocity), `list the ${f.velocity} items finished in the window`,
      () => drill.flowEnded('Flow velocity: items finished in the window')), f.velocity, 'items finished in the window', trend(f.velocity, p?.velocity, 'up')),
    tile('flow-time-p50', 'Flow time p50', flowTimeItems(fmt.duration(f.flowTime.p50), 'Flow time p50'), f.flowTime.p50, `median of ${f.flowTime.count} finished items`, trend(f.flowTime.p50, p?.flowTime.p50, 'down')),
    tile('flow-time-p85', 'Flow time p85', flowTimeItems(fmt.duration(f.flowTime.p85), 'Flow time p85'), f.flowTime.p85, '85% finish within this', trend(f.flowTime.p85, p?.flowTime.p85, 'down')),
    tile('efficiency', 'Flow efficiency', flowTimeItems(fmt.percent(f.flowEfficiency), 'Flow efficiency'), f.flowEfficiency, 'active ÷ flow time', trend(f.flowEfficiency, p?.flowEfficiency, 'up')),
    tile('load', 'Flow load', drill.button(String(f.load), `list the ${f.load} items in progress`, () => drill.inProgress(
      'Flow load: the items in progress', 'agingWip: the items whose status is in an active or waiting stage now (flow load).')),
    f.load, 'items in progress now', trend(f.load, p?.load, 'neutral')),
    h('div', { class: 'tile', 'data-metric': 'distribution' },
      h('h3', {}, 'Flow distribution'),
      dist.length
        ? h('ul', { class: 'shares' }, dist.map((s) => h('li', { 'data-type': s.itemType, 'data-value': s.share }, h('span', {}, fmt.itemType(s.itemType)),
          drill.button(fmt.percent(s.share), `list the ${fmt.itemType(s.itemType).toLowerCase()} items finished in the window`,
            () => drill.flowEnded(`Flow distribution: ${fmt.itemType(s.itemType).toLowerCase()} items finished in the window`, s.itemType)))))
        : h('p', { class: 'value' }, '–'),
      h('p', { class: 'hint' }, 'share of finished items by type')),
  );
}

// ------------------------------------------------------------------ charts

export function renderCharts(l: Layout, data: DashboardData, drill: DrillSources): void {
  const f = data.flow;
  const bucket = (s: { start: string }) => fmt.date(s.start);
  // a bucket opens its items: those finished in it, or those in progress at its end (a bar or point, or its table cell)
  const finishedIn = (s: SeriesPoint) => () => drill.flowEnded(`Flow velocity: items finished from ${fmt.date(s.start)} to ${fmt.date(s.end)}`, undefined, { from: s.start, to: s.end });
  const inProgressAt = (s: SeriesPoint) => {
    const asOf = Date.parse(s.end) < Date.now() ? s.end : undefined;
    return () => drill.inProgress(`Flow load: items in progress at ${asOf ? fmt.dateTime(asOf) : 'now'}`,
      `agingWip(asOf: ${asOf ?? 'now'}): the items in an active or waiting stage at the bucket's end (its load).`, () => true, asOf);
  };
  seriesChart(l.velocity, 'velocity', 'items finished', f.velocitySeries, 'bar', (i) => void drill.drill.open(finishedIn(f.velocitySeries[i])(), l.velocity));
  l.tables.velocity.replaceChildren(table('Items finished per bucket', ['Bucket from', 'Finished'], f.velocitySeries.map((s) => [bucket(s),
    drill.button(String(s.value), `list the ${s.value} items finished in the bucket from ${bucket(s)}`, finishedIn(s))])));
  seriesChart(l.load, 'load', 'items in progress', f.loadSeries, 'line', (i) => void drill.drill.open(inProgressAt(f.loadSeries[i])(), l.load));
  l.tables.load.replaceChildren(table('Items in progress at each bucket end', ['Bucket from', 'In progress'], f.loadSeries.map((s) => [bucket(s),
    drill.button(String(s.value), `list the ${s.value} items in progress at the end of the bucket from ${bucket(s)}`, inProgressAt(s))])));
  distributionChart(l.distribution, 'distribution', f.distribution, f.loadDistribution);
  const types = [...new Set([...f.distribution, ...f.loadDistribution].map((s) => s.itemType))];
  const share = (list: typeof f.distribution, t: string) => fmt.percent(list.find((s) => s.itemType === t)?.share ?? 0, 1);
  l.tables.distribution.replaceChildren(table('Share by item type', ['Type', 'Finished', 'In progress'], types.map((t) => [fmt.itemType(t), share(f.distribution, t), share(f.loadDistribution, t)])));

  if (data.cumulativeFlow.length) {
    cfdChart(l.cfd, 'cfd', data.stages, data.cumulativeFlow);
    l.tables.cfd.replaceChildren(table('Items per stage at each day end', ['Day', ...data.stages.map((s) => s.name), 'Done'],
      data.cumulativeFlow.map((d) => [fmt.date(d.day), ...data.stages.map((s) => d.stages.find((x) => x.stage === s.name)?.count ?? 0), d.done])));
  } else {
    l.tables.cfd.replaceChildren(notice('empty', 'No days in this window.'));
  }
}

// ------------------------------------------------------------------ aging WIP

function itemLink(item: AgingItem, links: Map<string, WorkItemLink>): Node {
  return toolLink(links.get(item.itemId)?.url, item.key);
}

export function renderAging(l: Layout, data: DashboardData): void {
  const links = new Map(data.workItems.items.map((w) => [w.id, w]));
  const items = [...data.agingWip].sort((a, b) => b.ageSeconds - a.ageSeconds);
  const urls = new Map(data.workItems.items.filter((w) => w.url).map((w) => [w.id, w.url!]));
  agingChart(l.aging, 'aging', data.stages, items, urls);
  const row = (i: AgingItem) => [itemLink(i, links), i.title ?? '', fmt.itemType(i.itemType), i.stage, fmt.duration(i.ageSeconds), i.atRisk ? 'at risk' : ''];
  const headers = ['Item', 'Title', 'Type', 'Stage', 'Age', ''];
  l.tables.aging.replaceChildren(items.length ? table(`${items.length} unfinished items, oldest first`, headers, items.map(row)) : notice('empty', 'No item is in progress.'));
  const atRisk = items.filter((i) => i.atRisk);
  if (!items.length) {
    l.agingList.replaceChildren(notice('empty', 'No item is in progress right now.'));
  } else if (!atRisk.length) {
    l.agingList.replaceChildren(h('p', { class: 'notice empty', 'data-field': 'at-risk-count', 'data-value': 0 },
      'No item is at risk: none is older than the 85th percentile flow time of the last 90 days (or fewer than 5 items finished in them).'));
  } else {
    const shown = atRisk.slice(0, 10);
    const more = atRisk.length > shown.length ? [h('p', { class: 'hint' }, `and ${atRisk.length - shown.length} more in the table above`)] : [];
    l.agingList.replaceChildren(
      h('h3', { 'data-field': 'at-risk-count', 'data-value': atRisk.length }, `${atRisk.length} at risk (older than the p85 flow time of the last 90 days)`),
      h('ul', { class: 'at-risk' }, shown.map((i) => h('li', { 'data-item': i.key },
        itemLink(i, links), ' ', h('span', { class: 'title' }, i.title ?? ''), ' ', h('span', { class: 'meta' }, `${i.stage} · ${fmt.duration(i.ageSeconds)}`)))),
      ...more,
    );
  }
}

// ------------------------------------------------------------------ DORA

function band(b: DoraBand | null): HTMLElement {
  return b ? h('span', { class: `band ${b.toLowerCase()}`, 'data-band': b }, b.charAt(0) + b.slice(1).toLowerCase())
    : h('span', { class: 'band none' }, 'no band');
}

function doraTile(metric: string, title: string, shown: string | Node, value: number | null, b: DoraBand | null, hint: string): HTMLElement {
  return h('div', { class: 'tile', 'data-metric': metric }, h('h3', {}, title),
    h('p', { class: 'value', 'data-value': value ?? '' }, shown), band(b), h('p', { class: 'hint' }, hint));
}

function stats(s: DurationStats): string {
  return s.count ? `median of ${s.count}; p85 ${fmt.duration(s.p85)}` : 'none in the window';
}

export function renderDora(el: HTMLElement, data: DashboardData, drill: DrillSources): void {
  const d = data.dora;
  // lead time (changes) and time to restore (incidents) have no query that lists what they are taken over
  el.replaceChildren(
    doraTile('deployment-frequency', 'Deployment frequency', drill.button(fmt.perDay(d.deploymentFrequency.value), `list the ${d.deployments} deployments of the window`,
      () => drill.deployments('Deployments of the window', 'deploymentsList(window): the stream’s successful production deployments finished in the window.')),
    d.deploymentFrequency.value, d.deploymentFrequency.band, `${d.deployments} successful production deployments`),
    doraTile('lead-time-for-changes', 'Lead time for changes', fmt.duration(d.leadTimeForChanges.p50), d.leadTimeForChanges.p50, d.leadTimeBand, stats(d.leadTimeForChanges)),
    doraTile('change-failure-rate', 'Change failure rate', d.deployments ? drill.button(fmt.percent(d.changeFailureRate.value, 1), 'list the failed deployments of the window',
      () => drill.deployments('Change failure rate: the failed deployments', 'deploymentsList(window), the failed ones: an incident is attributed to them or a later deployment rolls them back.', (x) => x.failed))
      : fmt.percent(d.changeFailureRate.value, 1),
    d.changeFailureRate.value, d.changeFailureRate.band, d.deployments ? 'deployments that caused an incident' : 'no deployment in the window'),
    doraTile('time-to-restore', 'Time to restore', fmt.duration(d.timeToRestore.p50), d.timeToRestore.p50, d.timeToRestoreBand, stats(d.timeToRestore)),
  );
}

// ------------------------------------------------------------------ forecast

export interface ForecastControls {
  form: HTMLFormElement;
  input: HTMLInputElement;
  result: HTMLElement;
}

export function buildForecast(el: HTMLElement, initial: number, onAsk: (count: number) => void): ForecastControls {
  const input = h('input', { type: 'number', id: 'forecast-count', min: 1, max: 100000, step: 1, value: initial, required: true, inputmode: 'numeric' });
  const result = h('div', { class: 'forecast-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'forecast-form' },
    h('label', { for: 'forecast-count' }, 'When will these '), input, h('span', {}, ' items be done?'),
    h('button', { type: 'submit' }, 'Forecast'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = Number(input.value);
    if (Number.isInteger(n) && n >= 1) onAsk(n);
    else result.replaceChildren(notice('error', 'Enter a whole number of items, 1 or more.'));
  });
  el.replaceChildren(form, h('p', { class: 'hint' }, 'Monte Carlo over the daily velocity of the last 90 days (10,000 runs).'), result);
  return { form, input, result };
}

export function renderForecast(result: HTMLElement, count: number, forecast: Forecast | null): void {
  if (!forecast) {
    result.replaceChildren(notice('error', 'The value stream is no longer visible.'));
    return;
  }
  const points = forecast.points.filter((p) => p.date);
  if (!points.length) {
    result.replaceChildren(notice('empty', `No forecast for ${count} items: ${forecast.reason ?? 'not enough history'}.`));
    return;
  }
  result.replaceChildren(h('ul', { class: 'forecast-points', 'data-count': count },
    points.map((p) => h('li', { 'data-confidence': p.confidence, 'data-days': p.days ?? '' },
      h('strong', {}, `${p.confidence}%`), ` likely by ${fmt.date(p.date)}`, h('span', { class: 'meta' }, ` (in ${p.days} days)`)))));
}

export { notice };
