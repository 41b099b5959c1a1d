/**
 * GraphQL subscriptions over WebSocket: the one place that opens them. The protocol (graphql-transport-ws) is the
 * graphql-ws library's client; this module gives it the bearer token in the connection_init payload `Authorization`
 * (asked anew at each connection, so a refreshed token is used), runs the operations on one socket, reports whether
 * they are live and, while they are not (gateway without subscriptions, network trouble, an expired token, a refusal),
 * says why and opens them again after a growing delay, so that its user can fall back to reading on a timer.
 */
import { createClient, type Client } from 'graphql-ws/client';
import { graphqlWsUrl } from './settings';

export type SubscriptionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'down'; reason: string };

export interface Operation<T> {
  query: string;
  variables: Record<string, unknown>;
  /** each pushed result's data */
  onData(data: T): void;
  /**
   * Given for an operation that may end alone: its refusal or end is reported here, the others go on, and it is
   * subscribed again with the next connection. Without it, its refusal or end takes the connection down.
   */
  onEnd?(reason: string): void;
}

export interface SubscriptionOptions {
  token: () => Promise<string>;
  onState: (state: SubscriptionState) => void;
  /** method syntax: an Operation of any data type is one of these */
  operations: Operation<unknown>[];
}

const ACK_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;
/** graphql-ws closes with this when connection_ack did not come in time */
const ACK_TIMEOUT_CODE = 4504;

/**
 * What a client's handlers know: `closing` once this page closes it, after which it reports nothing; `tokenProblem`
 * once the token function failed, upon which graphql-ws closes the socket.
 */
interface ConnectionState {
  closing: boolean;
  tokenProblem?: string;
}

interface Connection {
  state: ConnectionState;
  client: Client;
  unsubscribes: (() => void)[];
}

/** Why a client's socket closed, for a person. */
function closeReason(event: CloseEvent, state: ConnectionState): string {
  if (state.tokenProblem) return state.tokenProblem;
  if (event.code === ACK_TIMEOUT_CODE) return `the gateway did not acknowledge the connection within ${ACK_TIMEOUT_MS / 1000} s`;
  return `the live connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`;
}

export class GraphqlSubscriptions {
  private connection: Connection | null = null;
  private retryTimer: number | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: SubscriptionOptions) {}

  start(): void {
    this.options.onState({ kind: 'connecting' });
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.close();
  }

  /** A lazy client (it connects with the first operation) with every operation subscribed on it. */
  private open(): void {
    if (this.stopped) return;
    const state: ConnectionState = { closing: false };
    const client = createClient({
      url: graphqlWsUrl(),
      lazy: true,
      connectionParams: async () => {
        try {
          return { Authorization: `Bearer ${await this.options.token()}` };
        } catch (e) {
          state.tokenProblem = `no valid token (${(e as Error).message})`;
          throw e;
        }
      },
      connectionAckWaitTimeout: ACK_TIMEOUT_MS,
      // graphql-ws does not retry: every loss closes this client and down() opens a new one after a growing delay
      retryAttempts: 0,
      on: {
        connected: () => {
          if (state.closing) return;
          this.failures = 0;
          this.options.onState({ kind: 'live' });
        },
        closed: (event) => {
          if (!state.closing) this.down(closeReason(event as CloseEvent, state));
        },
      },
    });
    const connection: Connection = { state, client, unsubscribes: [] };
    this.connection = connection;
    connection.unsubscribes = this.options.operations.map((operation) => client.subscribe<unknown>(
      { query: operation.query, variables: operation.variables },
      {
        next: (result) => {
          if (state.closing) return;
          if (result.data) operation.onData(result.data);
          else if (result.errors?.length) this.refused(operation, result.errors[0].message);
        },
        error: (error) => {
          // an array of errors is the gateway's refusal of this operation; anything else is the socket's end,
          // which closed reports
          if (state.closing || !Array.isArray(error)) return;
          this.refused(operation, (error[0] as { message?: string } | undefined)?.message ?? 'no reason given');
        },
        complete: () => {
          if (state.closing) return;
          if (operation.onEnd) operation.onEnd('the gateway ended it');
          else this.down('the gateway ended the subscription');
        },
      },
    ));
  }

  private refused(operation: Operation<unknown>, message: string): void {
    if (operation.onEnd) operation.onEnd(`the gateway refused it: ${message}`);
    else this.down(`the gateway refused the subscription: ${message}`);
  }

  /** Says why it is not live, closes the client and opens a new one later. */
  private down(reason: string): void {
    if (this.stopped) return;
    this.close();
    this.options.onState({ kind: 'down', reason });
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.open(), Math.min(FIRST_RETRY_MS * 2 ** this.failures, MAX_RETRY_MS));
    this.failures++;
  }

  /** Ends the operations (graphql-ws sends their complete) and the client's socket. */
  private close(): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    connection.state.closing = true;
    connection.unsubscribes.forEach((unsubscribe) => unsubscribe());
    Promise.resolve(connection.client.dispose()).catch(() => {
      // the socket failed while connecting: nothing is left to close
    });
  }
}
