// Secrets as environment variables: https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
// Dependent environment variables ($(VAR)): https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
import { createRule } from '../create-rule.ts';
import { asArray, asRecord, asString } from '../object.ts';

/** Words in a variable name that say its value is a credential. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_?KEY|CREDENTIALS?)/;
/** Names that contain such a word but hold a setting about the secret, not the secret. */
const SETTING_NAME = /(_FILE|_PATH|_DIR|_NAME|_ALGORITHM|_ALG|_HEADER|_PREFIX|_TYPE|_ENABLED|_REQUIRED|_LENGTH|_TTL|_TIMEOUT|_LIFETIME|_URL|_URI|_DSN|_ENDPOINT|_HOST|_PORT|_ROTATION|_ID)$|EXPIR/;
/** `scheme://user:password@host`, unless the password is a `$(VAR)` reference. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@/\s]+)@/i;

function isReference(value: string): boolean {
  return /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(value);
}

/** Values that are never credentials: empty, numbers, booleans, a `$(VAR)` reference. */
function isHarmless(value: string): boolean {
  return value.trim() === '' || /^-?\d+(\.\d+)?$/.test(value) || /^(true|false|yes|no|on|off|none|null)$/i.test(value) || isReference(value);
}

export default createRule({
  id: 'no-literal-secrets-in-env',
  meta: {
    description: 'Disallow credentials written as literal env values; read them from a Secret with valueFrom.secretKeyRef.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-linter', id: 'env-var-secret' },
      { tool: 'polaris', id: 'sensitiveContainerEnvVar' },
      { tool: 'kubescape', id: 'C-0012' },
    ],
    messages: {
      secretName:
        'Container "{{container}}" sets {{variable}} to a literal value: a credential written in the manifest lives in git history, in `kubectl get -o yaml` output and in every rendered chart. Put it in a Secret and use valueFrom.secretKeyRef (name: <secret>, key: {{variable}}) instead of value.',
      passwordInUrl:
        'Container "{{container}}" sets {{variable}} to a URL with a password in it ({{redacted}}). Put the whole URL in a Secret and use valueFrom.secretKeyRef, or keep only the password there and write the URL as {{reference}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          for (const [index, item] of asArray(ref.container['env']).entries()) {
            const entry = asRecord(item);
            const variable = asString(entry?.['name']);
            const raw = entry?.['value'];
            if (variable === undefined || (typeof raw !== 'string' && typeof raw !== 'number')) continue;
            const value = String(raw);
            const path = [...ref.path, 'env', index, 'value'];
            const url = URL_WITH_PASSWORD.exec(value);
            if (url !== null && !isReference(url[1]!)) {
              const redacted = value.replace(URL_WITH_PASSWORD, (all, password: string) => all.replace(`:${password}@`, ':****@'));
              const reference = value.replace(URL_WITH_PASSWORD, (all, password: string) => all.replace(`:${password}@`, ':$(DB_PASSWORD)@'));
              context.report({ path, messageId: 'passwordInUrl', data: { container: ref.name, variable, redacted, reference } });
              continue;
            }
            const upper = variable.toUpperCase();
            if (!SECRET_NAME.test(upper) || SETTING_NAME.test(upper) || isHarmless(value)) continue;
            context.report({ path, messageId: 'secretName', data: { container: ref.name, variable } });
          }
        }
      },
    };
  },
});
