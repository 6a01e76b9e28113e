import type { Detector } from '../detector.ts';

/**
 * The hand-kept registry of detectors. Package-manager and Python-version detectors run
 * first (they have no enablers); the dependency names they find decide which of the rest run.
 * A meta-test checks that every file in this folder is registered here.
 */

// --- packaging: package managers and Python version ---
// --- end packaging ---

// --- frameworks, app targets and endpoints ---
// --- end frameworks ---

// --- servers, commands, workers and migrations ---
// --- end servers ---

export const detectors = [
  // packaging
  // frameworks
  // servers
] as const satisfies readonly Detector[];
