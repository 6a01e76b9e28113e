import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import { UserError } from '../../errors.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import {
  LABEL, cpuQuantity, kubeAtLeast, labels, memoryQuantity, metadata, secretKeysAnnotation, selectorLabels,
} from './meta.ts';
import {
  HTTP_PORT_NAME, TMP_DIR, TMP_VOLUME, appEnvFrom, containerSecurityContext, emptyDirVolume, httpGetProbe, mount, podBase,
  tcpSocketProbe,
} from './pod.ts';

export const WEB_CONTAINER = 'web';

/**
 * Requests for CPU and memory, a limit for memory only. No CPU limit on purpose: a limit is a
 * CFS quota per 100 ms shared by every worker process, so a few busy workers use it up early in
 * the period and then all of them stall, probes included, even on an idle node (runtime facts
 * 6.3.1, 6.3.2, 1.6.4). The request alone reserves the CPU and sizes the worker count. Memory
 * needs a limit because the kernel OOM-kills at the limit instead of letting one pod starve the
 * node (6.2.4).
 */
export function webResources(cpuMillis: number, memoryMiB: number, memoryLimitMiB: number): Record<string, unknown> {
  return {
    requests: { cpu: cpuQuantity(cpuMillis), memory: memoryQuantity(memoryMiB) },
    limits: { memory: memoryQuantity(memoryLimitMiB) },
  };
}

/** gunicorn and uvicorn both read their worker count from WEB_CONCURRENCY (runtime facts 4.4.2), so each environment patches only this. */
export function webConcurrencyEnv(workers: number): Record<string, unknown> {
  return { name: 'WEB_CONCURRENCY', value: String(workers) };
}

/**
 * The image version, read by the app for logs and error reports. It comes from the pod's
 * `app.kubernetes.io/version` label, which the overlay/CI sets on the pod template (never on a
 * selector); unset, the variable is empty rather than wrong.
 */
export function appVersionEnv(): Record<string, unknown> {
  return { name: 'APP_VERSION', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${LABEL.version}']` } } };
}

/**
 * The three probes. Startup holds the other two back while the app imports and loads (its
 * budget is failureThreshold × period, generous for ML apps); readiness reacts fast so a pod
 * leaves the Service quickly; liveness is slow to fire so a pod goes unready well before it is
 * killed, and it never checks a dependency: a database outage must not restart every pod
 * (runtime facts 1.2.7, 1.2.8, 1.2.10). Without a health endpoint each falls back to a TCP
 * connect on the named port. Readiness uses the liveness endpoint when the app has no separate
 * readiness one: a cheap endpoint proves the workers answer HTTP, which a TCP connect does not.
 */
export function webProbes(options: ResolvedOptions): Record<'startupProbe' | 'readinessProbe' | 'livenessProbe', Record<string, unknown>> {
  const p = options.probes;
  const probe = (path: string | null, timing: typeof p.startup): Record<string, unknown> => (path !== null ? httpGetProbe(path, timing) : tcpSocketProbe(timing));
  return {
    startupProbe: probe(p.startupPath, p.startup),
    readinessProbe: probe(p.readinessPath ?? p.livenessPath, p.readiness),
    livenessProbe: probe(p.livenessPath, p.liveness),
  };
}

/**
 * The preStop delay that lets the EndpointSlice change reach kube-proxy and ingress controllers
 * before the server stops listening (runtime facts 2.1.2, 2.2.7, 4.1.11). The `sleep` action
 * runs in the kubelet and needs no binary in the image; it is on by default from 1.30 (beta) and
 * GA in 1.34. Older clusters get `exec: sleep N`, which a distroless image cannot run.
 */
export function preStopHandler(options: ResolvedOptions): Record<string, unknown> {
  const seconds = options.timeouts.preStop;
  if (kubeAtLeast(options, D.kube.sleepActionMinVersion)) return { sleep: { seconds } };
  if (options.baseImage === 'distroless') {
    throw new UserError(`Kubernetes ${options.kubeVersion} has no preStop sleep action (it is on by default from ${D.kube.sleepActionMinVersion}), and the distroless base image has no sleep binary for "exec: sleep ${seconds}".`, {
      code: 'E_CONFIG_CONFLICT',
      hint: `Target Kubernetes ${D.kube.sleepActionMinVersion} or newer (--kube-version), or set base-image = "slim".`,
    });
  }
  return { exec: { command: ['sleep', String(seconds)] } };
}

/** Prometheus' conventional scrape annotations, on the pod template so each pod is scraped on its own port. */
function scrapeAnnotations(model: AppModel): Record<string, string> {
  if (model.metricsPath === null) return {};
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(model.port), 'prometheus.io/path': model.metricsPath };
}

/**
 * Spread pods over nodes and zones so one node or zone failure does not take every pod.
 * ScheduleAnyway: a preference, so a one-node dev cluster still schedules. `matchLabelKeys`
 * with the pod-template hash computes the spread per ReplicaSet, so old pods that are about to
 * go do not skew where the new ones land during a rollout.
 */
export function topologySpread(options: ResolvedOptions, selector: Record<string, string>): Array<Record<string, unknown>> {
  return D.kube.topologyKeys.map((topologyKey) => ({
    maxSkew: D.kube.topologyMaxSkew,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
    ...(kubeAtLeast(options, D.kube.matchLabelKeysMinVersion) ? { matchLabelKeys: ['pod-template-hash'] } : {}),
  }));
}

/**
 * The web Deployment `<name>`. No `replicas` field: each overlay sets a fixed count or adds an
 * HPA that owns it, and a base value would make every `kubectl apply` reset the HPA's choice.
 * The container's command is the image's CMD (the server, exec form, from the Dockerfile).
 * `terminationGracePeriodSeconds` is one budget for the preStop sleep and the server's graceful
 * drain, plus margin (runtime facts 2.1.5, 8.1).
 */
export function webDeployment(model: AppModel, options: ResolvedOptions): KubeObject {
  const grace = options.terminationGracePeriodSeconds;
  if (grace <= options.timeouts.preStop + options.timeouts.graceful) {
    throw new Error(`terminationGracePeriodSeconds (${grace}) must exceed preStop (${options.timeouts.preStop}) + graceful (${options.timeouts.graceful}); resolveOptions should have added the margin`);
  }
  const selector = selectorLabels(model, 'web');
  const scrape = scrapeAnnotations(model);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(model.name, labels(model, 'web'), secretKeysAnnotation(options.secretKeys)),
    spec: {
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: D.kube.rollingUpdate.maxSurge, maxUnavailable: D.kube.rollingUpdate.maxUnavailable } },
      minReadySeconds: D.minReadySeconds,
      revisionHistoryLimit: D.revisionHistoryLimit,
      progressDeadlineSeconds: D.progressDeadlineSeconds,
      template: {
        metadata: { labels: labels(model, 'web'), ...(Object.keys(scrape).length > 0 ? { annotations: scrape } : {}) },
        spec: {
          ...podBase(model, options),
          terminationGracePeriodSeconds: grace,
          topologySpreadConstraints: topologySpread(options, selector),
          containers: [{
            name: WEB_CONTAINER,
            image: model.name,
            ports: [{ name: HTTP_PORT_NAME, containerPort: model.port, protocol: 'TCP' }],
            env: [webConcurrencyEnv(options.workers), appVersionEnv()],
            envFrom: appEnvFrom(model),
            resources: webResources(options.cpuMillis, options.memoryMiB, options.memoryLimitMiB),
            ...webProbes(options),
            lifecycle: { preStop: preStopHandler(options) },
            securityContext: containerSecurityContext(),
            volumeMounts: [mount(TMP_VOLUME, TMP_DIR)],
          }],
          volumes: [emptyDirVolume(TMP_VOLUME)],
        },
      },
    },
  };
}
