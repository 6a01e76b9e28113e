// .env file syntax (KEY=value, optional `export`, quotes): https://github.com/theskumar/python-dotenv#file-format
import type { Fact } from '../../model/facts.ts';
import { deploymentDirs } from '../commands/command-facts.ts';
import { datastoreOfUrl, redactUrl } from '../commands/datastore-url.ts';
import { defineDetector } from '../detector.ts';
import { joinRel } from '../project.ts';

/**
 * Only the committed templates are read. `.env` itself holds real secrets and is usually
 * untracked, so py2kube never opens it: what it learns must come from files meant to be shared.
 */
const TEMPLATES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'env.example', 'example.env'];

/** Connection settings by their conventional names; other `*_URL`/`*_URI`/`*_DSN` keys count when their scheme is a datastore's. */
const URL_KEY = /(^|_)(URL|URI|DSN)$/;

export const dotenv = defineDetector({
  id: 'dotenv',
  kind: 'datastore',
  detect(project) {
    const facts: Fact[] = [];
    for (const dir of deploymentDirs(project)) {
      for (const name of TEMPLATES) {
        const file = joinRel(dir, name);
        const text = project.read(file);
        if (text === null) continue;
        text.split(/\r?\n/).forEach((raw, index) => {
          const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
          if (match === null) return;
          const key = match[1]!;
          const value = unquote(match[2]!);
          const line = index + 1;
          if (key === 'PORT' && /^\d{1,5}$/.test(value) && Number(value) > 0 && Number(value) < 65536) {
            facts.push({ kind: 'port', value: Number(value), source: { file, line }, why: `sets PORT=${value}` });
          } else if (URL_KEY.test(key)) {
            const store = datastoreOfUrl(value);
            if (store !== null) facts.push({ kind: 'datastore', value: store, optional: false, source: { file, line }, why: `sets ${key}=${redactUrl(value)}` });
          }
        });
      }
    }
    return facts;
  },
});

/** Removes matching quotes and, outside quotes, a trailing ` # comment`. */
function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted !== null) return quoted[2]!;
  return value.replace(/\s+#.*$/, '');
}
