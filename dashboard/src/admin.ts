/**
 * The admin page (#admin; issue 24): every connector with its last sync, a "test" button (testConnector with the
 * stored token), a progress bar for a running sync (phase, counts, rate-limit wait and its end, estimate) and the
 * history of its runs (syncRuns). A running sync's progress is pushed by the syncProgress subscription; while the
 * subscription is not live, a running sync is read again every two seconds instead. Text from tools (errors, names,
 * phases) is shown with textContent only (dom.h), never as markup.
 */
import { Api, ApiError } from './api';
import { h, notice, section } from './dom';
import { GraphqlSubscriptions, type Operation, type SubscriptionState } from './subscription';

interface Connector {
  id: string; kind: string; name: string; baseUrl: string; selector: string;
  lastSyncAt: string | null; lastError: string | null;
}
interface SyncPhase { resource: string; name: string; scope: string | null; endpoint: string | null; items: number; total: number | null; estimatedEnd: string | null }
interface SyncRun {
  id: string; status: string; trigger: string | null; startedAt: string; finishedAt: string | null;
  pages: number; items: number; events: number; requests: number; rateLimitWaits: number; error: string | null;
  phase: SyncPhase | null; rateLimitWait: { reason: string; until: string } | null;
}
interface SyncRunPage { items: SyncRun[]; nextCursor: string | null; total: number }
interface ConnectorTest { ok: boolean; checks: { name: string; ok: boolean; message: string | null }[] }

const RUN_FIELDS = `id status trigger startedAt finishedAt pages items events requests rateLimitWaits error
  phase { resource name scope endpoint items total estimatedEnd } rateLimitWait { reason until }`;
export const CONNECTORS_QUERY = `query Connectors { connectors { id kind name baseUrl selector lastSyncAt lastError } }`;
export const SYNC_RUNS_QUERY = `query SyncRuns($id: ID!, $first: Int, $after: String) {
  syncRuns(connectorId: $id, first: $first, after: $after) { total nextCursor items { ${RUN_FIELDS} } } }`;
export const TEST_MUTATION = `mutation Test($input: ConnectorInput!) { testConnector(input: $input) { ok checks { name ok message } } }`;
export const SYNC_MUTATION = `mutation Sync($id: ID!) { syncConnector(id: $id) { id status } }`;
export const SYNC_PROGRESS_SUBSCRIPTION = `subscription SyncProgress($id: ID!) { syncProgress(connectorId: $id) { ${RUN_FIELDS} } }`;

const POLL_MS = 2_000;
const HISTORY = 10;

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The progress bar of a run: the phase's share when the tool gave a total, else an indeterminate bar. */
export function progressView(run: SyncRun): HTMLElement {
  const phase = run.phase;
  const bar = h('progress', { class: 'sync-bar', 'aria-label': 'sync progress' });
  if (phase?.total) {
    bar.max = phase.total;
    bar.value = Math.min(phase.items, phase.total);
  }
  const lines: (HTMLElement | null)[] = [
    h('p', { class: 'sync-phase' }, phase
      ? `Reading ${phase.name}${phase.scope ? ` of ${phase.scope}` : ''}: ${phase.items}${phase.total != null ? ` of ${phase.total}` : ''} objects`
      : 'Starting…'),
    phase?.endpoint ? h('p', { class: 'sync-endpoint' }, `Last call: ${phase.endpoint}`) : null,
    h('p', { class: 'sync-counts' }, `${run.pages} pages, ${run.items} objects, ${run.events} events, ${run.requests} requests, ${run.rateLimitWaits} rate-limit waits`),
    run.rateLimitWait
      ? h('p', { class: 'sync-wait', role: 'status', 'data-until': run.rateLimitWait.until }, `Waiting for the rate limit until ${when(run.rateLimitWait.until)}: ${run.rateLimitWait.reason}`)
      : null,
    phase?.estimatedEnd ? h('p', { class: 'sync-estimate' }, `This phase should end about ${when(phase.estimatedEnd)}`) : null,
  ];
  return h('div', { class: 'sync-progress', 'data-run': run.id }, bar, ...lines);
}

function historyView(page: SyncRunPage): HTMLElement {
  if (!page.items.length) return notice('empty', 'No sync has run yet.');
  return h('table', { class: 'sync-history' },
    h('thead', {}, h('tr', {}, ...['Started', 'Ended', 'Outcome', 'By', 'Pages', 'Objects', 'Events', 'Waits', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...page.items.map((r) => h('tr', { 'data-status': r.status, 'data-run': r.id },
      h('td', {}, when(r.startedAt)), h('td', {}, when(r.finishedAt)), h('td', {}, r.status), h('td', {}, r.trigger ?? ''),
      h('td', { 'data-field': 'pages' }, r.pages), h('td', { 'data-field': 'items' }, r.items),
      h('td', { 'data-field': 'events' }, r.events), h('td', { 'data-field': 'rateLimitWaits' }, r.rateLimitWaits),
      h('td', { class: 'error' }, r.error ?? '')))),
    h('caption', {}, `${page.items.length} of ${page.total} runs`));
}

function testView(test: ConnectorTest): HTMLElement {
  return h('ul', { class: `connector-test ${test.ok ? 'ok' : 'failed'}`, role: 'status' },
    ...test.checks.map((c) => h('li', { 'data-ok': String(c.ok) }, `${c.ok ? '✓' : '✗'} ${c.name}${c.message ? `: ${c.message}` : ''}`)));
}

/**
 * One connector's card: its last sync, test and sync buttons, the running sync's progress and the history. While a
 * run of the connector is running (seen in the history or started here), the card subscribes to syncProgress and shows
 * each pushed progress; the run's end ends the subscription.
 */
class ConnectorCard {
  readonly el: HTMLElement;
  private readonly progress = h('div', { class: 'progress-slot' });
  private readonly history = h('div', { class: 'history-slot' });
  private readonly testResult = h('div', { class: 'test-slot' });
  private readonly liveState = h('p', { class: 'sync-live', role: 'status', hidden: true });
  private subscription: GraphqlSubscriptions | null = null;
  private live = false;
  private timer: number | undefined;
  /** each shown run's status, to read the history again when a run starts or ends */
  private shown = new Map<string, string>();

  constructor(private readonly api: Api, private readonly token: () => Promise<string>, private readonly c: Connector) {
    const test = h('button', { type: 'button', class: 'test' }, 'Test');
    test.addEventListener('click', () => void this.test(test));
    const sync = h('button', { type: 'button', class: 'sync' }, 'Sync now');
    sync.addEventListener('click', () => void this.sync());
    this.el = h('article', { class: 'connector', 'data-id': c.id },
      h('h3', {}, `${c.name} (${c.kind})`),
      h('p', { class: 'connector-source' }, `${c.baseUrl} — ${c.selector}`),
      h('p', { class: 'last-sync' }, c.lastSyncAt ? `Last sync: ${when(c.lastSyncAt)}` : 'Never synced'),
      c.lastError ? h('p', { class: 'last-error' }, `Last error: ${c.lastError}`) : null,
      h('div', { class: 'actions' }, test, sync),
      this.testResult, this.progress, this.liveState, this.history);
  }

  /**
   * Reads the history (syncRuns) and shows its running run, subscribing to its progress; while the subscription is
   * not live, reads it again in POLL_MS as long as a run is running.
   */
  async refresh(): Promise<void> {
    window.clearTimeout(this.timer);
    try {
      const page = (await this.api.query<{ syncRuns: SyncRunPage }>(SYNC_RUNS_QUERY, { id: this.c.id, first: HISTORY })).syncRuns;
      this.shown = new Map(page.items.map((r) => [r.id, r.status]));
      const running = page.items.find((r) => r.status === 'RUNNING');
      this.progress.replaceChildren(...(running ? [progressView(running)] : []));
      this.history.replaceChildren(historyView(page));
      if (running) {
        this.subscribe();
        if (!this.live) this.timer = window.setTimeout(() => void this.refresh(), POLL_MS);
      } else {
        this.unsubscribe();
      }
    } catch (e) {
      this.history.replaceChildren(notice('error', (e as Error).message));
    }
  }

  stop(): void {
    window.clearTimeout(this.timer);
    this.unsubscribe();
  }

  private subscribe(): void {
    if (this.subscription) return;
    const progress: Operation<{ syncProgress: SyncRun }> = {
      query: SYNC_PROGRESS_SUBSCRIPTION,
      variables: { id: this.c.id },
      onData: (data) => this.pushed(data.syncProgress),
    };
    this.subscription = new GraphqlSubscriptions({
      token: this.token,
      onState: (state) => this.showLive(state),
      operations: [progress],
    });
    this.subscription.start();
  }

  private unsubscribe(): void {
    this.subscription?.stop();
    this.subscription = null;
    this.live = false;
    this.liveState.hidden = true;
  }

  /** A run pushed by syncProgress: its progress while it runs; the history read again when a run starts or ends. */
  private pushed(run: SyncRun): void {
    this.progress.replaceChildren(...(run.status === 'RUNNING' ? [progressView(run)] : []));
    if (this.shown.get(run.id) !== run.status) void this.refresh();
  }

  private showLive(state: SubscriptionState): void {
    this.live = state.kind === 'live';
    this.liveState.hidden = false;
    this.liveState.dataset.state = state.kind;
    if (state.kind === 'live') {
      this.liveState.textContent = 'Progress is pushed live (syncProgress).';
      window.clearTimeout(this.timer);
    } else if (state.kind === 'connecting') {
      this.liveState.textContent = 'Connecting to live progress…';
    } else {
      this.liveState.textContent = `Live progress unavailable (${state.reason}): the running sync is read every ${POLL_MS / 1000} s.`;
      void this.refresh();
    }
  }

  private async test(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.testResult.replaceChildren(notice('loading', 'Testing…'));
    try {
      const input = { id: this.c.id, kind: this.c.kind, name: this.c.name, baseUrl: this.c.baseUrl, selector: this.c.selector };
      const answer = await this.api.query<{ testConnector: ConnectorTest }>(TEST_MUTATION, { input });
      this.testResult.replaceChildren(testView(answer.testConnector));
    } catch (e) {
      this.testResult.replaceChildren(notice('error', (e as Error).message));
    } finally {
      button.disabled = false;
    }
  }

  private async sync(): Promise<void> {
    try {
      await this.api.query(SYNC_MUTATION, { id: this.c.id });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'CONFLICT')) {
        this.testResult.replaceChildren(notice('error', (e as Error).message));
        return;
      }
    }
    await this.refresh();
  }
}

/** Renders the admin page into main; answers a function that stops its timers and subscriptions. */
export async function showAdmin(api: Api, token: () => Promise<string>, main: HTMLElement): Promise<() => void> {
  main.replaceChildren(notice('loading', 'Loading connectors…'));
  let connectors: Connector[];
  try {
    connectors = (await api.query<{ connectors: Connector[] }>(CONNECTORS_QUERY)).connectors;
  } catch (e) {
    main.replaceChildren(notice('error', (e as Error).message));
    return () => {};
  }
  const cards = connectors.map((c) => new ConnectorCard(api, token, c));
  main.replaceChildren(section('connectors', 'Connectors',
    cards.length ? cards.map((c) => c.el) : notice('empty', 'No connectors yet.')));
  await Promise.all(cards.map((c) => c.refresh()));
  return () => cards.forEach((c) => c.stop());
}

/** The whole admin page (#admin), with a link back to the dashboard. */
export async function adminPage(app: HTMLElement, api: Api, token: () => Promise<string>): Promise<void> {
  const main = h('main', { id: 'main', tabindex: -1, class: 'admin' });
  const back = h('a', { href: '#', id: 'to-dashboard' }, 'Dashboard');
  back.addEventListener('click', (e) => { e.preventDefault(); location.hash = ''; location.reload(); });
  app.replaceChildren(h('header', { class: 'top' }, h('h1', {}, 'Flowlens — connectors'), back), main);
  const stop = await showAdmin(api, token, main);
  window.addEventListener('pagehide', stop);
}
