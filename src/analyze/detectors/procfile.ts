// Procfile process types and $PORT: https://devcenter.heroku.com/articles/procfile
import type { Fact } from '../../model/facts.ts';
import { deploymentDirs, readShellCommand, toCommandFacts, toUnparsableCommand } from '../commands/command-facts.ts';
import { defineDetector } from '../detector.ts';
import { joinRel } from '../project.ts';

const PROCESS_LINE = /^([A-Za-z0-9_-]+):[ \t]*(.*)$/;

export const procfile = defineDetector({
  id: 'procfile',
  kind: 'commands',
  detect(project) {
    const facts: Fact[] = [];
    for (const dir of deploymentDirs(project)) {
      const file = joinRel(dir, 'Procfile');
      const text = project.read(file);
      if (text === null) continue;
      text.split(/\r?\n/).forEach((raw, index) => {
        const match = PROCESS_LINE.exec(raw.trim());
        if (match === null || match[2]!.trim() === '') return;
        const [, process, line] = match;
        const source = { file, line: index + 1 };
        // Heroku sets PORT for the web process; `$PORT` alone gives no port fact, `${PORT:-8000}` gives 8000.
        const command = readShellCommand(line!);
        if (command === null) facts.push(toUnparsableCommand(source, line!));
        else facts.push(...toCommandFacts(command, process!, { project, source, workdir: dir }));
      });
    }
    return facts;
  },
});
