import type { Fact } from '../model/facts.ts';
import type { Project } from './project.ts';

export type DetectorKind = 'package-manager' | 'python-version' | 'framework' | 'server' | 'worker' | 'migrations' | 'datastore' | 'endpoints' | 'commands';

/**
 * One file per framework, server, package manager or tool. A detector reads the project
 * and returns facts; it never sees other detectors' facts.
 */
export interface Detector {
  /** Same as the file name: `fastapi`, `uv`, `celery`. */
  id: string;
  kind: DetectorKind;
  /**
   * PEP 503-normalised distribution names that make this detector worth running. When the
   * project declares dependencies and none of these is among them, the detector is skipped.
   * When the project declares no dependencies at all, every detector runs.
   */
  enablers?: readonly string[];
  detect(project: Project): Fact[];
}

export function defineDetector(detector: Detector): Detector {
  return detector;
}
