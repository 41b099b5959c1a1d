/**
 * Flowlens reference dashboard: log in at Keycloak, pick a value stream and a window,
 * see its flow, stages (on to production), cumulative flow, aging work, DORA, delivery,
 * cycle time, alerts and a forecast, each number opening the items behind it; stay current
 * through the flowChanged and alertRaised subscriptions (or a timer when they are unavailable).
 */
import './style.css';
import { adminPage } from './admin';
import { Api, ApiError, type DashboardData, type Granularity, type PreviousFlow, type ValueStreamSummary, type Window } from './api';
import { accessToken, completeLogin, currentSession, forgetSession, logout, startLogin, type Session } from './auth';
import { loadDelivery, renderDelivery, showDeliveryError } from './delivery';
import { Drill, DrillSources, ItemDirectory } from './drill';
import { h, notice } from './dom';
import * as doraPanel from './doraPanel';
import { LiveUpdates, type LiveState } from './live';
import { loadSettings, type LoginSettings } from './settings';
import * as views from './views';
import * as feedback from './feedback';

interface WindowPreset { key: string; label: string; days: number; granularity: Granularity }

const WINDOWS: WindowPreset[] = [
  { key: '4w', label: 'last 4 weeks, by day', days: 28, granularity: 'DAY' },
  { key: '12w', label: 'last 12 weeks, by week', days: 84, granularity: 'WEEK' },
  { key: '26w', label: 'last 26 weeks, by week', days: 182, granularity: 'WEEK' },
  { key: '12m', label: 'last 12 months, by month', days: 364, granularity: 'MONTH' },
];
const DEFAULT_WINDOW = '12w';
const DAY_MS = 86_400_000;

/** The window ends at the next UTC midnight, so today counts. */
function windows(preset: WindowPreset): { current: Window; previous: Window } {
  const now = new Date();
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const from = to - preset.days * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    current: { from: iso(from), to: iso(to), granularity: preset.granularity },
    previous: { from: iso(from - preset.days * DAY_MS), to: iso(from), granularity: preset.granularity },
  };
}

function readHash(): { stream?: string; window?: string } {
  const p = new URLSearchParams(location.hash.slice(1));
  return { stream: p.get('stream') ?? undefined, window: p.get('window') ?? undefined };
}

class Dashboard {
  private readonly api: Api;
  private streams: ValueStreamSummary[] = [];
  private streamId = '';
  private windowKey = DEFAULT_WINDOW;
  private layout: views.Layout | null = null;
  private forecast: views.ForecastControls | null = null;
  private forecastCount: number | null = null;
  private live: LiveUpdates | null = null;
  private readonly feedbackEl = h('div', { class: 'feedback' });
  private readonly alertList = new feedback.AlertList();
  private readonly drill = new Drill();
  private loadSeq = 0;
  private refreshTimer: number | undefined;

  private readonly main = h('main', { id: 'main', tabindex: -1 });
  private readonly streamSelect = h('select', { id: 'stream' });
  private readonly windowSelect = h('select', { id: 'window' });
  private readonly liveStatus = h('span', { id: 'live-status', class: 'live', 'data-state': 'connecting', role: 'status' }, 'Connecting…');
  private readonly updated = h('span', { id: 'updated', class: 'updated' });
  private readonly refreshButton = h('button', { type: 'button', id: 'refresh' }, 'Refresh');

  constructor(private readonly settings: LoginSettings, private readonly session: Session, private readonly app: HTMLElement) {
    this.api = new Api(settings);
  }

  async start(): Promise<void> {
    const hash = readHash();
    this.windowKey = WINDOWS.some((w) => w.key === hash.window) ? hash.window! : DEFAULT_WINDOW;
    for (const w of WINDOWS) this.windowSelect.append(h('option', { value: w.key, selected: w.key === this.windowKey }, w.label));
    this.app.replaceChildren(this.header(), this.main);
    this.main.replaceChildren(notice('loading', 'Loading your value streams…'));
    this.main.setAttribute('aria-busy', 'true');
    try {
      this.streams = await this.api.streams();
    } catch (e) {
      this.showError(e, 'Your value streams could not be loaded');
      return;
    }
    if (!this.streams.length) {
      this.main.removeAttribute('aria-busy');
      this.main.replaceChildren(notice('empty',
        `No value stream is visible to you (${this.session.username}${this.session.groups.length ? `, groups ${this.session.groups.join(', ')}` : ', no groups'}). An admin creates value streams with the saveValueStream mutation and may limit them to groups.`));
      this.streamSelect.disabled = true;
      return;
    }
    this.streamSelect.replaceChildren(...this.streams.map((s) => h('option', { value: s.id }, s.name)));
    this.streamId = this.streams.some((s) => s.id === hash.stream) ? hash.stream! : this.streams[0].id;
    this.streamSelect.value = this.streamId;
    this.streamSelect.addEventListener('change', () => this.select(this.streamSelect.value, this.windowKey));
    this.windowSelect.addEventListener('change', () => this.select(this.streamId, this.windowSelect.value));
    this.refreshButton.addEventListener('click', () => void this.load('manual'));
    await this.select(this.streamId, this.windowKey);
  }

  private header(): HTMLElement {
    const s = this.session;
    return h('header', { class: 'top' },
      h('h1', {}, 'Flowlens'),
      h('div', { class: 'controls' },
        h('label', { for: 'stream' }, 'Value stream'), this.streamSelect,
        h('label', { for: 'window' }, 'Window'), this.windowSelect,
        this.refreshButton),
      h('div', { class: 'status' }, this.liveStatus, this.updated),
      h('div', { class: 'user' },
        s.roles.includes('admin') ? this.adminLink() : null,
        h('span', { id: 'user', title: `roles: ${s.roles.filter((r) => !r.startsWith('default-')).join(', ')}` },
          s.username, s.groups.length ? ` · ${s.groups.join(', ')}` : ''),
        h('button', { type: 'button', id: 'logout', onclick: () => { this.live?.stop(); logout(this.settings); } }, 'Sign out')));
  }

  /** The admin page's link (connectors, their syncs and tests), shown to admins. */
  private adminLink(): HTMLElement {
    const link = h('a', { href: '#admin', id: 'to-admin' }, 'Connectors');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      this.live?.stop();
      location.hash = 'admin';
      location.reload();
    });
    return link;
  }

  private async select(streamId: string, windowKey: string): Promise<void> {
    this.streamId = streamId;
    this.windowKey = windowKey;
    history.replaceState(null, '', `#stream=${encodeURIComponent(streamId)}&window=${windowKey}`);
    const preset = WINDOWS.find((w) => w.key === windowKey)!;
    const label = preset.label;
    this.layout = views.buildLayout(label);
    this.forecast = null;
    this.forecastCount = null;
    this.main.replaceChildren(notice('loading', 'Loading the metrics…'));
    this.startLive();
    await this.load('initial');
  }

  /** Fetches everything for the chosen stream and window and fills the page. */
  private async load(source: 'initial' | 'push' | 'timer' | 'manual'): Promise<void> {
    const seq = ++this.loadSeq;
    const preset = WINDOWS.find((w) => w.key === this.windowKey)!;
    const { current, previous } = windows(preset);
    this.main.setAttribute('aria-busy', 'true');
    let data: DashboardData | null;
    let before: PreviousFlow | null;
    try {
      [data, before] = await Promise.all([this.api.dashboard(this.streamId, current), this.api.previous(this.streamId, previous)]);
    } catch (e) {
      if (seq !== this.loadSeq) return;
      // a failed refresh keeps the numbers on screen and says they are stale
      if ((source === 'push' || source === 'timer') && this.layout?.root.parentElement === this.main && !(e instanceof ApiError && e.code === 'UNAUTHENTICATED')) {
        this.main.removeAttribute('aria-busy');
        this.updated.dataset.source = 'failed';
        this.updated.textContent = `Refresh failed at ${new Date().toLocaleTimeString()}: ${(e as Error).message} The numbers shown are older.`;
        this.updated.classList.add('stale');
      } else {
        this.showError(e, 'The metrics could not be loaded');
      }
      return;
    }
    if (seq !== this.loadSeq) return; // a newer load has started
    this.main.removeAttribute('aria-busy');
    if (!data) {
      this.main.replaceChildren(notice('empty', 'This value stream no longer exists or is no longer visible to you. Pick another one.'));
      return;
    }
    const l = this.layout!;
    const old = source === 'initial' ? null : this.snapshot();
    if (l.root.parentElement !== this.main) this.main.replaceChildren(l.root);
    // the item lists behind this load's numbers (the stream's items are read once, on the first drill-down)
    const drill = new DrillSources(this.drill, this.api, this.streamId, current, new ItemDirectory(this.api, this.streamId));
    views.renderMap(l.map, data, drill);
    views.renderTiles(l.tiles, data, before, drill);
    views.renderCharts(l, data, drill);
    views.renderAging(l, data);
    views.renderDora(l.dora, data, drill);
    void doraPanel.show(this.api, l.dora, this.streamId, current, drill);
    void this.loadDelivery(current, preset.label, seq, drill);
    if (this.feedbackEl.parentElement !== l.root) l.root.append(this.feedbackEl);
    void this.loadFeedback(current, seq, drill);
    if (old) this.markChanged(old);
    // the forecast follows the load until the user asks about another number
    if (!this.forecast) {
      this.forecast = views.buildForecast(l.forecast, Math.max(1, data.flow.load), (n) => {
        this.forecastCount = n;
        void this.runForecast(n);
      });
    }
    const count = this.forecastCount ?? Math.max(1, data.flow.load);
    if (this.forecastCount === null) this.forecast.input.value = String(count);
    void this.runForecast(count);
    const how = { initial: 'loaded', push: 'live push', timer: 'timed refresh', manual: 'refreshed' }[source];
    this.updated.classList.remove('stale');
    this.updated.dataset.source = source;
    this.updated.textContent = `Updated ${new Date().toLocaleTimeString()} (${how})`;
  }

  /** Delivery and toProduction: the delivery panel and the map's steps after Done; a failure there leaves the rest. */
  private async loadDelivery(window: Window, label: string, seq: number, drill: DrillSources): Promise<void> {
    const l = this.layout!;
    try {
      const data = await loadDelivery(this.api, this.streamId, window);
      if (seq !== this.loadSeq) return;
      renderDelivery(l.root, data, label, drill);
      views.renderProduction(l.map, data.valueStream?.toProduction ?? null, drill);
    } catch (e) {
      if (seq !== this.loadSeq) return;
      showDeliveryError(l.root, label, e);
      views.renderProduction(l.map, null, drill);
    }
  }

  /** The feedback panels (cycle time, SLE, alerts): their own query, so a failure there leaves the rest. */
  private async loadFeedback(window: Window, seq: number, drill: DrillSources): Promise<void> {
    try {
      const data = await feedback.loadFeedback(this.api, this.streamId, window);
      if (seq !== this.loadSeq || !data) return;
      feedback.renderFeedback(this.feedbackEl, data, this.alertList, drill);
    } catch (e) {
      if (seq !== this.loadSeq) return;
      this.feedbackEl.replaceChildren(notice('error', `The cycle time and alerts could not be loaded: ${(e as Error).message}`));
    }
  }

  private async runForecast(count: number): Promise<void> {
    const controls = this.forecast;
    if (!controls) return;
    controls.result.setAttribute('aria-busy', 'true');
    try {
      views.renderForecast(controls.result, count, await this.api.forecast(this.streamId, count));
    } catch (e) {
      controls.result.replaceChildren(notice('error', `The forecast could not be made: ${(e as Error).message}`));
    } finally {
      controls.result.removeAttribute('aria-busy');
    }
  }

  /** The tile values before a refresh, to highlight what changed. */
  private snapshot(): Map<string, string> {
    const values = new Map<string, string>();
    this.main.querySelectorAll<HTMLElement>('[data-metric] .value, .stage [data-field]').forEach((el) => {
      values.set(this.key(el), el.dataset.value ?? '');
    });
    return values;
  }

  private key(el: HTMLElement): string {
    const owner = el.closest<HTMLElement>('[data-metric], [data-stage], [data-step]');
    return `${owner?.dataset.metric ?? owner?.dataset.stage ?? owner?.dataset.step}/${el.dataset.field ?? 'value'}`;
  }

  private markChanged(before: Map<string, string>): void {
    this.main.querySelectorAll<HTMLElement>('[data-metric] .value, .stage [data-field]').forEach((el) => {
      const was = before.get(this.key(el));
      if (was !== undefined && was !== (el.dataset.value ?? '')) {
        el.classList.add('changed');
        window.setTimeout(() => el.classList.remove('changed'), 4000);
      }
    });
  }

  private startLive(): void {
    this.live?.stop();
    this.live = new LiveUpdates({
      streamId: this.streamId,
      token: () => accessToken(this.settings),
      onChange: () => this.scheduleRefresh(),
      onPoll: () => void this.load('timer'),
      onState: (state) => this.showLive(state),
      onAlert: (alert) => { if (alert.valueStreamId === this.streamId) this.alertList.push(alert); },
      onAlertState: (subscribed, reason) => this.alertList.live(subscribed, reason),
    });
    this.live.start();
  }

  /** Pushes come at most once a second per stream; a burst still makes one reload. */
  private scheduleRefresh(): void {
    window.clearTimeout(this.refreshTimer);
    this.refreshTimer = window.setTimeout(() => void this.load('push'), 300);
  }

  private showLive(state: LiveState): void {
    this.liveStatus.dataset.state = state.kind;
    if (state.kind === 'live') {
      this.liveStatus.textContent = '● Live';
      this.liveStatus.title = 'Numbers update when the gateway pushes a flowChanged event.';
    } else if (state.kind === 'connecting') {
      this.liveStatus.textContent = 'Connecting…';
      this.liveStatus.title = '';
    } else {
      this.liveStatus.textContent = `Refreshing every ${state.pollSeconds} s`;
      this.liveStatus.title = `Live updates unavailable: ${state.reason}.`;
    }
  }

  private showError(e: unknown, what: string): void {
    this.main.removeAttribute('aria-busy');
    const code = e instanceof ApiError ? e.code : undefined;
    const hint = code === 'UNAVAILABLE' ? ' A service behind the gateway is not answering; try again in a moment.' : '';
    const message = (e instanceof Error ? e.message : String(e)) + hint;
    const signIn = code === 'UNAUTHENTICATED';
    this.updated.textContent = '';
    this.updated.dataset.source = 'failed';
    this.main.replaceChildren(h('div', { class: 'error-box', role: 'alert' },
      h('h2', {}, what),
      h('p', {}, message),
      signIn
        ? h('button', { type: 'button', onclick: () => { forgetSession(); void startLogin(this.settings); } }, 'Sign in again')
        : h('button', { type: 'button', onclick: () => void this.load('manual') }, 'Try again')));
  }
}

function signInPage(app: HTMLElement, settings: LoginSettings, problem?: string): void {
  const button = h('button', { type: 'button', id: 'login', class: 'primary' }, 'Sign in with Keycloak');
  button.addEventListener('click', () => {
    startLogin(settings).catch((e: Error) => signInPage(app, settings, e.message));
  });
  app.replaceChildren(h('main', { id: 'main', class: 'signin' },
    h('h1', {}, 'Flowlens'),
    h('p', {}, 'Flow and DORA metrics of your value streams.'),
    problem ? notice('error', problem) : null,
    button,
    h('p', { class: 'hint' }, `You sign in at ${settings.oidcUrl}.`)));
  button.focus();
}

async function boot(): Promise<void> {
  const app = document.getElementById('app')!;
  const settings = await loadSettings();
  try {
    await completeLogin(settings);
  } catch (e) {
    signInPage(app, settings, (e as Error).message);
    return;
  }
  const session = currentSession();
  if (!session) {
    signInPage(app, settings);
    return;
  }
  if (location.hash === '#admin') {
    await adminPage(app, new Api(settings), () => accessToken(settings)); // connectors, their syncs and tests (issue 24)
    return;
  }
  await new Dashboard(settings, session, app).start();
}

void boot();
