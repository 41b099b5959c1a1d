/**
 * The DORA panel of DORA's current model (five metrics) and the deployments list that explains them
 * (schema: DoraMetrics' v2 fields, ValueStream.deploymentsList). Its own query, so the dashboard's main query and
 * tiles stay as they are. Tool text (ids, services, environments) is set as text, never as markup.
 */
import type { Api, DeploymentView, DoraBand, DoraMetric, DurationStats, Window } from './api';
import type { DrillSources } from './drill';
import { h } from './dom';
import * as fmt from './format';
interface DoraFive {
  deployments: number;
  deploymentFrequency: DoraMetric;
  leadTimeForChanges: DurationStats;
  leadTimeBand: DoraBand | null;
  changeFailureRate: DoraMetric;
  failedDeploymentRecoveryTime: DurationStats;
  failedDeploymentRecoveryBand: DoraBand | null;
  unrecoveredDeployments: number;
  reworkRate: number | null;
}
interface Answer { valueStream: { dora: DoraFive; deploymentsList: DeploymentView[] } | null }

export const DORA_PANEL_QUERY = `query DoraPanel($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    dora(window: $window) {
      deployments deploymentFrequency { value band } leadTimeForChanges { count p50 } leadTimeBand
      changeFailureRate { value band }
      failedDeploymentRecoveryTime { count p50 } failedDeploymentRecoveryBand unrecoveredDeployments reworkRate
    }
    deploymentsList(window: $window) {
      deploymentId service environment finishedAt failed rework incidents { incidentId rule } rollbackOf recoverySeconds
    }
  }
}`;

function tile(metric: string, title: string, shown: string | Node, band: DoraBand | null, hint: string): HTMLElement {
  // data-dora-metric, not data-metric: the DORA tiles above already carry data-metric for the first three
  return h('div', { class: 'tile', 'data-dora-metric': metric }, h('h3', {}, title), h('p', { class: 'value' }, shown),
    h('span', { class: `band ${band ? band.toLowerCase() : 'none'}` }, band ? band.charAt(0) + band.slice(1).toLowerCase() : 'no band'),
    h('p', { class: 'hint' }, hint));
}

function why(d: DeploymentView): string {
  const parts: string[] = [];
  for (const i of d.incidents) parts.push(`${i.incidentId} (${i.rule === 'EXPLICIT' ? 'names it' : 'window'})`);
  if (d.rollbackOf) parts.push(`rolls back ${d.rollbackOf}`);
  return parts.join('; ');
}

function render(el: HTMLElement, d: DoraFive, list: DeploymentView[], drill: DrillSources): void {
  // the figures deploymentsList explains open their deployments; lead time for changes opens nothing: it counts the
  // changes whose shipping deployment finished in the window, and changesList lists those merged in it
  const LIST = 'deploymentsList(window)';
  const open = (shown: string, label: string, title: string, source: string, filter: (x: DeploymentView) => boolean) =>
    (d.deployments ? drill.button(shown, label, () => drill.deployments(title, `${LIST}: ${source}`, filter)) : shown);
  const rows = list.map((x) => h('tr', { 'data-deployment': x.deploymentId },
    h('td', {}, fmt.date(x.finishedAt)), h('td', {}, x.service), h('td', {}, x.environment), h('td', {}, x.deploymentId),
    h('td', {}, x.failed ? 'failed' : ''), h('td', {}, x.rework ? 'rework' : ''),
    h('td', {}, x.recoverySeconds === null ? (x.failed ? 'not recovered' : '') : fmt.duration(x.recoverySeconds)),
    h('td', {}, why(x))));
  el.replaceChildren(
    h('h2', {}, 'DORA · five metrics'),
    h('div', { class: 'tiles' },
      tile('deployment-frequency', 'Deployment frequency', open(fmt.perDay(d.deploymentFrequency.value), `list the ${d.deployments} deployments of the window`,
        'Deployments of the window', 'every deployment of the stream finished in the window.', () => true), d.deploymentFrequency.band, `${d.deployments} deployments`),
      tile('lead-time-for-changes', 'Change lead time', fmt.duration(d.leadTimeForChanges.p50), d.leadTimeBand, `median of ${d.leadTimeForChanges.count}`),
      tile('change-failure-rate', 'Change fail rate', open(fmt.percent(d.changeFailureRate.value, 1), 'list the failed deployments of the window',
        'Change fail rate: the failed deployments', 'the failed ones (an attributed incident or a rollback).', (x) => x.failed), d.changeFailureRate.band, 'an attributed incident or a rollback'),
      tile('failed-deployment-recovery-time', 'Failed deployment recovery time', open(fmt.duration(d.failedDeploymentRecoveryTime.p50), 'list the failed deployments and their recovery',
        'Failed deployment recovery: the failed deployments', 'the failed ones, each with its recovery time or "not recovered".', (x) => x.failed), d.failedDeploymentRecoveryBand,
        `${d.failedDeploymentRecoveryTime.count} recovered, ${d.unrecoveredDeployments} not yet`),
      tile('rework-rate', 'Deployment rework rate', open(fmt.percent(d.reworkRate, 1), 'list the rework deployments of the window',
        'Deployment rework rate: the rework deployments', 'the rework ones (a rollback, a hotfix, or deployed during an incident of the service).', (x) => x.rework), null, 'rollbacks, hotfixes, during an incident')),
    list.length === 0 ? h('p', { class: 'hint' }, 'No deployment in the window.')
      // scrolls sideways inside its panel when ids are long
      : h('div', { class: 'table-scroll' }, h('table', { class: 'deployments' },
        h('thead', {}, h('tr', {}, ...['Finished', 'Service', 'Environment', 'Deployment', 'Failed', 'Rework', 'Recovery', 'Why'].map((t) => h('th', {}, t)))),
        h('tbody', {}, rows))));
}

/** Loads and shows the panel in a section placed after {@code after}; a failure leaves a line that says so. */
export async function show(api: Api, after: HTMLElement, streamId: string, window: Window, drill: DrillSources): Promise<void> {
  let el = after.parentElement?.querySelector<HTMLElement>(':scope > section.dora-five') ?? null;
  if (!el) {
    el = h('section', { class: 'dora-five' });
    after.insertAdjacentElement('afterend', el);
  }
  try {
    const a = await api.query<Answer>(DORA_PANEL_QUERY, { id: streamId, window });
    if (a.valueStream) render(el, a.valueStream.dora, a.valueStream.deploymentsList, drill);
  } catch (e) {
    el.replaceChildren(h('p', { class: 'hint' }, `The DORA panel could not be loaded: ${(e as Error).message}`));
  }
}
