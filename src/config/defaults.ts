/**
 * Every default py2kube applies, with the reason for it. Other modules import values from
 * here instead of writing numbers inline, so a default is changed in exactly one place.
 */

export const ANALYSIS_LIMITS = {
  /** Files listed before the walk stops: a service repo has far fewer; a bigger tree is almost always a mis-aimed DIR. */
  maxFiles: 200_000,
  /** Directory depth the walk enters: deeper trees are vendored or generated. */
  maxDepth: 24,
  /** Largest file read for analysis (2 MiB): configuration and source are small; bigger files are data. */
  maxFileBytes: 2 * 1024 * 1024,
} as const;

export const DEFAULTS = {
  /**
   * Port when neither config nor the project's own commands name one. 8000 is what gunicorn,
   * uvicorn and Django's runserver bind by default.
   * @see https://docs.gunicorn.org/en/stable/settings.html#bind
   */
  port: 8000,
  /** Port Flask's own `flask run` uses; only applied when the project runs it that way. */
  flaskPort: 5000,
} as const;

export const DEFAULTS_PYTHON = {
  /** Minor versions py2kube knows images for (python:<minor>-slim exists for each). */
  known: ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'] as const,
  /**
   * Chosen when the project only gives a lower bound (`>=3.10`): the newest release that
   * compiled dependencies reliably publish wheels for; an unbounded range should not silently
   * move the image to a brand-new interpreter whose wheels may be missing.
   */
  openEnded: '3.13',
} as const;

/**
 * What `generate` applies when config is silent. Each number has its reason and source; the
 * facts are in the team's runtime fact sheet (Kubernetes, gunicorn, uvicorn, Celery docs).
 */
export const GENERATE_DEFAULTS = {
  /** Kubernetes version the output targets and is validated against by default: recent, and the first with the preStop `sleep` action GA. */
  kubeVersion: '1.34',
  /** Environments written as Kustomize overlays when config names none. */
  environments: ['dev', 'staging', 'prod'] as const,
  /** Non-root numeric UID/GID so the kubelet can verify `runAsNonRoot` (a named USER fails with CreateContainerConfigError). @see https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
  uid: 10001,
  /** One pod can be evicted or rolled while the other serves. */
  replicas: 2,
  /** Per-environment replica counts: dev saves resources, prod scales with an HPA. */
  envReplicas: { dev: 1, staging: 2, prod: 2 } as Record<string, number>,
  /** Environments that get an HPA by default (autoscaling/v2, CPU and memory targets). */
  autoscaledEnvs: ['prod'] as readonly string[],
  autoscaling: {
    maxReplicas: 6,
    /** 70% CPU leaves headroom for a burst while new pods start. */
    cpu: 70,
    /** Memory rarely shrinks in CPython (arenas stay), so memory is a backstop, not the driver. */
    memory: 80,
  },
  /** Half a core per web pod: packs well and leaves room to burst. */
  cpu: '500m',
  /** Celery worker pods: same as web; beat is nearly idle. */
  workerCpu: '500m',
  beatCpu: '50m',
  beatMemory: '192Mi',
  /** Memory one worker process of a typical Django/FastAPI/Flask app settles at (RSS), in MiB. */
  perWorkerMiB: 160,
  /** Per worker when a large ML library loads weights into every process, in MiB. */
  perWorkerMlMiB: 1536,
  /** The gunicorn master (or uvicorn supervisor) itself, in MiB. */
  masterMiB: 64,
  /** Headroom over the estimate: CPython keeps arenas after spikes, so RSS drifts upward between recycles. */
  memoryHeadroom: 1.25,
  /** The container is rounded up to this many MiB. */
  memoryStepMiB: 64,
  timeouts: {
    /** gunicorn `timeout`: heartbeat watchdog; for sync workers it bounds one request (gunicorn default 30). */
    request: 30,
    /** gunicorn `graceful_timeout` / uvicorn `--timeout-graceful-shutdown`: drain time after SIGTERM (gunicorn default 30; uvicorn unbounded by default). */
    graceful: 25,
    /** Server keep-alive: long enough for proxies to reuse connections, short enough to drain quickly. */
    keepAlive: 5,
    /** preStop sleep: time for EndpointSlice changes to reach kube-proxy and ingress controllers before the server stops listening (KEP-3960). */
    preStop: 5,
    /** Added to preStop + graceful for terminationGracePeriodSeconds: the kubelet floors the stop at 2 s and process exit takes time. */
    margin: 10,
  },
  /** Recycle workers to bound memory growth (CPython rarely returns memory); jitter avoids all workers restarting at once. */
  maxRequests: 1000,
  maxRequestsJitter: 100,
  probes: {
    /** Startup budget = failureThreshold × period: 30 × 5 s = 150 s for normal apps. */
    startup: { periodSeconds: 5, failureThreshold: 30, timeoutSeconds: 3 },
    /** ML apps load models: 60 × 10 s = 600 s. */
    startupMl: { periodSeconds: 10, failureThreshold: 60, timeoutSeconds: 5 },
    /** Readiness reacts fast so a pod leaves the Service quickly. */
    readiness: { periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 3 },
    /** Liveness is slow to fire: the pod goes unready well before it is killed (Kubernetes docs advice). */
    liveness: { periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 5 },
  },
  celery: {
    /** Longest task, in seconds, when config does not say; sizes the grace period and the Redis visibility timeout. */
    maxTaskSeconds: 300,
    /** Replace a pool process after this many tasks to bound memory growth. */
    maxTasksPerChild: 200,
    /** Heartbeat file the worker touches; the liveness probe checks its age. */
    heartbeatFile: '/tmp/celery-worker-heartbeat',
    /** The heartbeat is touched every this many seconds. */
    heartbeatSeconds: 10,
    /** Liveness fails when the heartbeat is older than this. */
    heartbeatMaxAgeSeconds: 60,
    /** beat keeps last-run times in a file; it needs a writable path under the read-only root. */
    scheduleFile: '/var/run/celery/celerybeat-schedule',
  },
  jobs: {
    backoffLimit: 2,
    /** Finished Jobs are cleaned up after a day, long enough to read their logs. */
    ttlSecondsAfterFinished: 86_400,
    /** A migration that runs longer than this is stuck (locks), not slow. */
    migrationDeadlineSeconds: 900,
    cronActiveDeadlineSeconds: 3_600,
    /** A missed run may start up to this late (controller restarts, node trouble) and no later. */
    startingDeadlineSeconds: 300,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
  },
  /** Namespace of the ingress controller allowed to reach the pods. */
  ingressNamespace: 'ingress-nginx',
  revisionHistoryLimit: 5,
  progressDeadlineSeconds: 600,
  /** New pods must be Ready this long before old ones are removed, so the new endpoint has spread. */
  minReadySeconds: 5,
} as const;
