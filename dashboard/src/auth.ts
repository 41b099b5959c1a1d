/**
 * OpenID Connect login at Keycloak: authorization code flow with PKCE (S256), written out
 * here rather than pulled in as a library (it is three requests). Tokens live in
 * sessionStorage: they survive a reload of the tab and go away with it.
 */
import type { LoginSettings } from './settings';

export interface Session {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** epoch ms at which the access token expires */
  expiresAt: number;
  username: string;
  groups: string[];
  roles: string[];
}

const SESSION_KEY = 'flowlens.session';
const PENDING_KEY = 'flowlens.pkce';
/** Renew the access token this long before it expires. */
const RENEW_MARGIN_MS = 30_000;

export class LoginError extends Error {}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function s256(verifier: string): Promise<string> {
  if (!crypto.subtle) {
    throw new LoginError('This page is not in a secure context (https or localhost), so the browser offers no SHA-256 for PKCE: open it over https or at localhost.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** The page Keycloak sends the user back to (must match a redirect URI of the client). */
export function redirectUri(): string {
  return `${location.origin}${import.meta.env.BASE_URL}`;
}

function endpoint(settings: LoginSettings, name: 'auth' | 'token' | 'logout'): string {
  return `${settings.oidcUrl}/protocol/openid-connect/${name}`;
}

/** Sends the browser to Keycloak's login page. */
export async function startLogin(settings: LoginSettings): Promise<void> {
  const verifier = randomToken(48);
  const state = randomToken(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, hash: location.hash }));
  const url = new URL(endpoint(settings, 'auth'));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

function decodeClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  error?: string;
  error_description?: string;
}

async function tokenRequest(settings: LoginSettings, form: Record<string, string>): Promise<Session> {
  let answer: Response;
  try {
    answer = await fetch(endpoint(settings, 'token'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: settings.clientId, ...form }),
    });
  } catch {
    throw new LoginError(`Keycloak at ${settings.oidcUrl} cannot be reached.`);
  }
  const json = (await answer.json().catch(() => ({}))) as Partial<TokenAnswer>;
  if (!answer.ok || !json.access_token) {
    throw new LoginError(`Keycloak refused the token request (HTTP ${answer.status}${json.error ? `: ${json.error_description ?? json.error}` : ''}).`);
  }
  const claims = decodeClaims(json.access_token);
  const realmAccess = claims.realm_access as { roles?: string[] } | undefined;
  const session: Session = {
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    idToken: json.id_token,
    expiresAt: Date.now() + (json.expires_in ?? 60) * 1000,
    username: String(claims.preferred_username ?? claims.sub ?? 'unknown'),
    groups: Array.isArray(claims.groups) ? (claims.groups as string[]) : [],
    roles: realmAccess?.roles ?? [],
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/**
 * Finishes a login when Keycloak has just redirected back with `?code=…&state=…`
 * (or `?error=…`). Returns the restored hash of the page the user started from, or null
 * when the URL carries no login answer.
 */
export async function completeLogin(settings: LoginSettings): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as
    | { verifier: string; state: string; hash: string }
    | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', redirectUri() + (pending?.hash ?? ''));
  if (params.has('error')) {
    throw new LoginError(`Keycloak did not log you in: ${params.get('error_description') ?? params.get('error')}.`);
  }
  if (!pending || pending.state !== params.get('state')) {
    throw new LoginError('The login answer does not belong to a login started in this tab (state mismatch). Sign in again.');
  }
  await tokenRequest(settings, {
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  return pending.hash;
}

export function currentSession(): Session | null {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  if (!session) return null;
  if (session.expiresAt <= Date.now() && !session.refreshToken) return null;
  return session;
}

/** An access token valid for at least RENEW_MARGIN_MS, renewed with the refresh token when needed. */
export async function accessToken(settings: LoginSettings): Promise<string> {
  const session = currentSession();
  if (!session) throw new LoginError('You are signed out. Sign in again.');
  if (session.expiresAt - RENEW_MARGIN_MS > Date.now()) return session.accessToken;
  if (!session.refreshToken) throw new LoginError('Your session has expired. Sign in again.');
  try {
    return (await tokenRequest(settings, { grant_type: 'refresh_token', refresh_token: session.refreshToken })).accessToken;
  } catch (e) {
    sessionStorage.removeItem(SESSION_KEY);
    throw new LoginError(`Your session has expired and could not be renewed (${(e as Error).message}). Sign in again.`);
  }
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Ends the Keycloak session too, and comes back to this page signed out. */
export function logout(settings: LoginSettings): void {
  const session = currentSession();
  forgetSession();
  const url = new URL(endpoint(settings, 'logout'));
  const params = new URLSearchParams({ client_id: settings.clientId, post_logout_redirect_uri: redirectUri() });
  if (session?.idToken) params.set('id_token_hint', session.idToken);
  url.search = params.toString();
  location.assign(url.toString());
}
