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
  /** Kubernetes object shapes (src/synth/kube/): each value with the fact it rests on. */
  kube: {
    /** Port the Service exposes: in-cluster clients call `http://<name>/` without a port; it forwards to the named container port `http`. */
    servicePort: 80,
    /**
     * Rolling update of the web Deployment: one extra pod at a time and never one fewer, so a
     * single-replica environment keeps serving while the new pod starts (runtime facts 3.2, 3.11).
     */
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    /**
     * PodDisruptionBudget: one pod may always be evicted. `minAvailable: 1` at one replica would
     * block every node drain forever; `maxUnavailable: 1` never blocks, and with several replicas
     * still keeps all but one serving. @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
     */
    pdbMaxUnavailable: 1,
    /** Topology spread: at most one pod more in any node or zone than in the emptiest, preferred but not required (ScheduleAnyway) so a small cluster still schedules. */
    topologyMaxSkew: 1,
    topologyKeys: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'] as readonly string[],
    /** Cluster DNS (CoreDNS/kube-dns) lives here on every mainstream distribution; pods need it to resolve datastore hosts. */
    dnsNamespace: 'kube-system',
    dnsPort: 53,
    /** The datastores' standard ports: what the NetworkPolicy opens for egress. */
    datastorePorts: { postgresql: 5432, mysql: 3306, redis: 6379, rabbitmq: 5672, mongodb: 27017 } as Record<string, number>,
    /** First Kubernetes minor with the preStop `sleep` action on by default (beta 1.30, GA 1.34, KEP-3960); older clusters get `exec: sleep`. */
    sleepActionMinVersion: '1.30',
    /** First minor where `matchLabelKeys` in topology spread is beta and on by default: spread is computed per ReplicaSet so old pods do not skew a rollout. */
    matchLabelKeysMinVersion: '1.27',
    /** First minor where `unhealthyPodEvictionPolicy` is beta and on by default: a crash-looping pod never blocks a node drain. */
    unhealthyPodEvictionPolicyMinVersion: '1.27',
    /** KEDA keeps one worker warm so a task does not wait for a pod to start; scaling to zero is an explicit choice. */
    kedaMinReplicas: 1,
    /** Seconds between KEDA's queue-length checks (KEDA's own default). @see https://keda.sh/docs/latest/reference/scaledobject-spec/ */
    kedaPollingSeconds: 30,
    /** Celery's default queue: the Redis list / RabbitMQ queue tasks go to when no queue is named. */
    celeryDefaultQueue: 'celery',
    /** A CronJob name may have at most 52 characters: the controller appends 11 for each Job it creates. @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ */
    cronJobNameMax: 52,
    /** Worker processes a Job or CronJob pod is sized for: it runs one command, not a server. */
    jobProcesses: 1,
  },
  /** How a release is named (src/render/kustomize.ts, src/synth/ci-workflow.ts). */
  release: {
    /**
     * Image tag in the overlays until CI sets the real one with `kustomize edit set image`: a word
     * that says what to do when it shows up in an ImagePullBackOff, and a valid DNS label part,
     * because the migration Job's name ends with the tag.
     */
    tagPlaceholder: 'set-by-ci',
    /**
     * CI tags the image with this many hex digits of the commit (and also with the full SHA):
     * the deployed tag ends the migration Job's name, `<name>-migrate-<tag>`, which must fit in
     * 63 characters; 12 digits leave 42 for the app name and never collide in practice.
     */
    ciTagLength: 12,
    /** A Job's name becomes the value of its pods' `batch.kubernetes.io/job-name` label, and label values are at most 63 characters. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ */
    maxJobNameLength: 63,
    /** `kubectl wait` for the migration Job: its own activeDeadlineSeconds plus a minute to schedule and pull the image. */
    migrationWaitSeconds: 960,
  },
  /** The image (src/synth/dockerfile.ts): installer versions pinned so two builds of one commit install the same way. */
  image: {
    /**
     * uv binary copied into the builder from Astral's image. Pinned: uv's lockfile format and
     * flags evolve, and the tests run this same version from PyPI. @see https://docs.astral.sh/uv/guides/integration/docker/
     */
    uvImage: 'ghcr.io/astral-sh/uv:0.13.8',
    /** Poetry and its export plugin, run in the builder only to turn poetry.lock into hashed requirements. */
    poetry: '2.5.1',
    poetryExport: '1.10.1',
    /** Pipenv, run in the builder only to turn Pipfile.lock into hashed requirements. */
    pipenv: '2026.10.3',
    /** PDM, run in the builder only to turn pdm.lock into hashed requirements. */
    pdm: '2.29.3',
    /**
     * The only maintained distroless Python: Debian 13's python3.13 at /usr/bin (python3-debian12
     * was deprecated and removed in 2026). The builder is the same Debian release with the same
     * python3 package, so the venv's interpreter links resolve in the runtime image.
     * @see https://github.com/GoogleContainerTools/distroless/tree/main/python3
     */
    distroless: { image: 'gcr.io/distroless/python3-debian13:nonroot', builder: 'debian:13-slim', python: '3.13' },
    /**
     * Dependencies that publish no manylinux wheel and compile in the builder, with the Debian
     * packages they need there (build) and at run time (runtime: shared libraries they link).
     */
    compiled: {
      psycopg2: { build: ['libpq-dev'], runtime: ['libpq5'] },
      'psycopg-c': { build: ['libpq-dev'], runtime: ['libpq5'] },
      mysqlclient: { build: ['default-libmysqlclient-dev', 'pkg-config'], runtime: ['libmariadb3'] },
      uwsgi: { build: [], runtime: [] },
    } as Record<string, { build: readonly string[]; runtime: readonly string[] }>,
  },
} as const;

/** What `init --runtime` writes into the app (src/runtime/): the companion module and gunicorn.conf.py. */
export const RUNTIME_DEFAULTS = {
  /** Module file written next to the app's package; one name so a later run finds its own file. */
  moduleName: 'py2kube_runtime',
  /** Kubernetes' own naming for liveness and readiness endpoints. @see https://kubernetes.io/docs/reference/using-api/health-checks/ */
  livenessPath: '/healthz',
  readinessPath: '/readyz',
  /** Where Prometheus' kubernetes_sd and most scrape configs look by default. */
  metricsPath: '/metrics',
  /**
   * Seconds /readyz answers 503 after SIGTERM before the server's own stop begins. The pod's
   * endpoint is removed by the preStop sleep; this covers load balancers that only probe
   * readiness, and fits inside the grace period's margin (GENERATE_DEFAULTS.timeouts.margin).
   */
  stopDelaySeconds: 2,
  /** The only dependency the companion adds: the official Prometheus client. */
  metricsPackage: 'prometheus-client',
  /** A dependency manager command (uv add, pip-compile) gets this long before it is reported as failed. */
  managerTimeoutMs: 300_000,
} as const;
