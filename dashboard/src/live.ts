/**
 * Live updates of the dashboard: Subscription.flowChanged (subscription.ts: WebSocket, graphql-transport-ws, the
 * bearer token in the connection_init payload). While it is not live (gateway without subscriptions, network
 * trouble), the dashboard refreshes on a timer instead and says so; the socket is retried with a growing delay.
 */
import { FLOW_CHANGED_SUBSCRIPTION, type FlowChange } from './api';
import { GraphqlSubscription } from './subscription';

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
  pollSeconds?: number;
}

export class LiveUpdates {
  private readonly subscription: GraphqlSubscription<{ flowChanged?: FlowChange }>;
  private pollTimer: number | undefined;
  private readonly pollSeconds: number;

  constructor(private readonly options: LiveOptions) {
    this.pollSeconds = options.pollSeconds ?? 20;
    this.subscription = new GraphqlSubscription({
      query: FLOW_CHANGED_SUBSCRIPTION,
      variables: { id: options.streamId },
      token: options.token,
      onData: (data) => { if (data.flowChanged) this.options.onChange(data.flowChanged); },
      onState: (state) => {
        if (state.kind === 'down') {
          // timer refreshes until the socket is back
          if (this.pollTimer === undefined) this.pollTimer = window.setInterval(() => this.options.onPoll(), this.pollSeconds * 1000);
          this.options.onState({ kind: 'fallback', reason: state.reason, pollSeconds: this.pollSeconds });
          return;
        }
        if (state.kind === 'live') {
          window.clearInterval(this.pollTimer);
          this.pollTimer = undefined;
        }
        this.options.onState(state);
      },
    });
  }

  start(): void {
    this.subscription.start();
  }

  stop(): void {
    window.clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.subscription.stop();
  }
}
