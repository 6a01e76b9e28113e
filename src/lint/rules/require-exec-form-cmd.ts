// Shell form runs under /bin/sh -c, which does not pass signals on: https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
import { basename, shellScriptOf, splitShellWords } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { instructionPath, type DockerInstruction } from '../load/dockerfile.ts';

export default createRule({
  id: 'require-exec-form-cmd',
  meta: {
    description: 'Require the image’s CMD and ENTRYPOINT in exec form, so SIGTERM reaches the Python process.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [{ tool: 'hadolint', id: 'DL3025' }],
    messages: {
      shellForm:
        '{{keyword}} is in shell form, so /bin/sh is PID 1 and the server never sees SIGTERM: Kubernetes waits the whole grace period and then kills it mid-request. Write it in exec form: {{keyword}} {{suggestion}}',
      shellWrapper:
        '{{keyword}} wraps the command in "{{shell}} -c" without exec, so the shell stays PID 1 and does not pass SIGTERM on. End the script with `exec <server> …`, or run the server directly in exec form.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        const final = dockerfile.stages.at(-1);
        if (final === undefined) return;
        const last = (keyword: string): DockerInstruction | undefined => final.instructions.filter((i) => i.keyword === keyword).at(-1);
        const entrypoint = last('ENTRYPOINT');
        const cmd = last('CMD');
        // With a shell-form ENTRYPOINT, CMD is ignored; with an exec-form one, CMD only supplies arguments.
        const programs = entrypoint === undefined ? [cmd] : entrypoint.json === null ? [entrypoint] : [entrypoint, cmd];
        for (const instruction of programs) {
          if (instruction === undefined || instruction.args === '') continue;
          const path = instructionPath(instruction);
          if (instruction.json === null) {
            context.report({ path, messageId: 'shellForm', data: { keyword: instruction.keyword, suggestion: suggestExecForm(instruction.args) } });
            continue;
          }
          const script = shellScriptOf(instruction.json);
          if (script !== null && !/(^|[;&|(]\s*|\n\s*)exec\s/.test(script)) {
            context.report({ path, messageId: 'shellWrapper', data: { keyword: instruction.keyword, shell: basename(instruction.json[0]!) } });
          }
        }
      },
    };
  },
});

/** `gunicorn app:app -b 0.0.0.0:8000` → `["gunicorn", "app:app", "-b", "0.0.0.0:8000"]`, or advice when the line needs a shell. */
function suggestExecForm(line: string): string {
  const words = splitShellWords(line);
  if (words === null || /[;&|`]|\$/.test(line)) return '["sh", "-c", "… && exec <server> …"] (the line uses shell features; end it with exec)';
  return JSON.stringify(words).replace(/","/g, '", "');
}
