/** Where to log in: served by the gateway at /dashboard/config.json, with a build-time fallback. */
export interface LoginSettings {
  /** Realm URL, e.g. http://localhost:8180/realms/flowlens */
  oidcUrl: string;
  /** The realm's public client for this app (authorization code + PKCE S256). */
  clientId: string;
}

const FALLBACK: LoginSettings = {
  oidcUrl: import.meta.env.VITE_OIDC_URL ?? 'http://localhost:8180/realms/flowlens',
  clientId: import.meta.env.VITE_OIDC_CLIENT_ID ?? 'flowlens-dashboard',
};

export async function loadSettings(): Promise<LoginSettings> {
  try {
    const answer = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
    if (answer.ok) {
      const json = (await answer.json()) as Partial<LoginSettings>;
      if (json.oidcUrl && json.clientId) return { oidcUrl: json.oidcUrl, clientId: json.clientId };
    }
  } catch {
    // no gateway behind this page (a static preview): use the build's defaults
  }
  return FALLBACK;
}

/** The gateway's GraphQL endpoint: the page is served by the gateway, so same origin. */
export function graphqlHttpUrl(): string {
  return `${location.origin}/graphql`;
}

export function graphqlWsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}
