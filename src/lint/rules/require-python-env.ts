// PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE: https://docs.python.org/3/using/cmdline.html#environment-variables
import { createRule } from '../create-rule.ts';
import { envOfChain, finalChain, isPythonImage } from '../docker.ts';
import { instructionPath } from '../load/dockerfile.ts';

export default createRule({
  id: 'require-python-env',
  meta: {
    description: 'Require PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE in the final stage of a Python image, so logs reach kubectl logs at once and nothing writes bytecode at run time.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [],
    messages: {
      missingUnbuffered:
        'The final stage (FROM {{image}}) does not set PYTHONUNBUFFERED, so Python block-buffers stdout when it is not a terminal: log lines reach kubectl logs late, and the last ones are lost when the container is killed. Add ENV PYTHONUNBUFFERED=1.',
      missingDontWriteBytecode:
        'The final stage (FROM {{image}}) does not set PYTHONDONTWRITEBYTECODE, so Python tries to write __pycache__ files next to the code at run time: wasted writes on a writable root, failed ones under readOnlyRootFilesystem. Add ENV PYTHONDONTWRITEBYTECODE=1 (compile bytecode at build time instead).',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        const chain = finalChain(dockerfile);
        const final = chain.at(-1);
        if (final === undefined || !isPythonImage(dockerfile, chain)) return;
        const env = envOfChain(chain);
        // Python turns each on for any non-empty value.
        const path = instructionPath(final.from);
        const data = { image: final.image };
        if ((env['PYTHONUNBUFFERED'] ?? '') === '') context.report({ path, messageId: 'missingUnbuffered', data });
        if ((env['PYTHONDONTWRITEBYTECODE'] ?? '') === '') context.report({ path, messageId: 'missingDontWriteBytecode', data });
      },
    };
  },
});
