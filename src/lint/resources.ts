// Resource quantities: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
import { getIn } from './object.ts';
import type { Path } from './types.ts';
import type { ContainerRef } from './workload.ts';

/** CPU and memory quantities as numbers, and the CPU a container reserves, for the sizing rules. */

/** CPU quantity in cores: `500m` → 0.5, `2` → 2; undefined when unreadable. */
export function cpuCores(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?|\.\d+)(m?)$/.exec(value.trim());
  if (m === null) return undefined;
  return m[2] === 'm' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** The CPU the scheduler reserves: the request, or the limit when only a limit is set (Kubernetes copies it). */
export function cpuRequestOf(ref: ContainerRef): { cores: number; text: string; path: Path } | undefined {
  for (const kind of ['requests', 'limits'] as const) {
    const raw = getIn(ref.container, ['resources', kind, 'cpu']);
    const cores = cpuCores(raw);
    if (cores !== undefined && cores > 0) return { cores, text: String(raw), path: [...ref.path, 'resources', kind, 'cpu'] };
  }
  return undefined;
}

/** gunicorn's I/O-bound rule of thumb, `2 × cores + 1`, as a whole number of processes. */
export function ioWorkers(cores: number): number {
  return Math.max(1, Math.ceil(2 * cores + 1));
}

const UNITS: Record<string, number> = {
  '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A memory quantity in MiB: `512Mi` → 512, `1.5Gi` → 1536, `1G` → 953.67; undefined when unreadable. */
export function memoryMiB(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value / 2 ** 20 : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?|\.\d+)(?:e(\d+))?([kKMGTPE]i?)?$/.exec(value.trim());
  if (m === null) return undefined;
  const unit = UNITS[m[3] ?? ''];
  if (unit === undefined) return undefined;
  return (Number(m[1]) * 10 ** Number(m[2] ?? 0) * unit) / 2 ** 20;
}
