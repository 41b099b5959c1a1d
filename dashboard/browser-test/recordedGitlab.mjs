// A local GitLab for the admin page's browser test: it answers the REST calls of ingest-service's GitLab pull and
// connection test from Apache DevLake's recorded gitlab.com responses of gitlab-data/snowflake_spend
// (testdata/devlake/gitlab/raw_tables, the recordings GitlabPullTest replays; see testdata/devlake/README.md).
//
// As GitlabPullTest's server does, it pages every listing by 5 whatever is asked (GitLab's X-Page, X-Total,
// X-Total-Pages and X-Next-Page headers), sorts by updated_at, leaves out the objects without one, answers the first
// issues listing page after spendQuota() with the quota spent (RateLimit-Remaining: 0, RateLimit-Reset a few seconds ahead, so
// that the sync visibly waits), refuses any other token with GitLab's "401 Unauthorized" and any other project with "404 Project Not
// Found". Two differences, because the stack runs on the real clock: the recordings are years old, so updated_after
// is not applied (every recorded object is answered, as by a GitLab where all of them changed since the backfill
// start), and the issues' resource state events are answered empty (they are not in DevLake's recordings).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REPO } from './stack.mjs';

export const PROJECT = 'gitlab-data/snowflake_spend';
export const TOKEN = 'glpat-browser-test-token';
/** Objects per page, whatever per_page asks. */
export const SERVER_PAGE = 5;
const PROJECT_PATH = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;

/** The recorded API objects of one DevLake raw table (its data column), with its input column. */
function recorded(table) {
  const rows = parse(readFileSync(resolve(REPO, 'testdata/devlake/gitlab/raw_tables', table)), { columns: true, skip_empty_lines: true });
  return rows.map((r) => ({ data: JSON.parse(r.data), input: r.input ? JSON.parse(r.input) : null }));
}

const byUpdate = (a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at);

/** The listings as this server answers them: recorded objects with an updated_at, oldest update first. */
export function listings() {
  const listed = (table) => recorded(table).map((r) => r.data).filter((o) => o.updated_at).sort(byUpdate);
  return {
    issues: listed('_raw_gitlab_api_issues.csv'),
    merge_requests: listed('_raw_gitlab_api_merge_requests.csv'),
    deployments: listed('_raw_gitlab_api_deployments.csv'),
    pipelines: listed('_raw_gitlab_api_pipeline.csv'),
  };
}

/** The pages a listing of n objects takes here (an empty listing is one page). */
export const pages = (n) => Math.max(1, Math.ceil(n / SERVER_PAGE));

/**
 * Starts the server on a free port of 127.0.0.1. rateLimitSeconds: how far ahead of the answer to the first issues page
 * after spendQuota() the quota resets. Answers { url, close(), requests (each {at (ms), path, page, perPage}), user, listings,
 * spendQuota(), waitUntil() (the reset it announced, ISO) }.
 */
export async function startRecordedGitlab({ rateLimitSeconds = 12 } = {}) {
  const lists = listings();
  const notes = new Map();
  for (const r of recorded('_raw_gitlab_api_merge_request_notes.csv')) {
    const iid = Number(r.input.Iid);
    notes.set(iid, [...(notes.get(iid) ?? []), r.data]);
  }
  const user = lists.issues[0].author;
  const requests = [];
  let quotaSpent = false;
  let waitUntil = null;

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push({ at: Date.now(), path: url.pathname, page: url.searchParams.get('page'), perPage: url.searchParams.get('per_page') });
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers['private-token'] !== TOKEN) return send(401, { message: '401 Unauthorized' });
    if (url.pathname === '/api/v4/user') return send(200, user);
    if (!url.pathname.startsWith(`${PROJECT_PATH}/`)) return send(404, { message: '404 Project Not Found' });
    const resource = url.pathname.slice(PROJECT_PATH.length + 1);
    const headers = { 'RateLimit-Limit': '2000', 'RateLimit-Remaining': '1999', 'RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) };
    let all;
    const mrNotes = /^merge_requests\/(\d+)\/notes$/.exec(resource);
    if (lists[resource]) {
      all = lists[resource];
    } else if (mrNotes) {
      all = notes.get(Number(mrNotes[1])) ?? [];
    } else if (/^issues\/\d+\/resource_state_events$/.test(resource)) {
      all = [];
    } else {
      return send(404, { message: '404 Not Found' });
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    // (the sync's listing only: a connection test reads one issue, per_page=1)
    if (resource === 'issues' && page === 1 && quotaSpent && url.searchParams.get('per_page') !== '1') {
      // answered, but the quota is spent: the next request waits for the reset
      quotaSpent = false;
      const reset = Math.ceil(Date.now() / 1000) + rateLimitSeconds;
      waitUntil = new Date(reset * 1000).toISOString();
      headers['RateLimit-Remaining'] = '0';
      headers['RateLimit-Reset'] = String(reset);
    }
    const totalPages = pages(all.length);
    const body = all.slice((page - 1) * SERVER_PAGE, page * SERVER_PAGE);
    Object.assign(headers, {
      'X-Page': String(page), 'X-Per-Page': String(SERVER_PAGE), 'X-Total': String(all.length), 'X-Total-Pages': String(totalPages),
      'X-Next-Page': page < totalPages ? String(page + 1) : '', 'X-Prev-Page': page > 1 ? String(page - 1) : '',
    });
    return send(200, body, headers);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    user,
    listings: lists,
    spendQuota: () => { quotaSpent = true; },
    waitUntil: () => waitUntil,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
