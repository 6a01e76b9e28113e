// Pod Security Standards, restricted, "Volume Types", and baseline, "HostPath Volumes": https://kubernetes.io/docs/concepts/security/pod-security-standards/
import { createRule } from '../create-rule.ts';
import { asArray, asRecord, asString } from '../object.ts';

const ALLOWED = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

export default createRule({
  id: 'require-restricted-volume-types',
  meta: {
    description: 'Require pod volumes to use only the types the restricted Pod Security Standard allows.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'polaris', id: 'hostPathSet' },
      { tool: 'kubescape', id: 'C-0048' },
      { tool: 'trivy', id: 'KSV-0023' },
      { tool: 'trivy', id: 'KSV-0028' },
    ],
    messages: {
      hostPath:
        '{{kind}} "{{name}}" mounts the node path "{{hostPath}}" as volume "{{volume}}": the pod can read (and usually write) the node’s files, and the Pod Security Standards reject hostPath even at "baseline". Use an emptyDir for scratch space, a persistentVolumeClaim for data, or a configMap/secret for files.',
      volumeType:
        '{{kind}} "{{name}}" has volume "{{volume}}" of type {{type}}, which the Pod Security Standards "restricted" profile does not allow (only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret). Reach the storage through a persistentVolumeClaim (with a StorageClass or PersistentVolume for {{type}}) instead.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const [index, item] of asArray(workload.podSpec['volumes']).entries()) {
          const volume = asRecord(item);
          if (volume === undefined) continue;
          const name = asString(volume['name']) ?? `#${index}`;
          // A volume with no source is defaulted to emptyDir by the API server.
          for (const type of Object.keys(volume)) {
            if (type === 'name' || ALLOWED.has(type)) continue;
            const path = [...workload.podSpecPath, 'volumes', index, type];
            const data = { kind: workload.kind, name: workload.name, volume: name, type };
            if (type === 'hostPath') context.report({ path, messageId: 'hostPath', data: { ...data, hostPath: asString(asRecord(volume[type])?.['path']) ?? '?' } });
            else context.report({ path, messageId: 'volumeType', data });
          }
        }
      },
    };
  },
});
