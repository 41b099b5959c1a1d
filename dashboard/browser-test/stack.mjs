// The running Flowlens stack the browser test talks to: tokens, GraphQL, events, demo data.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = (name, fallback) => (process.env[name] && process.env[name].trim()) || fallback;

export const GATEWAY = env('FLOWLENS_GATEWAY_URL', 'http://localhost:18080');
export const INGEST = env('FLOWLENS_INGEST_URL', 'http://localhost:18081');
export const OIDC = env('FLOWLENS_OIDC_URL', 'http://localhost:8180/realms/flowlens');
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function token(form) {
  const answer = await fetch(`${OIDC}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  const json = await answer.json();
  if (!answer.ok) throw new Error(`token request for ${form.username ?? form.client_id} refused: HTTP ${answer.status} ${JSON.stringify(json)}`);
  return json.access_token;
}

/** A user's token (password grant on the CLI client; the browser logs in through the login page instead). */
export const userToken = (username) => token({ grant_type: 'password', client_id: 'flowlens-cli', username, password: username });

export const ingestToken = () => token({ grant_type: 'client_credentials', client_id: 'flowlens-ingest', client_secret: 'flowlens-ingest-secret' });

export async function graphql(tokenValue, query, variables = {}) {
  const answer = await fetch(`${GATEWAY}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenValue}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = await answer.json();
  if (answer.status !== 200 || json.errors) throw new Error(`GraphQL answered HTTP ${answer.status}: ${JSON.stringify(json.errors ?? json)}`);
  return json.data;
}

/** Posts CloudEvents to ingest-service with the ingest role; its answer, accepted or not. */
export async function postEventsAnswer(events) {
  const answer = await fetch(`${INGEST}/api/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await ingestToken()}` },
    body: JSON.stringify(events),
  });
  return { status: answer.status, text: await answer.text() };
}

/** Posts CloudEvents to ingest-service; it must accept them all (202). */
export async function postEvents(events) {
  const { status, text } = await postEventsAnswer(events);
  if (status !== 202) throw new Error(`ingest-service answered ${status}: ${text}`);
}

/** The SDL the gateway serves (needs a token). */
export async function servedSchema(tokenValue) {
  const answer = await fetch(`${GATEWAY}/graphql/schema.graphql`, { headers: { Authorization: `Bearer ${tokenValue}` } });
  return answer.ok ? answer.text() : '';
}

/**
 * Loads the demo history and value streams (bin/tools demo.DemoData) into this stack: the same
 * "Payments delivery" and "Ops platform" as bin/flowlens demo. Idempotent on one day.
 */
export function loadDemoData() {
  const run = spawnSync(resolve(REPO, 'bin/tools'), ['demo.DemoData', '--oidc', OIDC, '--ingest', INGEST, '--gateway', GATEWAY],
    { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`DemoData failed (exit ${run.status}): ${run.stderr || run.stdout || run.error}`);
  return run.stdout.trim().split('\n')[0];
}

/** Polls fn until it returns a truthy value, or fails after timeoutMs with the last answer. */
export async function until(what, fn, timeoutMs = 60_000, everyMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
