// The delivery panel (issue 25): the four phases of the stream's merged changes with the slowest one marked, and
// idea to production. Its own query, so the main dashboard query stays as it is. Tool text is set as text only.
import type { Api, DurationStats, Window } from './api';
import { h, section } from './dom';
import * as fmt from './format';

interface DeliveryData {
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

const PHASES: [string, string, 'codingTime' | 'pickupTime' | 'reviewTime' | 'deployTime'][] = [
  ['coding', 'Coding', 'codingTime'],
  ['pickup', 'Pickup', 'pickupTime'],
  ['review', 'Review', 'reviewTime'],
  ['deploy', 'Deploy', 'deployTime'],
];

function tile(metric: string, title: string, s: DurationStats, slowest: boolean): HTMLElement {
  return h('div', { class: slowest ? 'tile slowest' : 'tile', 'data-metric': metric, 'data-slowest': String(slowest) },
    h('h3', {}, title, slowest ? ' (slowest)' : ''),
    h('p', { class: 'value', 'data-value': s.p50 ?? '' }, fmt.duration(s.p50)),
    h('p', { class: 'hint' }, s.count ? `median of ${s.count}; p85 ${fmt.duration(s.p85)}` : 'none in the window'));
}

/** Loads and shows the panel inside the dashboard's root (created once, refilled on each load). */
export async function renderDelivery(root: HTMLElement, api: Api, id: string, window: Window, label: string): Promise<void> {
  let body = root.querySelector<HTMLElement>('#delivery .delivery-body');
  if (!body) {
    body = h('div', { class: 'delivery-body' });
    root.append(section('delivery', `Delivery and idea to production · ${label}`, body));
  }
  let data: DeliveryData;
  try {
    data = await api.query<DeliveryData>(QUERY, { id, window });
  } catch (e) {
    body.replaceChildren(h('p', { class: 'notice error' }, `Delivery could not be loaded: ${(e as Error).message}`));
    return;
  }
  const vs = data.valueStream;
  if (!vs) {
    body.replaceChildren();
    return;
  }
  const d = vs.delivery;
  const p = vs.toProduction;
  body.replaceChildren(
    h('div', { class: 'tiles delivery-phases' }, PHASES.map(([phase, title, key]) => tile(phase, title, d[key], d.slowestPhase === phase))),
    h('p', { class: 'hint' }, `${d.merged} merged changes; unreviewed ${fmt.percent(d.unreviewedShare)}; time to merge median ${fmt.duration(d.timeToMerge.p50)}`),
    h('div', { class: 'tiles production' },
      tile('idea-to-production', 'Idea to production', p.ideaToProduction, false),
      tile('done-to-production', 'Done to production', p.doneToProduction, false),
      h('div', { class: 'tile', 'data-metric': 'release-queue' }, h('h3', {}, 'Release queue'),
        h('p', { class: 'value', 'data-value': p.releaseQueue }, String(p.releaseQueue)),
        h('p', { class: 'hint' }, `done, waiting for production; ${p.delivered} delivered in the window`))),
  );
}
