/**
 * The feedback panels of issue 27: the cycle-time scatterplot (finishedItems) with the 50/85/95th percentile lines
 * of the window's flow time and the SLE line, the items in progress against the SLE, and the stream's alerts
 * (alerts(window), then live through alertRaised). The stages' WIP against their limits is on the value stream map.
 * One query of its own, so a failure here leaves the rest of the dashboard. Every text from tools is text; every
 * number opens the items behind it (drill.ts).
 */
import type { Alert, Api, FinishedItem, Window } from './api';
import { cycleTimeChart, type LevelLine } from './charts';
import { h, notice, section } from './dom';
import type { DrillSources } from './drill';
import * as fmt from './format';

export type { Alert, FinishedItem };

export interface FeedbackData {
  sle: { days: number; percentile: number } | null;
  flow: { sleAttainment: number | null; flowTime: { count: number; p50: number | null; p85: number | null; p95: number | null } };
  agingWip: { itemId: string; key: string; stage: string; ageSeconds: number; sleBreached: boolean }[];
  finishedItems: FinishedItem[];
  alerts: Alert[];
}

export const FEEDBACK_QUERY = `query Feedback($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    sle { days percentile }
    flow(window: $window) { sleAttainment flowTime { count p50 p85 p95 } }
    agingWip { itemId key stage ageSeconds sleBreached }
    finishedItems(window: $window) { itemId key itemType flowEnd flowTimeSeconds activeSeconds withinSle }
    alerts(window: $window) { id valueStreamId kind stage itemId since until }
  }
}`;

export async function loadFeedback(api: Api, id: string, window: Window): Promise<FeedbackData | null> {
  return (await api.query<{ valueStream: FeedbackData | null }>(FEEDBACK_QUERY, { id, window })).valueStream;
}

const DAY = 86_400;

/** The horizontal lines of the scatterplot: the API's flow time percentiles of the window, and the SLE. */
export function levelLines(data: FeedbackData): LevelLine[] {
  const lines: LevelLine[] = [];
  const t = data.flow.flowTime;
  for (const [p, value, colour] of [[50, t.p50, '#64748b'], [85, t.p85, '#f59e0b'], [95, t.p95, '#7c3aed']] as const) {
    if (value !== null) lines.push({ name: `${p}th percentile`, days: value / DAY, colour, solid: false });
  }
  if (data.sle) lines.push({ name: `SLE ${data.sle.percentile}% within ${data.sle.days} d`, days: data.sle.days, colour: '#16a34a', solid: true });
  return lines;
}

function cycleTime(data: FeedbackData, drill: DrillSources): HTMLElement[] {
  const chart = h('div', { class: 'chart', id: 'chart-cycle-time', role: 'img',
    'aria-label': 'Cycle-time scatterplot: flow time of each finished item by its flow end, with the 50th, 85th and 95th percentile lines and the SLE line. The list button below gives the same items.' });
  const n = data.finishedItems.length;
  const outside = data.finishedItems.filter((i) => i.withinSle === false).length;
  const all = drill.button(String(n), `list the ${n} finished items of the scatterplot`, () => drill.finished('Cycle time: the finished items of the window'));
  const attainment = data.sle
    ? h('p', { 'data-field': 'sle-attainment', 'data-value': data.flow.sleAttainment ?? '' },
      `SLE attainment: ${fmt.percent(data.flow.sleAttainment)} of the finished items within ${data.sle.days} days (expected ${data.sle.percentile}%); `,
      drill.button(String(outside), `list the ${outside} finished items outside the SLE`, () => drill.finished('Outside the SLE: finished items with a longer flow time', (f) => f.withinSle === false)),
      ' outside it.')
    : h('p', { class: 'hint' }, 'No service level expectation is set for this stream: no SLE line.');
  const lines = levelLines(data);
  const legend = h('p', { class: 'hint', 'data-field': 'level-lines' }, lines.length
    ? `Lines: ${lines.map((l) => `${l.name} ${Math.round(l.days * 10) / 10} d`).join(', ')}.`
    : 'No finished item in the window: no percentile lines.');
  return [h('p', {}, 'Finished items in the window: ', all, '. A dot opens its item.'), attainment, chart, legend];
}

function aging(data: FeedbackData, drill: DrillSources): HTMLElement {
  if (!data.sle) return notice('empty', 'No service level expectation is set for this stream.');
  const sle = data.sle;
  const breached = data.agingWip.filter((i) => i.sleBreached);
  const items = [...data.agingWip].sort((a, b) => b.ageSeconds - a.ageSeconds);
  const count = drill.button(String(breached.length), `list the ${breached.length} items in progress older than the SLE`,
    () => drill.inProgress('Past the SLE: items in progress older than the SLE', 'agingWip: the items in progress whose age is over the SLE days (sleBreached).', (i) => i.sleBreached));
  return h('div', { class: 'sle-aging' },
    h('p', { 'data-field': 'sle-breached', 'data-value': breached.length }, count,
      ` of ${data.agingWip.length} items in progress are older than the SLE (${sle.days} days). Past the SLE: ⚠ and red.`),
    h('ul', { class: 'aging-dots', 'aria-label': 'Items in progress, oldest first' }, items.map((i) => h('li', {
      class: `dot${i.sleBreached ? ' breached' : ''}`, 'data-item': i.itemId, 'data-key': i.key, 'data-breached': i.sleBreached ? 'true' : 'false',
    }, drill.button(`${i.sleBreached ? '⚠ ' : ''}${i.key}`,
      `${i.stage}, ${fmt.duration(i.ageSeconds)} old${i.sleBreached ? ', past the SLE' : ''}: open the item`,
      () => drill.inProgress(`${i.key}: in progress for ${fmt.duration(i.ageSeconds)}`, 'agingWip: this item.', (x) => x.itemId === i.itemId))))));
}

function alertText(a: Alert, keyOf: (itemId: string) => string): string {
  return a.kind === 'WIP_LIMIT' ? `Stage ${a.stage ?? ''} over its WIP limit` : `Item ${a.itemId ? keyOf(a.itemId) : ''} past the SLE`;
}

/** The drill-down of an alert: the items in the stage just after the alert began, or the item past its SLE. */
function alertItems(a: Alert, keyOf: (itemId: string) => string, drill: DrillSources): HTMLButtonElement {
  const label = a.kind === 'WIP_LIMIT' ? 'list the items in the stage when the alert began' : 'open the item past its SLE';
  return drill.button('Items', `${alertText(a, keyOf)}: ${label}`, () => {
    if (a.kind === 'SLE_BREACH') {
      return drill.items(`${alertText(a, keyOf)} since ${fmt.date(a.since)}`, 'workItems: the alert’s item.', a.itemId ? [a.itemId] : []);
    }
    // the state at an instant counts what happened before it: 1 ms after since, the changes at since are in
    const asOf = new Date(Date.parse(a.since) + 1).toISOString();
    return drill.inProgress(`${alertText(a, keyOf)} since ${fmt.date(a.since)}: the items in it then`,
      `agingWip(asOf: ${asOf}): the items in the stage just after the alert began.`, (i) => i.stage === a.stage, asOf);
  });
}

/** The alert list, newest first; a live push adds or updates its row (data-live marks rows a push brought). */
export class AlertList {
  readonly el = h('ol', { class: 'alerts', 'aria-live': 'polite', 'aria-label': 'Alerts, newest first' });
  readonly status = h('p', { class: 'hint', id: 'alerts-live', 'data-state': 'waiting' }, 'Live alerts: connecting…');
  private readonly byId = new Map<string, Alert>();
  private readonly pushed = new Set<string>();
  private keys = new Map<string, string>();
  private drill: DrillSources | null = null;

  /** The window's alerts from alerts(window); rows pushed since stay marked as live. */
  set(alerts: Alert[], keys: Map<string, string>, drill: DrillSources): void {
    this.byId.clear();
    alerts.forEach((a) => this.byId.set(a.id, a));
    this.keys = keys;
    this.drill = drill;
    this.render();
  }

  push(a: Alert): void {
    this.byId.set(a.id, a);
    this.pushed.add(a.id);
    this.render();
  }

  /** Whether alertRaised is subscribed, in words (live.ts reports it). */
  live(subscribed: boolean, reason?: string): void {
    this.status.dataset.state = subscribed ? 'live' : 'unavailable';
    this.status.textContent = subscribed
      ? 'Live alerts: new and ended alerts appear here as they happen (alertRaised).'
      : `Live alerts unavailable${reason ? ` (${reason})` : ''}: the list is refreshed with the numbers.`;
  }

  private render(): void {
    const keyOf = (id: string) => this.keys.get(id) ?? id;
    const all = [...this.byId.values()].sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : a.id < b.id ? -1 : 1));
    this.el.replaceChildren(...(all.length
      ? all.map((a) => h('li', { class: `alert ${a.until ? 'ended' : 'open'}`, 'data-alert': a.id, 'data-kind': a.kind, 'data-live': this.pushed.has(a.id) ? 'true' : 'false' },
        h('strong', {}, alertText(a, keyOf)), ` since ${fmt.dateTime(a.since)}`, a.until ? ` until ${fmt.dateTime(a.until)}` : ' (open)',
        this.pushed.has(a.id) ? h('span', { class: 'live-tag' }, ' · live') : null, ' ',
        this.drill ? alertItems(a, keyOf, this.drill) : null))
      : [notice('empty', 'No alert in this window.')]));
  }
}

/** Builds or refreshes the feedback panels in {@code el}; the alert list keeps live pushes between refreshes. */
export function renderFeedback(el: HTMLElement, data: FeedbackData, alerts: AlertList, drill: DrillSources): void {
  const keys = new Map<string, string>([...data.finishedItems, ...data.agingWip].map((i) => [i.itemId, i.key]));
  alerts.set(data.alerts, keys, drill);
  const parts = cycleTime(data, drill);
  el.replaceChildren(
    section('cycle-time', 'Cycle time', parts),
    section('sle-aging', 'Work in progress against the SLE', aging(data, drill)),
    section('alerts', 'Alerts', alerts.status, alerts.el),
  );
  const chart = parts[2];
  cycleTimeChart(chart, 'cycle-time', data.finishedItems, levelLines(data), (itemId) => {
    const item = data.finishedItems.find((i) => i.itemId === itemId);
    void drill.drill.open(drill.finished(`${item?.key ?? itemId}: a dot of the scatterplot`, (f) => f.itemId === itemId), chart);
  });
}
