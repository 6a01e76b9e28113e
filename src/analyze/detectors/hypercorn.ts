// Hypercorn TOML configuration `bind`: https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html
import type { Fact } from '../../model/facts.ts';
import { deploymentDirs } from '../commands/command-facts.ts';
import { parseBind } from '../commands/server-command.ts';
import { defineDetector } from '../detector.ts';
import { joinRel } from '../project.ts';

const CONFIG_FILES = ['hypercorn.toml', 'config/hypercorn.toml'];

export const hypercorn = defineDetector({
  id: 'hypercorn',
  kind: 'server',
  // Driven by its own configuration file, which is cheap to look for: it runs even when
  // hypercorn is installed outside the declared dependencies (in a Dockerfile).
  detect(project) {
    const facts: Fact[] = [];
    for (const dir of deploymentDirs(project)) {
      for (const name of CONFIG_FILES) {
        const file = joinRel(dir, name);
        const config = project.readToml(file);
        if (config === null) continue;
        facts.push({ kind: 'server', value: 'hypercorn', source: { file, line: 0 }, why: `${file} is a Hypercorn configuration file` });
        const binds = typeof config['bind'] === 'string' ? [config['bind']] : Array.isArray(config['bind']) ? config['bind'].filter((b): b is string => typeof b === 'string') : [];
        // The first TCP address is the one probes and Services reach.
        const tcp = binds.map((text) => ({ text, bind: parseBind(text) })).find((b) => b.bind.port !== undefined);
        if (tcp === undefined) continue;
        const line = lineOfKey(project.read(file) ?? '', 'bind');
        const why = `sets the Hypercorn bind to "${tcp.text}"`;
        facts.push({ kind: 'port', value: tcp.bind.port!, source: { file, line }, why });
        if (tcp.bind.host !== undefined) facts.push({ kind: 'bind-host', value: tcp.bind.host, source: { file, line }, why });
      }
    }
    return facts;
  },
});

/** 1-based line of a top-level `key =` in TOML text, 0 when not found. */
function lineOfKey(text: string, key: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => new RegExp(`^\\s*${key}\\s*=`).test(line));
  return index + 1;
}
