// The delivery panel (issue 25): the four phases of the stream's merged changes with the slowest one marked, and
// idea to production; its toProduction figures also fill the value stream map's steps after Done. Its own query, so
// the main dashboard query stays as it is. Tool text is set as text only. The production figures open their items
// (drill.ts); the four phases, time to merge, the merged count and the unreviewed share open the merged changes
// behind them (changesList(window), the changes delivery(window) counts).
import type { Api, ChangeView, DurationStats, Window } from './api';
import type { DrillSources } from './drill';
import { h, section } from './dom';
import * as fmt from './format';

export interface DeliveryData {
  valueStream: {
    delivery: {
      merged: number;
      unreviewedShare: number | null;
      slowestPhase: string | null;
      codingTime: DurationStats;
      pickupTime: DurationStats;
      reviewTime: DurationStats;
      deployTime: DurationStats;
      timeToMerge: DurationStats;
    };
    toProduction: {
      delivered: number;
      releaseQueue: number;
      ideaToProduction: DurationStats;
      doneToProduction: DurationStats;
    };
  } | null;
}

const STATS = '{ count p50 p85 }';
const QUERY = `query($id: ID!, $window: WindowInput!) { valueStream(id: $id) {
  delivery(window: $window) { merged unreviewedShare slowestPhase codingTime ${STATS} pickupTime ${STATS}
    reviewTime ${STATS} deployTime ${STATS} timeToMerge ${STATS} }
  toProduction(window: $window) { delivered releaseQueue ideaToProduction ${STATS} doneToProduction ${STATS} } } }`;

type Phase = 'codingTime' | 'pickupTime' | 'reviewTime' | 'deployTime';
/** Each phase: its name, title, DeliveryMetrics field, the per-change value in changesList, and which changes count. */
const PHASES: [string, string, Phase, (c: ChangeView) => number | null, string][] = [
  ['coding', 'Coding', 'codingTime', (c) => c.codingSeconds, 'the merged changes with a first commit'],
  ['pickup', 'Pickup', 'pickupTime', (c) => c.pickupSeconds, 'the reviewed merged changes'],
  ['review', 'Review', 'reviewTime', (c) => c.reviewSeconds, 'the reviewed merged changes'],
  ['deploy', 'Deploy', 'deployTime', (c) => c.deploySeconds, 'the merged changes shipped to production by now'],
];
const LIST = 'changesList(window): the changes delivery(window) counts (the stream’s repositories, merged in the window)';

function tile(metric: string, title: string, s: DurationStats, slowest: boolean, shown?: Node): HTMLElement {
  return h('div', { class: slowest ? 'tile slowest' : 'tile', 'data-metric': metric, 'data-slowest': String(slowest) },
    h('h3', {}, title, slowest ? ' (slowest)' : ''),
    h('p', { class: 'value', 'data-value': s.p50 ?? '' }, shown ?? fmt.duration(s.p50)),
    h('p', { class: 'hint' }, s.count ? `median of ${s.count}; p85 ${fmt.duration(s.p85)}` : 'none in the window'));
}

export async function loadDelivery(api: Api, id: string, window: Window): Promise<DeliveryData> {
  return api.query<DeliveryData>(QUERY, { id, window });
}

function body(root: HTMLElement, label: string): HTMLElement {
  let el = root.querySelector<HTMLElement>('#delivery .delivery-body');
  if (!el) {
    el = h('div', { class: 'delivery-body' });
    root.append(section('delivery', `Delivery and idea to production · ${label}`, el));
  }
  return el;
}

export function showDeliveryError(root: HTMLElement, label: string, e: unknown): void {
  body(root, label).replaceChildren(h('p', { class: 'notice error' }, `Delivery could not be loaded: ${(e as Error).message}`));
}

/** Shows the panel inside the dashboard's root (created once, refilled on each load). */
export function renderDelivery(root: HTMLElement, data: DeliveryData, label: string, drill: DrillSources): void {
  const el = body(root, label);
  const vs = data.valueStream;
  if (!vs) {
    el.replaceChildren();
    return;
  }
  const d = vs.delivery;
  const p = vs.toProduction;
  const items = (s: DurationStats, what: string, doneOnly: boolean) => (s.count
    ? drill.button(fmt.duration(s.p50), `median ${what} of ${s.count} delivered items: list them`,
      () => drill.delivered(`${what.charAt(0).toUpperCase()}${what.slice(1)}: the items delivered in the window${doneOnly ? ' that are done' : ''}`, doneOnly))
    : undefined);
  el.replaceChildren(
    h('div', { class: 'tiles delivery-phases' }, PHASES.map(([phase, title, key, value, which]) => tile(phase, title, d[key], d.slowestPhase === phase,
      d[key].count ? drill.button(fmt.duration(d[key].p50), `median ${title.toLowerCase()} time of ${d[key].count} merged changes: list them`,
        () => drill.changes(`${title} time: ${which}`, `${LIST}, those with a ${title.toLowerCase()} time.`, `${title} time`, value))
        : undefined))),
    h('p', { class: 'hint delivery-changes' },
      drill.button(String(d.merged), `list the ${d.merged} merged changes of the window`,
        () => drill.changes('Merged changes of the window', `${LIST}.`, 'Time to merge', (c) => c.timeToMergeSeconds)),
      ' merged changes; unreviewed ',
      d.merged ? drill.button(fmt.percent(d.unreviewedShare), 'list the unreviewed merged changes',
        () => drill.changes('Unreviewed share: the merged changes without a review by someone other than their author',
          `${LIST}, those not reviewed before they merged.`, 'Time to merge', (c) => c.timeToMergeSeconds, (c) => !c.reviewed))
        : fmt.percent(d.unreviewedShare),
      '; time to merge median ',
      d.timeToMerge.count ? drill.button(fmt.duration(d.timeToMerge.p50), `median time to merge of ${d.timeToMerge.count} merged changes: list them`,
        () => drill.changes('Time to merge: the merged changes of the window', `${LIST}: first commit (else creation) to merge.`, 'Time to merge', (c) => c.timeToMergeSeconds))
        : fmt.duration(d.timeToMerge.p50)),
    h('div', { class: 'tiles production' },
      tile('idea-to-production', 'Idea to production', p.ideaToProduction, false, items(p.ideaToProduction, 'idea to production', false)),
      tile('done-to-production', 'Done to production', p.doneToProduction, false, items(p.doneToProduction, 'done to production', true)),
      h('div', { class: 'tile', 'data-metric': 'release-queue' }, h('h3', {}, 'Release queue'),
        h('p', { class: 'value', 'data-value': p.releaseQueue },
          drill.button(String(p.releaseQueue), `list the ${p.releaseQueue} items done and waiting for production`, () => drill.releaseQueue())),
        h('p', { class: 'hint' }, `done, waiting for production; ${p.delivered} delivered in the window`))),
  );
}
