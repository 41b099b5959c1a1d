/**
 * The feedback panels of issue 27: the cycle-time scatterplot (finishedItems) with its 50/85/95th percentile lines
 * and the SLE line, the stages' WIP against their limits, the items in progress against the SLE, and the stream's
 * alerts (alerts(window), then live through alertRaised when the page is pushed). One query of its own, so the
 * dashboard's main query is unchanged for gateways without these fields. Every text from tools is text.
 */
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Api, ItemType, StageKind, Window } from './api';
import { h, notice, section } from './dom';
import * as fmt from './format';

echarts.use([ScatterChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export interface FinishedItem {
  itemId: string; key: string; itemType: ItemType; flowEnd: string; flowTimeSeconds: number; activeSeconds: number;
  withinSle: boolean | null;
}
export interface Alert {
  id: string; valueStreamId: string; kind: 'WIP_LIMIT' | 'SLE_BREACH'; stage: string | null; itemId: string | null;
  since: string; until: string | null;
}
export interface FeedbackData {
  sle: { days: number; percentile: number } | null;
  stages: { name: string; kind: StageKind; wipLimit: number | null }[];
  flow: { sleAttainment: number | null };
  stageMetrics: { stage: string; wip: number }[];
  agingWip: { itemId: string; key: string; stage: string; ageSeconds: number; sleBreached: boolean }[];
  finishedItems: FinishedItem[];
  alerts: Alert[];
}

export const FEEDBACK_QUERY = `query Feedback($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    sle { days percentile }
    stages { name kind wipLimit }
    flow(window: $window) { sleAttainment }
    stageMetrics(window: $window) { stage wip }
    agingWip { itemId key stage ageSeconds sleBreached }
    finishedItems(window: $window) { itemId key itemType flowEnd flowTimeSeconds activeSeconds withinSle }
    alerts(window: $window) { id valueStreamId kind stage itemId since until }
  }
}`;

export async function loadFeedback(api: Api, id: string, window: Window): Promise<FeedbackData | null> {
  return (await api.query<{ valueStream: FeedbackData | null }>(FEEDBACK_QUERY, { id, window })).valueStream;
}

/** Nearest rank, as the rules: x_ceil(p*n/100) of the sorted values; null when there are none. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1];
}

const DAY = 86_400;

function scatter(el: HTMLElement, data: FeedbackData): void {
  const sorted = data.finishedItems.map((i) => i.flowTimeSeconds / DAY).sort((a, b) => a - b);
  const lines: { name: string; yAxis: number; lineStyle: { color: string; type: string } }[] = [];
  for (const [p, colour] of [[50, '#64748b'], [85, '#f59e0b'], [95, '#ef4444']] as const) {
    const v = percentile(sorted, p);
    if (v !== null) lines.push({ name: `${p}th percentile`, yAxis: v, lineStyle: { color: colour, type: 'dashed' } });
  }
  if (data.sle) lines.push({ name: `SLE ${data.sle.percentile}% within ${data.sle.days} d`, yAxis: data.sle.days, lineStyle: { color: '#16a34a', type: 'solid' } });
  let chart = echarts.getInstanceByDom(el);
  if (!chart) chart = echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption({
    grid: { left: 48, right: 120, top: 24, bottom: 32 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'flow time (days)' },
    series: [{
      type: 'scatter',
      name: 'Finished items',
      symbolSize: 8,
      data: data.finishedItems.map((i) => ({
        name: i.key,
        value: [i.flowEnd, i.flowTimeSeconds / DAY],
        itemStyle: { color: i.withinSle === false ? '#dc2626' : '#2563eb' },
      })),
      markLine: { symbol: 'none', label: { formatter: '{b}', position: 'end' }, data: lines },
    }],
  }, { notMerge: true });
  window.flowlensCharts = window.flowlensCharts ?? {};
  window.flowlensCharts['cycle-time'] = chart;
}

function wipLimits(data: FeedbackData): HTMLElement {
  const wip = new Map(data.stageMetrics.map((m) => [m.stage, m.wip]));
  const rows = data.stages.map((s) => {
    const n = wip.get(s.name) ?? 0;
    const over = s.wipLimit !== null && n > s.wipLimit;
    return h('li', { class: `wip-limit${over ? ' over' : ''}`, 'data-stage': s.name, 'data-over': over ? 'true' : 'false' },
      h('strong', {}, s.name), ': ', `${n} in progress`, s.wipLimit === null ? ' (no limit)' : ` of at most ${s.wipLimit}`,
      over ? h('span', { class: 'badge' }, 'Over its WIP limit') : null);
  });
  return h('ul', { class: 'wip-limits', 'aria-label': 'WIP against the stages’ limits' }, rows);
}

function aging(data: FeedbackData): HTMLElement {
  if (!data.sle) return notice('empty', 'No service level expectation is set for this stream.');
  const breached = data.agingWip.filter((i) => i.sleBreached);
  return h('div', { class: 'sle-aging' },
    h('p', {}, `${breached.length} of ${data.agingWip.length} items in progress are older than the SLE (${data.sle.days} days).`),
    h('ul', { class: 'aging-dots' }, data.agingWip.map((i) => h('li', {
      class: `dot${i.sleBreached ? ' breached' : ''}`, 'data-item': i.itemId, 'data-breached': i.sleBreached ? 'true' : 'false',
      title: `${i.key} · ${i.stage} · ${fmt.duration(i.ageSeconds)}`,
    }, i.key))));
}

function alertRow(a: Alert): HTMLElement {
  const what = a.kind === 'WIP_LIMIT' ? `Stage ${a.stage ?? ''} over its WIP limit` : `Item ${a.itemId ?? ''} past the SLE`;
  return h('li', { class: `alert ${a.until ? 'ended' : 'open'}`, 'data-alert': a.id },
    h('strong', {}, what), ` since ${fmt.date(a.since)}`, a.until ? ` until ${fmt.date(a.until)}` : ' (open)');
}

/** The alert list, newest first; a live push adds or updates its row. */
export class AlertList {
  readonly el = h('ol', { class: 'alerts', 'aria-live': 'polite' });
  private readonly byId = new Map<string, Alert>();

  set(alerts: Alert[]): void {
    this.byId.clear();
    alerts.forEach((a) => this.byId.set(a.id, a));
    this.render();
  }

  push(a: Alert): void {
    this.byId.set(a.id, a);
    this.render();
  }

  private render(): void {
    const all = [...this.byId.values()].sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : a.id < b.id ? -1 : 1));
    this.el.replaceChildren(...(all.length ? all.map(alertRow) : [notice('empty', 'No alert in this window.')]));
  }
}

/** Builds or refreshes the feedback panels in {@code el}; the alert list keeps live pushes between refreshes. */
export function renderFeedback(el: HTMLElement, data: FeedbackData, alerts: AlertList): void {
  const chart = h('div', { class: 'chart', id: 'chart-cycle-time', role: 'img', 'aria-label': 'Cycle-time scatterplot: flow time of each finished item, with percentile lines and the SLE' });
  alerts.set(data.alerts);
  const attainment = data.sle
    ? h('p', { 'data-field': 'sle-attainment', 'data-value': data.flow.sleAttainment ?? '' },
      `SLE attainment: ${fmt.percent(data.flow.sleAttainment)} of the finished items within ${data.sle.days} days (expected ${data.sle.percentile}%).`)
    : null;
  el.replaceChildren(
    section('cycle-time', 'Cycle time', attainment, chart),
    section('wip-limits', 'WIP limits', wipLimits(data)),
    section('sle-aging', 'Work in progress against the SLE', aging(data)),
    section('alerts', 'Alerts', alerts.el),
  );
  scatter(chart, data);
}
