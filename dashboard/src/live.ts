/**
 * Live updates: Subscription.flowChanged over WebSocket (protocol graphql-transport-ws),
 * the bearer token in the connection_init payload, and on the same socket Subscription.alertRaised
 * (the alert list; a refusal of that one alone leaves flowChanged as it is). While the socket is not subscribed
 * (gateway without subscriptions, network trouble), the dashboard refreshes on a timer
 * instead and says so; the socket is retried with a growing delay.
 */
import { ALERT_RAISED_SUBSCRIPTION, FLOW_CHANGED_SUBSCRIPTION, type Alert, type FlowChange } from './api';
import { graphqlWsUrl } from './settings';

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

const ACK_TIMEOUT_MS = 10_000;
const MAX_RETRY_MS = 60_000;

export class LiveUpdates {
  private socket: WebSocket | null = null;
  private pollTimer: number | undefined;
  private retryTimer: number | undefined;
  private ackTimer: number | undefined;
  private retryMs = 5_000;
  private stopped = false;
  private readonly pollSeconds: number;

  constructor(private readonly options: LiveOptions) {
    this.pollSeconds = options.pollSeconds ?? 20;
  }

  start(): void {
    this.options.onState({ kind: 'connecting' });
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearInterval(this.pollTimer);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.ackTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'dashboard closed the stream');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let token: string;
    try {
      token = await this.options.token();
    } catch (e) {
      this.fallBack(`no valid token (${(e as Error).message})`);
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(graphqlWsUrl(), 'graphql-transport-ws');
    } catch (e) {
      this.fallBack(`the WebSocket could not be opened (${(e as Error).message})`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
      this.ackTimer = window.setTimeout(() => {
        this.fallBack('the gateway did not acknowledge the connection within 10 s', socket);
      }, ACK_TIMEOUT_MS);
    };
    socket.onmessage = (event) => this.receive(socket, String(event.data));
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearTimeout(this.ackTimer);
      const why = event.reason ? `: ${event.reason}` : '';
      this.fallBack(`the live connection closed (code ${event.code}${why})`);
    };
  }

  private receive(socket: WebSocket, text: string): void {
    let message: { type: string; id?: string; payload?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.id === 'alerts') {
      this.receiveAlert(message);
      return;
    }
    switch (message.type) {
      case 'connection_ack':
        window.clearTimeout(this.ackTimer);
        socket.send(JSON.stringify({
          id: 'flow',
          type: 'subscribe',
          payload: { query: FLOW_CHANGED_SUBSCRIPTION, variables: { id: this.options.streamId } },
        }));
        if (this.options.onAlert) {
          socket.send(JSON.stringify({
            id: 'alerts',
            type: 'subscribe',
            payload: { query: ALERT_RAISED_SUBSCRIPTION, variables: { id: this.options.streamId } },
          }));
          this.options.onAlertState?.(true);
        }
        this.retryMs = 5_000;
        window.clearInterval(this.pollTimer);
        this.pollTimer = undefined;
        this.options.onState({ kind: 'live' });
        break;
      case 'next': {
        const payload = message.payload as { data?: { flowChanged?: FlowChange }; errors?: { message: string }[] };
        if (payload?.data?.flowChanged) this.options.onChange(payload.data.flowChanged);
        else if (payload?.errors?.length) this.fallBack(`the gateway refused the subscription: ${payload.errors[0].message}`, socket);
        break;
      }
      case 'error': {
        const errors = message.payload as { message: string }[] | undefined;
        this.fallBack(`the gateway refused the subscription: ${errors?.[0]?.message ?? 'no reason given'}`, socket);
        break;
      }
      case 'complete':
        this.fallBack('the gateway ended the subscription', socket);
        break;
      case 'ping':
        socket.send(JSON.stringify({ type: 'pong' }));
        break;
      default:
        break;
    }
  }

  /** The alertRaised operation's messages: an alert, or why there will be none (flowChanged goes on). */
  private receiveAlert(message: { type: string; payload?: unknown }): void {
    switch (message.type) {
      case 'next': {
        const payload = message.payload as { data?: { alertRaised?: Alert }; errors?: { message: string }[] };
        if (payload?.data?.alertRaised) this.options.onAlert?.(payload.data.alertRaised);
        else if (payload?.errors?.length) this.options.onAlertState?.(false, `the gateway refused it: ${payload.errors[0].message}`);
        break;
      }
      case 'error': {
        const errors = message.payload as { message: string }[] | undefined;
        this.options.onAlertState?.(false, `the gateway refused it: ${errors?.[0]?.message ?? 'no reason given'}`);
        break;
      }
      case 'complete':
        this.options.onAlertState?.(false, 'the gateway ended the alert subscription');
        break;
      default:
        break;
    }
  }

  /** Timer refreshes until the socket is back; retries the socket later. */
  private fallBack(reason: string, socket?: WebSocket): void {
    if (this.stopped) return;
    this.options.onAlertState?.(false, reason);
    if (socket && this.socket === socket) {
      this.socket = null;
      socket.close(1000, 'falling back to refresh on a timer');
    }
    this.options.onState({ kind: 'fallback', reason, pollSeconds: this.pollSeconds });
    if (this.pollTimer === undefined) {
      this.pollTimer = window.setInterval(() => this.options.onPoll(), this.pollSeconds * 1000);
    }
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
