import type { Fact } from '../model/facts.ts';
import type { Detector } from './detector.ts';
import type { Project } from './project.ts';

/**
 * Runs detectors in two rounds: those without enablers (packaging) first, then the rest,
 * each only when the project declares one of its enablers. A detector that throws is a bug
 * in py2kube; it is reported as a problem fact so one broken detector does not hide the rest.
 */
export function runDetectors(project: Project, detectors: readonly Detector[]): Fact[] {
  const facts: Fact[] = [];
  const firstRound = detectors.filter((d) => d.enablers === undefined);
  const secondRound = detectors.filter((d) => d.enablers !== undefined);
  for (const detector of firstRound) facts.push(...runOne(detector, project));

  const declared = new Set(
    facts.flatMap((f) => (f.kind === 'dependency' && f.group !== 'dev' ? [f.name] : [])),
  );
  const declaresAnything = facts.some((f) => f.kind === 'dependency');
  for (const detector of secondRound) {
    const enabled = !declaresAnything || detector.enablers!.some((name) => declared.has(name));
    if (enabled) facts.push(...runOne(detector, project));
  }
  return facts;
}

function runOne(detector: Detector, project: Project): Fact[] {
  try {
    return detector.detect(project);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        kind: 'problem',
        level: 'warning',
        code: 'W_DETECTOR_FAILED',
        message: `The "${detector.id}" detector failed (${message}). This is a bug in py2kube; please report it with the project layout.`,
        source: { file: '.', line: 0 },
        why: 'a detector threw instead of returning facts',
      },
    ];
  }
}
