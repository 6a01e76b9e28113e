import rule from '../../../src/lint/rules/require-restricted-volume-types.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'every allowed type, and a volume with no source (defaulted to emptyDir)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
  volumes:
    - name: tmp
      emptyDir: {}
    - name: config
      configMap: {name: api}
    - name: creds
      secret: {secretName: api}
    - name: data
      persistentVolumeClaim: {claimName: data}
    - name: info
      downwardAPI:
        items:
          - path: labels
            fieldRef: {fieldPath: metadata.labels}
    - name: token
      projected:
        sources:
          - serviceAccountToken: {path: token, audience: vault}
    - name: secrets-store
      csi: {driver: secrets-store.csi.k8s.io}
    - name: scratch
      ephemeral:
        volumeClaimTemplate:
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: 1Gi}}
    - name: defaulted
`,
    },
  ],
  invalid: [
    {
      name: 'hostPath and an NFS volume are reported at their type key',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
        - name: media
          nfs:
            server: nfs.internal
            path: /exports/media
`,
      errors: [
        { messageId: 'hostPath', path: 'spec.template.spec.volumes[0].hostPath', line: 13 },
        { messageId: 'volumeType', path: 'spec.template.spec.volumes[1].nfs', line: 16 },
      ],
      output: null,
    },
  ],
});
