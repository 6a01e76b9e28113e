import type { AnyRule } from '../types.ts';
import noCeleryBeatReplicas from './no-celery-beat-replicas.ts';
import noServiceForCeleryWorker from './no-service-for-celery-worker.ts';
import requireCeleryAcksLate from './require-celery-acks-late.ts';
import requireCeleryMaxTasksPerChild from './require-celery-max-tasks-per-child.ts';
import requireCeleryPingDestination from './require-celery-ping-destination.ts';
import requireCeleryWorkerGrace from './require-celery-worker-grace.ts';
import noGunicornLocalhostBind from './no-gunicorn-localhost-bind.ts';
import noUvicornLocalhostBind from './no-uvicorn-localhost-bind.ts';
import requireExplicitWorkers from './require-explicit-workers.ts';
import noWorkersAboveCpu from './no-workers-above-cpu.ts';
import requireMemoryForWorkers from './require-memory-for-workers.ts';
import noDeprecatedUvicornWorker from './no-deprecated-uvicorn-worker.ts';
import requireGracefulTimeout from './require-graceful-timeout.ts';
import noEventletWorker from './no-eventlet-worker.ts';
import requireContainerPortMatchesBind from './require-container-port-matches-bind.ts';
import noPrivilegeEscalation from './no-privilege-escalation.ts';
import requireExecFormCmd from './require-exec-form-cmd.ts';
import noInstallAtStart from './no-install-at-start.ts';
import preferSlimPythonImage from './prefer-slim-python-image.ts';
import requireDepsBeforeSource from './require-deps-before-source.ts';
import requireDockerignore from './require-dockerignore.ts';
import requireMultiStage from './require-multi-stage.ts';
import requireNumericUser from './require-numeric-user.ts';
import requirePipNoCache from './require-pip-no-cache.ts';
import requirePythonEnv from './require-python-env.ts';
import requireMemoryLimit from './require-memory-limit.ts';
import preferNoCpuLimit from './prefer-no-cpu-limit.ts';
import requirePrestopSleep from './require-prestop-sleep.ts';
import requireTerminationGraceBudget from './require-termination-grace-budget.ts';
import noShellWrapper from './no-shell-wrapper.ts';
import requireReadinessProbe from './require-readiness-probe.ts';
import requireStartupProbe from './require-startup-probe.ts';
import noLivenessDependencyCheck from './no-liveness-dependency-check.ts';
import requireProbePortExists from './require-probe-port-exists.ts';
import noShortProbeTimeoutWithCpuLimit from './no-short-probe-timeout-with-cpu-limit.ts';
import noIdenticalLivenessReadiness from './no-identical-liveness-readiness.ts';
import requireResourceRequests from './require-resource-requests.ts';
import requireRunAsNonRoot from './require-run-as-non-root.ts';
import requireSeccompProfile from './require-seccomp-profile.ts';
import noUnsafePodSecurityOptions from './no-unsafe-pod-security-options.ts';
import requireDropAllCapabilities from './require-drop-all-capabilities.ts';
import noAddedCapabilities from './no-added-capabilities.ts';
import noPrivilegedContainer from './no-privileged-container.ts';
import noHostNamespaces from './no-host-namespaces.ts';
import requireRestrictedVolumeTypes from './require-restricted-volume-types.ts';
import requireReadOnlyRootFilesystem from './require-read-only-root-filesystem.ts';
import requireWritableTmp from './require-writable-tmp.ts';
import noServiceAccountTokenAutomount from './no-service-account-token-automount.ts';
import noLiteralSecretsInEnv from './no-literal-secrets-in-env.ts';
import noLatestImageTag from './no-latest-image-tag.ts';
import preferImageDigest from './prefer-image-digest.ts';
import noSingleReplica from './no-single-replica.ts';
import requirePdbSelectsPods from './require-pdb-selects-pods.ts';
import noPdbBlockingEviction from './no-pdb-blocking-eviction.ts';
import requireTopologySpread from './require-topology-spread.ts';
import requireCpuRequestForHpa from './require-cpu-request-for-hpa.ts';
import noDuplicateEnv from './no-duplicate-env.ts';
import noDeprecatedApiVersion from './no-deprecated-api-version.ts';
import requireValidSchema from './require-valid-schema.ts';
import requireValidSuppression from './require-valid-suppression.ts';
import requireValidYaml from './require-valid-yaml.ts';
import requireCronjobConcurrencyPolicy from './require-cronjob-concurrency-policy.ts';
import requireCronjobHistoryLimits from './require-cronjob-history-limits.ts';
import requireCronjobStartingDeadline from './require-cronjob-starting-deadline.ts';
import requireJobBackoffLimit from './require-job-backoff-limit.ts';
import requireJobDeadline from './require-job-deadline.ts';
import requireJobRestartPolicy from './require-job-restart-policy.ts';
import requireJobTtl from './require-job-ttl.ts';
import requireServiceSelectorMatch from './require-service-selector-match.ts';
import requireTargetPortExists from './require-target-port-exists.ts';
import requireIngressBackendExists from './require-ingress-backend-exists.ts';
import requireHpaTargetExists from './require-hpa-target-exists.ts';
import requireNetworkPolicySelects from './require-network-policy-selects.ts';
import requireServiceAccountExists from './require-service-account-exists.ts';

/** Every rule, by group. A test fails when a file in this folder is missing here. */
export const rules = [
  // engine: reported by the loader and the suppression logic
  requireValidYaml,
  requireValidSuppression,
  // probes
  requireReadinessProbe,
  requireStartupProbe,
  noLivenessDependencyCheck,
  requireProbePortExists,
  noShortProbeTimeoutWithCpuLimit,
  noIdenticalLivenessReadiness,
  // resources
  requireResourceRequests,
  requireMemoryLimit,
  preferNoCpuLimit,
  // security
  requireRunAsNonRoot,
  noPrivilegeEscalation,
  requireSeccompProfile,
  requireDropAllCapabilities,
  noAddedCapabilities,
  noPrivilegedContainer,
  noHostNamespaces,
  noUnsafePodSecurityOptions,
  requireRestrictedVolumeTypes,
  requireReadOnlyRootFilesystem,
  requireWritableTmp,
  noServiceAccountTokenAutomount,
  noLiteralSecretsInEnv,
  noLatestImageTag,
  preferImageDigest,
  // availability
  noSingleReplica,
  requirePdbSelectsPods,
  noPdbBlockingEviction,
  requireTopologySpread,
  requireCpuRequestForHpa,
  // graceful shutdown
  requirePrestopSleep,
  requireTerminationGraceBudget,
  noShellWrapper,
  // Python servers
  noGunicornLocalhostBind,
  noUvicornLocalhostBind,
  requireExplicitWorkers,
  noWorkersAboveCpu,
  requireMemoryForWorkers,
  noDeprecatedUvicornWorker,
  requireGracefulTimeout,
  noEventletWorker,
  requireContainerPortMatchesBind,
  // Celery
  noCeleryBeatReplicas,
  requireCeleryAcksLate,
  noServiceForCeleryWorker,
  requireCeleryPingDestination,
  requireCeleryMaxTasksPerChild,
  requireCeleryWorkerGrace,
  // Jobs and CronJobs
  requireJobBackoffLimit,
  requireJobDeadline,
  requireJobRestartPolicy,
  requireJobTtl,
  requireCronjobConcurrencyPolicy,
  requireCronjobHistoryLimits,
  requireCronjobStartingDeadline,
  // cross-object
  requireServiceSelectorMatch,
  requireTargetPortExists,
  requireIngressBackendExists,
  requireHpaTargetExists,
  requireNetworkPolicySelects,
  requireServiceAccountExists,
  // hygiene
  requireValidSchema,
  noDuplicateEnv,
  noDeprecatedApiVersion,
  // Dockerfile
  requireExecFormCmd,
  requireMultiStage,
  requireNumericUser,
  requirePythonEnv,
  noInstallAtStart,
  preferSlimPythonImage,
  requirePipNoCache,
  requireDepsBeforeSource,
  requireDockerignore,
] satisfies readonly AnyRule[];
