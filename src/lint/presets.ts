import type { AnyRule, Severity, SeveritySetting } from './types.ts';

export type PresetName = 'recommended' | 'strict';
export const PRESETS: readonly PresetName[] = ['recommended', 'strict'];

/**
 * Presets are computed from each rule's default severity, never kept as a list:
 * - `recommended`: `error` and `warning` rules at their severity; `info` rules are opt-in (off);
 * - `strict`: every rule on, one step more severe (`warning` → `error`, `info` → `warning`).
 */
export function presetSeverity(rule: AnyRule, preset: PresetName): SeveritySetting {
  const severity: Severity = rule.meta.severity;
  if (preset === 'recommended') return severity === 'info' ? 'off' : severity;
  return severity === 'info' ? 'warning' : 'error';
}

export function computePreset(rules: readonly AnyRule[], preset: PresetName): Record<string, SeveritySetting> {
  return Object.fromEntries(rules.map((rule) => [rule.id, presetSeverity(rule, preset)]));
}
