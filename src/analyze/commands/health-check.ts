import { parsePort } from './server-command.ts';
import { substituteDefaults, substituteEnv } from './shell-words.ts';

/**
 * The URL a container health check requests: Docker's `HEALTHCHECK CMD curl -f
 * http://localhost:8080/health`, a compose `healthcheck.test`. Only local URLs count: the check
 * runs inside the container, so the port it reaches is the one the app listens on.
 * @see https://docs.docker.com/reference/dockerfile/#healthcheck
 * @see https://docs.docker.com/reference/compose-file/services/#healthcheck
 */
export interface HealthCheckUrl {
  /** The URL as read, variables filled in. */
  url: string;
  /** The path requested, `/` when the URL names none; null when it depends on a variable. */
  path: string | null;
  /** The port requested (the scheme's default when none is written); null when it depends on a variable. */
  port: number | null;
}

const LOCAL_URL = /(https?):\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::([^/\s"'?#]+))?(\/[^\s"'?#|;&)]*)?/;

export function healthCheckUrl(text: string, env: Readonly<Record<string, string>>): HealthCheckUrl | null {
  const match = LOCAL_URL.exec(substituteEnv(text, env));
  if (match === null) return null;
  const [url, scheme, portText, pathText] = match;
  const port = portText === undefined ? (scheme === 'https' ? 443 : 80) : (parsePort(portText).port ?? null);
  const path = pathText === undefined ? '/' : substituteDefaults(pathText);
  return { url: url!, path: path === null || path.includes('$') ? null : path, port };
}
