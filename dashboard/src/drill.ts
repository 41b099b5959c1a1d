/**
 * Drill-down (issues 25 and 27): each number opens the items behind it. A number is a button; it opens a modal
 * dialog that lists the items (key linked to the item in its tool, title, and what places it behind the number),
 * read from the API query that gives exactly those items:
 * - finishedItems(window): flow time, efficiency, SLE attainment, the scatterplot's dots;
 * - agingWip(asOf): load, a stage's WIP, items past the SLE, a WIP_LIMIT alert (asOf just after its since);
 * - workItems: velocity (flowEnd in the window), the release queue (done, a linked change merged, not delivered),
 *   delivered to production (deliveredAt in the window), an SLE_BREACH alert's item;
 * - deploymentsList(window): the DORA figures it explains (deployments, failed, rework, recovered);
 * - changesList(window): the delivery panel's merged changes, phases, time to merge and unreviewed share.
 * workItems has no filter by id, state or date, so those lists (and every title and link) come from reading the
 * stream's items page by page, once per dashboard load. Every window of this dashboard ends after now, so "as of
 * the window's end" is "as of now", which is what WorkItem's flowEnd, deliveredAt and changeIds say.
 * Text from the tools is set as text; only http(s) URLs become links.
 */
import type { AgingItem, Api, ChangeView, DeploymentView, FinishedItem, ItemType, Window, WorkItem } from './api';
import { h, notice, toolLink } from './dom';
import * as fmt from './format';

/** One line of a drill-down: the item (or deployment) and the facts that place it behind the number. */
export interface DrillRow { key: string; title: string | null; url: string | null; facts: (string | number)[] }

export interface DrillSpec {
  /** The dialog's heading, e.g. "Flow velocity: items finished in the window". */
  title: string;
  /** Which query answers, and how the list relates to the number. */
  source: string;
  /** The first column's heading: "Item", or "Deployment". */
  what?: string;
  columns: string[];
  rows: () => Promise<DrillRow[]>;
}

const PAGE = 500;
const WORK_ITEMS_QUERY = `query DrillWorkItems($id: ID!, $after: String) {
  valueStream(id: $id) {
    workItems(first: ${PAGE}, after: $after) {
      total nextCursor
      items { id key title url itemType status stage createdAt flowStart flowEnd deliveredAt changeIds }
    }
  }
}`;
const FINISHED_QUERY = `query DrillFinished($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) { finishedItems(window: $window) { itemId key itemType flowEnd flowTimeSeconds activeSeconds withinSle } }
}`;
const AGING_QUERY = `query DrillAging($id: ID!, $asOf: DateTime) {
  valueStream(id: $id) { agingWip(asOf: $asOf) { itemId key title itemType stage ageSeconds atRisk sleBreached } }
}`;
const DEPLOYMENTS_QUERY = `query DrillDeployments($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    deploymentsList(window: $window) { deploymentId service environment finishedAt failed rework incidents { incidentId rule } rollbackOf recoverySeconds }
  }
}`;

const CHANGES_QUERY = `query DrillChanges($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    changesList(window: $window) { changeId repository mergedAt codingSeconds pickupSeconds reviewSeconds deploySeconds timeToMergeSeconds reviewed deployedAt workItemKeys }
  }
}`;

type Aging = AgingItem & { sleBreached: boolean };

/** The dialog, one per page; opening another list replaces the one shown. */
export class Drill {
  readonly dialog = h('dialog', { id: 'drill', class: 'drill', 'aria-labelledby': 'drill-title', 'aria-describedby': 'drill-source' });
  private readonly title = h('h2', { id: 'drill-title' });
  private readonly source = h('p', { id: 'drill-source', class: 'hint' });
  private readonly body = h('div', { class: 'drill-body table-scroll' });
  private opener: HTMLElement | null = null;
  private seq = 0;

  constructor() {
    const close = h('button', { type: 'button', class: 'close', id: 'drill-close' }, 'Close');
    close.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.opener?.focus());
    // a click on the backdrop (outside the dialog's box) closes it too
    this.dialog.addEventListener('click', (e) => { if (e.target === this.dialog) this.dialog.close(); });
    this.dialog.append(h('div', { class: 'drill-head' }, this.title, close), this.source, this.body);
  }

  async open(spec: DrillSpec, opener: HTMLElement | null): Promise<void> {
    const seq = ++this.seq;
    this.opener = opener;
    this.title.textContent = spec.title;
    this.source.textContent = spec.source;
    this.body.setAttribute('aria-busy', 'true');
    this.body.replaceChildren(notice('loading', 'Loading the items…'));
    if (!this.dialog.isConnected) document.body.append(this.dialog);
    if (!this.dialog.open) this.dialog.showModal();
    let rows: DrillRow[];
    try {
      rows = await spec.rows();
    } catch (e) {
      if (seq === this.seq) {
        this.body.removeAttribute('aria-busy');
        this.body.replaceChildren(notice('error', `The items could not be loaded: ${(e as Error).message}`));
      }
      return;
    }
    if (seq !== this.seq) return;
    this.body.removeAttribute('aria-busy');
    const what = spec.what ?? 'Item';
    const titled = what === 'Item';
    const count = h('p', { class: 'drill-count', role: 'status', 'data-count': rows.length },
      rows.length === 1 ? `1 ${what.toLowerCase()}` : `${rows.length} ${what.toLowerCase()}s`);
    if (!rows.length) {
      this.body.replaceChildren(count, notice('empty', 'None: the number is 0.'));
      return;
    }
    this.body.replaceChildren(count, h('table', { class: 'drill-items' },
      h('caption', { class: 'sr-only' }, spec.title),
      h('thead', {}, h('tr', {}, [what, ...(titled ? ['Title'] : []), ...spec.columns].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-key': r.key },
        h('th', { scope: 'row' }, toolLink(r.url, r.key)), titled ? h('td', { class: 'title' }, r.title ?? '') : null,
        r.facts.map((f) => h('td', {}, f)))))));
  }

  /** A number that opens its items: a button whose name says what it lists. */
  button(text: string, label: string, spec: () => DrillSpec): HTMLButtonElement {
    const b = h('button', { type: 'button', class: 'drill-open', 'aria-haspopup': 'dialog', 'aria-label': `${text}: ${label}`, title: label }, text);
    b.addEventListener('click', () => void this.open(spec(), b));
    return b;
  }
}

/** The stream's work items, read page by page once (the drill-down's titles and links, and the lists by state). */
export class ItemDirectory {
  private loading: Promise<Map<string, WorkItem>> | null = null;

  constructor(private readonly api: Api, private readonly streamId: string) {}

  byId(): Promise<Map<string, WorkItem>> {
    this.loading ??= this.readAll().catch((e) => {
      this.loading = null; // a later drill-down tries again
      throw e;
    });
    return this.loading;
  }

  async all(): Promise<WorkItem[]> {
    return [...(await this.byId()).values()];
  }

  private async readAll(): Promise<Map<string, WorkItem>> {
    const items = new Map<string, WorkItem>();
    let after: string | null = null;
    do {
      const answer: { valueStream: { workItems: { nextCursor: string | null; items: WorkItem[] } } | null } =
        await this.api.query(WORK_ITEMS_QUERY, { id: this.streamId, after });
      if (!answer.valueStream) throw new Error('the value stream is no longer visible');
      for (const w of answer.valueStream.workItems.items) items.set(w.id, w);
      after = answer.valueStream.workItems.nextCursor;
    } while (after);
    return items;
  }
}

const within = (iso: string | null, w: { from: string; to: string }) => iso !== null && Date.parse(iso) >= Date.parse(w.from) && Date.parse(iso) < Date.parse(w.to);
const byKey = (a: DrillRow, b: DrillRow) => a.key.localeCompare(b.key, undefined, { numeric: true });
const sleText = (b: boolean | null) => (b === null ? 'no SLE' : b ? 'within' : 'outside');

/** The item lists behind the numbers of one dashboard load (one stream, one window). */
export class DrillSources {
  constructor(
    readonly drill: Drill,
    private readonly api: Api,
    private readonly streamId: string,
    readonly window: Window,
    private readonly directory: ItemDirectory,
  ) {}

  button(text: string, label: string, spec: () => DrillSpec): HTMLButtonElement {
    return this.drill.button(text, label, spec);
  }

  private row(item: WorkItem | undefined, key: string, facts: (string | number)[]): DrillRow {
    return { key: item?.key ?? key, title: item?.title ?? null, url: item?.url ?? null, facts };
  }

  /** finishedItems(window), optionally filtered, with the flow time, active time and SLE of each; longest flow first. */
  finished(title: string, filter: (f: FinishedItem) => boolean = () => true): DrillSpec {
    return {
      title,
      source: 'finishedItems(window): the items counted in the window’s flow time (flow end in the window, with a flow start).',
      columns: ['Finished', 'Flow time', 'Active time', 'Within SLE'],
      rows: async () => {
        const [answer, items] = await Promise.all([
          this.api.query<{ valueStream: { finishedItems: FinishedItem[] } | null }>(FINISHED_QUERY, { id: this.streamId, window: this.window }),
          this.directory.byId(),
        ]);
        return (answer.valueStream?.finishedItems ?? []).filter(filter)
          .sort((a, b) => b.flowTimeSeconds - a.flowTimeSeconds || a.key.localeCompare(b.key))
          .map((f) => this.row(items.get(f.itemId), f.key,
            [fmt.date(f.flowEnd), fmt.duration(f.flowTimeSeconds), fmt.duration(f.activeSeconds), sleText(f.withinSle)]));
      },
    };
  }

  /** agingWip as of asOf (default now), optionally filtered; oldest first. */
  inProgress(title: string, source: string, filter: (i: Aging) => boolean = () => true, asOf?: string): DrillSpec {
    return {
      title,
      source,
      columns: ['Type', 'Stage', 'Age', 'Past the SLE'],
      rows: async () => {
        const [answer, items] = await Promise.all([
          this.api.query<{ valueStream: { agingWip: Aging[] } | null }>(AGING_QUERY, { id: this.streamId, asOf: asOf ?? null }),
          this.directory.byId(),
        ]);
        return (answer.valueStream?.agingWip ?? []).filter(filter).sort((a, b) => b.ageSeconds - a.ageSeconds)
          .map((i) => ({ ...this.row(items.get(i.itemId), i.key, [fmt.itemType(i.itemType), i.stage, fmt.duration(i.ageSeconds), i.sleBreached ? 'yes' : 'no']), title: i.title ?? items.get(i.itemId)?.title ?? null }));
      },
    };
  }

  /** Items whose flow ended in the window or one of its buckets (flow velocity, the map's Done): workItems with flowEnd in [from, to). */
  flowEnded(title: string, type?: ItemType, span: { from: string; to: string } = this.window): DrillSpec {
    return this.workItems(title, `workItems, those whose flow end is in [${span.from}, ${span.to}): the items flow velocity counts.`,
      ['Type', 'Finished'], (w) => within(w.flowEnd, span) && (!type || w.itemType === type),
      (w) => [fmt.itemType(w.itemType), fmt.date(w.flowEnd)]);
  }

  /** The release queue: done, with a merged linked change, not delivered (toProduction.releaseQueue). */
  releaseQueue(): DrillSpec {
    return this.workItems('Release queue: done, waiting for production',
      'workItems that are done, have at least one linked merged change (changeIds) and no deliveredAt: toProduction.releaseQueue.',
      ['Done', 'Linked changes'], (w) => w.flowEnd !== null && w.changeIds.length > 0 && w.deliveredAt === null,
      (w) => [fmt.date(w.flowEnd), w.changeIds.join(', ')]);
  }

  /** Delivered to production in the window (toProduction.delivered, the items of idea/done to production). */
  delivered(title: string, doneOnly = false): DrillSpec {
    return this.workItems(title,
      `workItems whose deliveredAt (the deployment that shipped the last of their linked changes) is in the window${doneOnly ? ', done: the items of done to production' : ': toProduction.delivered, the items of idea to production'}.`,
      ['Created', 'Done', 'Delivered', 'Idea to production', 'Done to production'],
      (w) => within(w.deliveredAt, this.window) && (!doneOnly || w.flowEnd !== null),
      (w) => {
        const d = Date.parse(w.deliveredAt!);
        return [fmt.date(w.createdAt), fmt.date(w.flowEnd), fmt.date(w.deliveredAt), fmt.duration((d - Date.parse(w.createdAt)) / 1000),
          w.flowEnd ? fmt.duration(Math.max(0, d - Date.parse(w.flowEnd)) / 1000) : '–'];
      });
  }

  /** Given items by id (an SLE_BREACH alert's item). */
  items(title: string, source: string, ids: string[]): DrillSpec {
    const wanted = new Set(ids);
    return this.workItems(title, source, ['Status', 'Stage', 'Flow start', 'Done'], (w) => wanted.has(w.id),
      (w) => [w.status, w.stage ?? '', fmt.date(w.flowStart), fmt.date(w.flowEnd)]);
  }

  private workItems(title: string, source: string, columns: string[], filter: (w: WorkItem) => boolean, facts: (w: WorkItem) => (string | number)[]): DrillSpec {
    return {
      title,
      source,
      columns,
      rows: async () => (await this.directory.all()).filter(filter).map((w) => this.row(w, w.key, facts(w))).sort(byKey),
    };
  }

  /**
   * changesList(window): the merged changes a delivery number counts, by merge then id, with the value that number
   * takes from each (a phase's seconds; none: the change is not counted in it, e.g. no first commit, unreviewed).
   */
  changes(title: string, source: string, valueName: string, value: (c: ChangeView) => number | null, filter: (c: ChangeView) => boolean = (c) => value(c) !== null): DrillSpec {
    return {
      title,
      source,
      what: 'Change',
      columns: ['Repository', 'Merged', valueName, 'Reviewed', 'Deployed', 'Work items'],
      rows: async () => {
        const answer = await this.api.query<{ valueStream: { changesList: ChangeView[] } | null }>(CHANGES_QUERY, { id: this.streamId, window: this.window });
        return (answer.valueStream?.changesList ?? []).filter(filter).map((c) => ({
          key: c.changeId, title: null, url: null,
          facts: [c.repository, fmt.dateTime(c.mergedAt), fmt.duration(value(c)), c.reviewed ? 'reviewed' : 'unreviewed',
            c.deployedAt === null ? '' : fmt.dateTime(c.deployedAt), c.workItemKeys.join(', ')],
        }));
      },
    };
  }

  /** deploymentsList(window), filtered: the deployments a DORA figure counts. */
  deployments(title: string, source: string, filter: (d: DeploymentView) => boolean = () => true): DrillSpec {
    return {
      title,
      source,
      what: 'Deployment',
      columns: ['Finished', 'Service', 'Environment', 'Failed', 'Rework', 'Recovery'],
      rows: async () => {
        const answer = await this.api.query<{ valueStream: { deploymentsList: DeploymentView[] } | null }>(DEPLOYMENTS_QUERY, { id: this.streamId, window: this.window });
        return (answer.valueStream?.deploymentsList ?? []).filter(filter).map((d) => ({
          key: d.deploymentId, title: null, url: null,
          facts: [fmt.date(d.finishedAt), d.service, d.environment, d.failed ? 'failed' : '', d.rework ? 'rework' : '',
            d.recoverySeconds === null ? (d.failed ? 'not recovered' : '') : fmt.duration(d.recoverySeconds)],
        }));
      },
    };
  }
}
