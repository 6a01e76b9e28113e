import { UserError } from '../../errors.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { labels, metadata } from './meta.ts';

/**
 * Variables py2kube sets on the containers itself. A setting with the same name would be
 * silently ignored (a container's `env` wins over `envFrom`), so it is refused with the key that
 * does set it. WEB_CONCURRENCY lives in the web container's `env`, not here: only the web server
 * reads it, each environment patches its own value, and a Deployment env change rolls the pods
 * while a ConfigMap change does not.
 */
const OWNED_BY_PY2KUBE: Record<string, string> = {
  WEB_CONCURRENCY: 'workers (or env.<name>.workers)',
  APP_VERSION: 'the image tag (the overlay sets the app.kubernetes.io/version label)',
};

/**
 * The ConfigMap `<name>` holding the app's non-secret settings (`[tool.py2kube] settings`);
 * every pod reads it with `envFrom`. Secrets never go here: the Secret `<name>-secrets` is
 * referenced by name and created outside py2kube.
 */
export function configMap(model: AppModel, options: ResolvedOptions): KubeObject {
  const secretKeys = new Set(options.secretKeys);
  for (const key of Object.keys(options.settings)) {
    if (secretKeys.has(key)) {
      throw new UserError(`[tool.py2kube] settings.${key} is also listed as a secret key; a ConfigMap is readable by anyone who can read the namespace, so secret values never go there.`, {
        code: 'E_CONFIG_CONFLICT',
        hint: `Remove settings.${key} and put the value in the Secret "${model.name}-secrets" instead.`,
      });
    }
    const owner = OWNED_BY_PY2KUBE[key];
    if (owner !== undefined) {
      throw new UserError(`[tool.py2kube] settings.${key} would be ignored: py2kube sets ${key} on the container itself, and a container's env wins over the ConfigMap.`, {
        code: 'E_CONFIG_CONFLICT',
        hint: `Remove settings.${key}; it comes from ${owner}.`,
      });
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(model.name, labels(model)),
    data: Object.fromEntries(Object.keys(options.settings).sort().map((k) => [k, options.settings[k]!])),
  };
}

/** Setting names that usually hold credentials: worth a note when they appear in the ConfigMap. */
export function secretLookingSettings(options: ResolvedOptions): string[] {
  return Object.keys(options.settings).filter((k) => /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIALS?)(_|$)/i.test(k)).sort();
}
