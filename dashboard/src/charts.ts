/**
 * Apache ECharts, only the parts used here. Each chart keeps one instance per container
 * (a live refresh updates it in place) and resizes with its container. The instances are
 * also listed on window.flowlensCharts, by name, so that a test or a curious user can read
 * what a chart draws (getOption()).
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { AgingItem, CfdDay, FinishedItem, SeriesPoint, Stage, TypeShare } from './api';
import { h, webUrl } from './dom';
import { days, itemType, shortDate } from './format';

echarts.use([BarChart, LineChart, ScatterChart, AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#0ea5e9', '#84cc16', '#f97316'];
const AT_RISK = '#dc2626';
const ON_TRACK = '#2563eb';
const DONE = '#16a34a';
/** Stage bands of the cumulative flow: no green, which is Done's. */
const STAGE_COLOURS = ['#2563eb', '#f59e0b', '#8b5cf6', '#0ea5e9', '#ef4444', '#f97316', '#64748b'];

declare global {
  interface Window {
    flowlensCharts: Record<string, echarts.ECharts>;
  }
}
window.flowlensCharts = window.flowlensCharts ?? {};

const observed = new WeakSet<HTMLElement>();

function draw(el: HTMLElement, name: string, option: echarts.EChartsCoreOption): void {
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    chart = echarts.init(el, undefined, { renderer: 'canvas' });
    if (!observed.has(el)) {
      observed.add(el);
      new ResizeObserver(() => echarts.getInstanceByDom(el)?.resize()).observe(el);
    }
  }
  chart.setOption({ aria: { enabled: true }, color: PALETTE, animationDuration: 300, ...option }, { notMerge: true });
  window.flowlensCharts[name] = chart;
}

const grid = { left: 48, right: 16, top: 36, bottom: 32, containLabel: false };

/** A bar or line per bucket; with onPick, a click on a bucket calls it with the bucket's index. */
export function seriesChart(el: HTMLElement, name: string, label: string, points: SeriesPoint[], kind: 'bar' | 'line', onPick?: (index: number) => void): void {
  draw(el, name, {
    grid,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => shortDate(p.start)) },
    yAxis: { type: 'value', minInterval: 1, name: label, nameTextStyle: { align: 'left' } },
    series: [{ name: label, type: kind, data: points.map((p) => p.value), smooth: kind === 'line', areaStyle: kind === 'line' ? { opacity: 0.15 } : undefined }],
  });
  const chart = echarts.getInstanceByDom(el)!;
  chart.off('click');
  if (onPick) chart.on('click', (p) => onPick(p.dataIndex));
}

export function distributionChart(el: HTMLElement, name: string, finished: TypeShare[], inProgress: TypeShare[]): void {
  const types = [...new Set([...finished, ...inProgress].map((s) => s.itemType))];
  const share = (list: TypeShare[], t: string) => Math.round((list.find((s) => s.itemType === t)?.share ?? 0) * 1000) / 10;
  draw(el, name, {
    grid: { ...grid, top: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    xAxis: { type: 'category', data: types.map(itemType) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: 'Finished (velocity)', type: 'bar', data: types.map((t) => share(finished, t)) },
      { name: 'In progress (load)', type: 'bar', data: types.map((t) => share(inProgress, t)) },
    ],
  });
}

/** Stacked areas, done at the bottom and the first stage on top: bands read as queues. */
export function cfdChart(el: HTMLElement, name: string, stages: Stage[], cfd: CfdDay[]): void {
  const stageSeries = [...stages].reverse().map((stage) => ({
    name: stage.name,
    type: 'line',
    stack: 'cfd',
    areaStyle: {},
    symbol: 'none',
    lineStyle: { width: 1 },
    data: cfd.map((d) => d.stages.find((s) => s.stage === stage.name)?.count ?? 0),
  }));
  draw(el, name, {
    grid: { ...grid, top: 56 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis' },
    color: [DONE, ...[...stages].reverse().map((_, i) => STAGE_COLOURS[(stages.length - 1 - i) % STAGE_COLOURS.length])],
    xAxis: { type: 'category', boundaryGap: false, data: cfd.map((d) => shortDate(d.day)) },
    yAxis: { type: 'value', minInterval: 1, name: 'items' },
    series: [
      { name: 'Done', type: 'line', stack: 'cfd', areaStyle: {}, symbol: 'none', lineStyle: { width: 1 }, data: cfd.map((d) => d.done) },
      ...stageSeries,
    ],
  });
}

/** Age against stage: each dot an unfinished item, the at-risk ones red. */
export function agingChart(el: HTMLElement, name: string, stages: Stage[], items: AgingItem[], urls: Map<string, string>): void {
  const stageNames = stages.map((s) => s.name);
  const point = (item: AgingItem) => ({
    value: [stageNames.indexOf(item.stage), days(item.ageSeconds)],
    name: item.key,
    title: item.title,
    url: urls.get(item.itemId),
  });
  // spread dots of one stage sideways a little so that they do not hide each other
  const jitter = (list: AgingItem[]) => list.map((item, i) => {
    const p = point(item);
    p.value[0] += ((i % 7) - 3) * 0.06;
    return p;
  });
  draw(el, name, {
    grid: { ...grid, top: 40, left: 56 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      confine: true,
      // key and title come from the tools: built as DOM text (ECharts would parse a returned string as HTML)
      formatter: (p: { data: ReturnType<typeof point>; value: number[] }) => h('span', { class: 'tip' },
        h('strong', {}, p.data.name), p.data.title ? ` ${p.data.title}` : '', h('br'), `${p.value[1]} days old`),
    },
    xAxis: {
      type: 'value',
      min: -0.5,
      max: stageNames.length - 0.5,
      interval: 0.5,
      splitLine: { show: false },
      axisTick: { show: false },
      // ticks every half stage: names on the whole ones (the stage centres), nothing between
      axisLabel: { formatter: (v: number) => (Number.isInteger(v) ? stageNames[v] ?? '' : '') },
    },
    yAxis: { type: 'value', name: 'age (days)', axisLine: { show: true, onZero: false } },
    series: [
      { name: 'On track', type: 'scatter', symbolSize: 9, itemStyle: { color: ON_TRACK, opacity: 0.75 }, data: jitter(items.filter((i) => !i.atRisk)) },
      { name: 'At risk', type: 'scatter', symbolSize: 11, itemStyle: { color: AT_RISK }, data: jitter(items.filter((i) => i.atRisk)) },
    ],
  });
  // a dot opens its item in the tracker (the table below has the same links for keyboards)
  const chart = echarts.getInstanceByDom(el)!;
  chart.off('click');
  chart.on('click', (p) => {
    const url = webUrl((p.data as { url?: string } | undefined)?.url);
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
  });
}

export interface LevelLine { name: string; days: number; colour: string; solid: boolean }

/**
 * The cycle-time scatterplot: each finished item a dot (flow end, flow time in days), outside the SLE red and
 * within blue, with horizontal lines (percentiles, SLE). A click on a dot calls onPick with its item id.
 */
export function cycleTimeChart(el: HTMLElement, name: string, items: FinishedItem[], lines: LevelLine[], onPick: (itemId: string) => void): void {
  const point = (i: FinishedItem) => ({ value: [i.flowEnd, days(i.flowTimeSeconds)], name: i.key, itemId: i.itemId, withinSle: i.withinSle });
  draw(el, name, {
    grid: { ...grid, top: 56, right: 170 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      confine: true,
      // the key comes from the tools: built as DOM text (ECharts would parse a returned string as HTML)
      formatter: (p: { data: ReturnType<typeof point> | undefined; name: string; value: unknown }) => (p.data && 'itemId' in p.data
        ? h('span', { class: 'tip' }, h('strong', {}, p.data.name), h('br'), `${p.data.value[1]} days, finished ${shortDate(String(p.data.value[0]))}`,
          p.data.withinSle === false ? ' · outside the SLE' : '')
        : h('span', { class: 'tip' }, `${p.name}: ${Array.isArray(p.value) ? '' : p.value} days`)),
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'flow time (days)', nameTextStyle: { align: 'left' } },
    series: [
      {
        name: 'Within the SLE (or none set)', type: 'scatter', symbolSize: 9, itemStyle: { color: ON_TRACK, opacity: 0.8 },
        data: items.filter((i) => i.withinSle !== false).map(point),
        markLine: {
          symbol: 'none',
          silent: true,
          label: { formatter: (p: { name: string; value: number }) => `${p.name}: ${Math.round(p.value * 10) / 10} d`, position: 'end' },
          data: lines.map((l) => ({ name: l.name, yAxis: l.days, lineStyle: { color: l.colour, type: l.solid ? 'solid' : 'dashed', width: l.solid ? 2 : 1 } })),
        },
      },
      // a different symbol too, so that outside the SLE does not rest on colour alone
      { name: 'Outside the SLE', type: 'scatter', symbol: 'diamond', symbolSize: 12, itemStyle: { color: AT_RISK }, data: items.filter((i) => i.withinSle === false).map(point) },
    ],
  });
  const chart = echarts.getInstanceByDom(el)!;
  chart.off('click');
  chart.on('click', (p) => {
    const id = (p.data as { itemId?: string } | undefined)?.itemId;
    if (id) onPick(id);
  });
}
