/**
 * One GraphQL subscription over WebSocket (protocol graphql-transport-ws), the bearer token in the connection_init
 * payload. It reports whether it is live; while it is not (gateway without subscriptions, network trouble, a refusal),
 * it says why and retries the socket with a growing delay, so that its user can fall back to reading on a timer.
 */
import { graphqlWsUrl } from './settings';

export type SubscriptionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'down'; reason: string };

export interface SubscriptionOptions<T> {
  query: string;
  variables: Record<string, unknown>;
  token: () => Promise<string>;
  /** each pushed result's data */
  onData: (data: T) => void;
  onState: (state: SubscriptionState) => void;
}

const ACK_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;

export class GraphqlSubscription<T> {
  private socket: WebSocket | null = null;
  private retryTimer: number | undefined;
  private ackTimer: number | undefined;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;

  constructor(private readonly options: SubscriptionOptions<T>) {}

  start(): void {
    this.options.onState({ kind: 'connecting' });
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.ackTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'dashboard closed the subscription');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let token: string;
    try {
      token = await this.options.token();
    } catch (e) {
      this.down(`no valid token (${(e as Error).message})`);
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(graphqlWsUrl(), 'graphql-transport-ws');
    } catch (e) {
      this.down(`the WebSocket could not be opened (${(e as Error).message})`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
      this.ackTimer = window.setTimeout(() => {
        this.down('the gateway did not acknowledge the connection within 10 s', socket);
      }, ACK_TIMEOUT_MS);
    };
    socket.onmessage = (event) => this.receive(socket, String(event.data));
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearTimeout(this.ackTimer);
      const why = event.reason ? `: ${event.reason}` : '';
      this.down(`the live connection closed (code ${event.code}${why})`);
    };
  }

  private receive(socket: WebSocket, text: string): void {
    let message: { type: string; id?: string; payload?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    switch (message.type) {
      case 'connection_ack':
        window.clearTimeout(this.ackTimer);
        socket.send(JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: this.options.query, variables: this.options.variables },
        }));
        this.retryMs = FIRST_RETRY_MS;
        this.options.onState({ kind: 'live' });
        break;
      case 'next': {
        const payload = message.payload as { data?: T | null; errors?: { message: string }[] };
        if (payload?.data) this.options.onData(payload.data);
        else if (payload?.errors?.length) this.down(`the gateway refused the subscription: ${payload.errors[0].message}`, socket);
        break;
      }
      case 'error': {
        const errors = message.payload as { message: string }[] | undefined;
        this.down(`the gateway refused the subscription: ${errors?.[0]?.message ?? 'no reason given'}`, socket);
        break;
      }
      case 'complete':
        this.down('the gateway ended the subscription', socket);
        break;
      case 'ping':
        socket.send(JSON.stringify({ type: 'pong' }));
        break;
      default:
        break;
    }
  }

  /** Says why it is not live, closes the socket and tries again later. */
  private down(reason: string, socket?: WebSocket): void {
    if (this.stopped) return;
    if (socket && this.socket === socket) {
      this.socket = null;
      socket.close(1000, 'retrying later');
    }
    window.clearTimeout(this.ackTimer);
    this.options.onState({ kind: 'down', reason });
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
