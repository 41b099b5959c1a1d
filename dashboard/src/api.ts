/** The public GraphQL API (schema.graphql): the types this app reads and its queries. */
import { accessToken, LoginError } from './auth';
import { graphqlHttpUrl, type LoginSettings } from './settings';

export type ItemType = 'FEATURE' | 'DEFECT' | 'RISK' | 'DEBT';
export type StageKind = 'ACTIVE' | 'WAITING';
export type DoraBand = 'ELITE' | 'HIGH' | 'MEDIUM' | 'LOW';
export type Granularity = 'DAY' | 'WEEK' | 'MONTH';

export interface Window { from: string; to: string; granularity: Granularity }
export interface DurationStats { count: number; mean: number | null; p50: number | null; p85: number | null; p95: number | null }
export interface SeriesPoint { start: string; end: string; value: number }
export interface TypeCount { itemType: ItemType; count: number }
export interface TypeShare { itemType: ItemType; share: number }
export interface Stage { name: string; kind: StageKind; statuses: string[]; wipLimit: number | null }
export interface ValueStreamSummary { id: string; name: string }

export interface FlowMetrics {
  velocity: number;
  velocitySeries: SeriesPoint[];
  flowTime: DurationStats;
  leadTime: DurationStats;
  flowEfficiency: number | null;
  load: number;
  loadSeries: SeriesPoint[];
  distribution: TypeShare[];
  loadDistribution: TypeShare[];
}
export interface StageMetrics {
  stage: string;
  kind: StageKind;
  itemsVisited: number;
  totalSeconds: number;
  share: number;
  time: DurationStats;
  wip: number;
  averageWipAgeSeconds: number | null;
  isBottleneck: boolean;
}
export interface CfdDay { day: string; stages: { stage: string; count: number }[]; done: number }
export interface AgingItem { itemId: string; key: string; title: string | null; itemType: ItemType; stage: string; ageSeconds: number; atRisk: boolean }
export interface DoraMetric { value: number | null; band: DoraBand | null }
export interface DoraMetrics {
  deployments: number;
  deploymentFrequency: DoraMetric;
  leadTimeForChanges: DurationStats;
  leadTimeBand: DoraBand | null;
  changeFailureRate: DoraMetric;
  timeToRestore: DurationStats;
  timeToRestoreBand: DoraBand | null;
}
export interface ForecastPoint { confidence: number; days: number | null; date: string | null; items: number | null }
export interface Forecast { points: ForecastPoint[]; reason: string | null }
export interface WorkItemLink { id: string; key: string; url: string | null }
/** A work item as workItems lists it: what the drill-down shows of the items behind a number. */
export interface WorkItem {
  id: string; key: string; title: string | null; url: string | null; itemType: ItemType; status: string; stage: string | null;
  createdAt: string; flowStart: string | null; flowEnd: string | null; deliveredAt: string | null; changeIds: string[];
}
export interface FinishedItem {
  itemId: string; key: string; itemType: ItemType; flowEnd: string; flowTimeSeconds: number; activeSeconds: number;
  withinSle: boolean | null;
}
export interface Alert {
  id: string; valueStreamId: string; kind: 'WIP_LIMIT' | 'SLE_BREACH'; stage: string | null; itemId: string | null;
  since: string; until: string | null;
}
export interface DeploymentView {
  deploymentId: string; service: string; environment: string; finishedAt: string; failed: boolean; rework: boolean;
  incidents: { incidentId: string; rule: 'EXPLICIT' | 'WINDOW' }[]; rollbackOf: string | null; recoverySeconds: number | null;
}

/** A merged change delivery(window) counts, with the values the delivery rules take from it (null: none). */
export interface ChangeView {
  changeId: string; repository: string; mergedAt: string; codingSeconds: number | null; pickupSeconds: number | null;
  reviewSeconds: number | null; deploySeconds: number | null; timeToMergeSeconds: number; reviewed: boolean;
  deployedAt: string | null; workItemKeys: string[];
}

export interface DashboardData {
  id: string;
  name: string;
  stages: Stage[];
  flow: FlowMetrics;
  stageMetrics: StageMetrics[];
  cumulativeFlow: CfdDay[];
  agingWip: AgingItem[];
  dora: DoraMetrics;
  workItems: { total: number; items: WorkItemLink[] };
}
export type PreviousFlow = Pick<FlowMetrics, 'velocity' | 'flowTime' | 'flowEfficiency' | 'load'>;
export interface FlowChange { valueStreamId: string; at: string; velocity: number; load: number }

/** A failure said in words, with the GraphQL error code when the gateway gave one. */
export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

const STATS = 'count mean p50 p85 p95';

export const STREAMS_QUERY = `query Streams { valueStreams { id name } }`;

export const DASHBOARD_QUERY = `query Dashboard($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) {
    id name
    stages { name kind statuses wipLimit }
    flow(window: $window) {
      velocity velocitySeries { start end value }
      flowTime { ${STATS} } leadTime { ${STATS} } flowEfficiency
      load loadSeries { start end value }
      distribution { itemType share } loadDistribution { itemType share }
    }
    stageMetrics(window: $window) {
      stage kind itemsVisited totalSeconds share time { ${STATS} } wip averageWipAgeSeconds isBottleneck
    }
    cumulativeFlow(window: $window) { day stages { stage count } done }
    agingWip { itemId key title itemType stage ageSeconds atRisk }
    dora(window: $window) {
      deployments deploymentFrequency { value band }
      leadTimeForChanges { ${STATS} } leadTimeBand
      changeFailureRate { value band }
      timeToRestore { ${STATS} } timeToRestoreBand
    }
    workItems(first: 500, unfinishedOnly: true) { total items { id key url } }
  }
}`;

export const PREVIOUS_QUERY = `query Previous($id: ID!, $window: WindowInput!) {
  valueStream(id: $id) { flow(window: $window) { velocity flowTime { ${STATS} } flowEfficiency load } }
}`;

export const FORECAST_QUERY = `query Forecast($id: ID!, $input: ForecastInput!) {
  valueStream(id: $id) { forecast(input: $input) { points { confidence days date items } reason } }
}`;

export const ALERT_RAISED_SUBSCRIPTION = `subscription AlertRaised($id: ID!) {
  alertRaised(valueStreamId: $id) { id valueStreamId kind stage itemId since until }
}`;

export const FLOW_CHANGED_SUBSCRIPTION = `subscription FlowChanged($id: ID!) {
  flowChanged(valueStreamId: $id) { valueStreamId at velocity load }
}`;

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class Api {
  constructor(private readonly settings: LoginSettings) {}

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let token: string;
    try {
      token = await accessToken(this.settings);
    } catch (e) {
      throw new ApiError((e as Error).message, 'UNAUTHENTICATED');
    }
    let answer: Response;
    try {
      answer = await fetch(graphqlHttpUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError('The gateway cannot be reached (network error). Check that it is running.', 'NETWORK');
    }
    if (answer.status === 401) {
      throw new ApiError('The gateway refused your token (HTTP 401): your session has ended. Sign in again.', 'UNAUTHENTICATED');
    }
    if (!answer.ok) throw new ApiError(`The gateway answered HTTP ${answer.status} ${answer.statusText}.`.trim(), 'HTTP');
    const body = (await answer.json()) as GraphQLAnswer<T>;
    if (body.errors?.length) {
      const messages = [...new Set(body.errors.map((e) => e.message))];
      throw new ApiError(messages.join('; '), body.errors[0].extensions?.code);
    }
    if (!body.data) throw new ApiError('The gateway answered without data.');
    return body.data;
  }

  async streams(): Promise<ValueStreamSummary[]> {
    return (await this.query<{ valueStreams: ValueStreamSummary[] }>(STREAMS_QUERY)).valueStreams;
  }

  /** The stream's metrics for a window, or null when it does not exist or is not visible to the user. */
  async dashboard(id: string, window: Window): Promise<DashboardData | null> {
    return (await this.query<{ valueStream: DashboardData | null }>(DASHBOARD_QUERY, { id, window })).valueStream;
  }

  async previous(id: string, window: Window): Promise<PreviousFlow | null> {
    const data = await this.query<{ valueStream: { flow: PreviousFlow } | null }>(PREVIOUS_QUERY, { id, window });
    return data.valueStream?.flow ?? null;
  }

  async forecast(id: string, itemCount: number): Promise<Forecast | null> {
    // a fixed seed: the same history gives the same dates on every refresh
    const data = await this.query<{ valueStream: { forecast: Forecast } | null }>(FORECAST_QUERY, {
      id,
      input: { itemCount, seed: 7 },
    });
    return data.valueStream?.forecast ?? null;
  }
}

export { LoginError };
