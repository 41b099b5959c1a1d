/**
 * Live updates: Subscription.flowChanged and, on the same socket, Subscription.alertRaised (the alert list; a refusal
 * of that one alone leaves flowChanged as it is), opened by subscription.ts (graphql-ws, the bearer token in the
 * connection_init payload). While they are not live (gateway without subscriptions, network trouble), the dashboard
 * refreshes on a timer instead and says so; the socket is retried with a growing delay.
 */
import { ALERT_RAISED_SUBSCRIPTION, FLOW_CHANGED_SUBSCRIPTION, type Alert, type FlowChange } from './api';
import { GraphqlSubscriptions, type Operation, type SubscriptionState } from './subscription';

export type LiveState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'fallback'; reason: string; pollSeconds: number };

export interface LiveOptions {
  streamId: string;
  token: () => Promise<string>;
  onChange: (change: FlowChange) => void;
  /** called on each timer tick while live updates are unavailable */
  onPoll: () => void;
  onState: (state: LiveState) => void;
  /** each alert raised or ended (alertRaised) */
  onAlert?: (alert: Alert) => void;
  /** whether alertRaised is subscribed, with why not */
  onAlertState?: (subscribed: boolean, reason?: string) => void;
  pollSeconds?: number;
}

export class LiveUpdates {
  private readonly subscriptions: GraphqlSubscriptions;
  private pollTimer: number | undefined;
  private readonly pollSeconds: number;

  constructor(private readonly options: LiveOptions) {
    this.pollSeconds = options.pollSeconds ?? 20;
    const variables = { id: options.streamId };
    const flow: Operation<{ flowChanged?: FlowChange | null }> = {
      query: FLOW_CHANGED_SUBSCRIPTION,
      variables,
      onData: (data) => { if (data.flowChanged) options.onChange(data.flowChanged); },
    };
    const onAlert = options.onAlert;
    const alerts: Operation<{ alertRaised?: Alert | null }> | null = onAlert ? {
      query: ALERT_RAISED_SUBSCRIPTION,
      variables,
      onData: (data) => { if (data.alertRaised) onAlert(data.alertRaised); },
      onEnd: (reason) => options.onAlertState?.(false, reason),
    } : null;
    this.subscriptions = new GraphqlSubscriptions({
      token: options.token,
      onState: (state) => this.show(state),
      operations: alerts ? [flow, alerts] : [flow],
    });
  }

  start(): void {
    this.subscriptions.start();
  }

  stop(): void {
    window.clearInterval(this.pollTimer);
    this.subscriptions.stop();
  }

  /** Live: no timer. Down: timer refreshes until the subscriptions are back (subscription.ts retries them). */
  private show(state: SubscriptionState): void {
    if (state.kind === 'connecting') {
      this.options.onState(state);
    } else if (state.kind === 'live') {
      if (this.options.onAlert) this.options.onAlertState?.(true);
      window.clearInterval(this.pollTimer);
      this.pollTimer = undefined;
      this.options.onState(state);
    } else {
      this.options.onAlertState?.(false, state.reason);
      this.options.onState({ kind: 'fallback', reason: state.reason, pollSeconds: this.pollSeconds });
      if (this.pollTimer === undefined) {
        this.pollTimer = window.setInterval(() => this.options.onPoll(), this.pollSeconds * 1000);
      }
    }
  }
}
