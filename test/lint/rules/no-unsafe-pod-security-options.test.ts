import rule from '../../../src/lint/rules/no-unsafe-pod-security-options.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'RuntimeDefault AppArmor, an allowed SELinux level and type, safe sysctls, Default procMount',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  annotations:
    container.apparmor.security.beta.kubernetes.io/web: runtime/default
spec:
  securityContext:
    appArmorProfile:
      type: RuntimeDefault
    seLinuxOptions:
      level: "s0:c123,c456"
      type: container_t
    sysctls:
      - name: net.ipv4.ip_unprivileged_port_start
        value: "80"
      - name: net.ipv4.tcp_keepalive_time
        value: "60"
  containers:
    - name: web
      image: api:1
      securityContext:
        procMount: Default
        appArmorProfile:
          type: Localhost
          localhostProfile: k8s-api
`,
    },
  ],
  invalid: [
    {
      name: 'each unsafe option is reported where it is written',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/sidecar: unconfined
    spec:
      securityContext:
        seLinuxOptions:
          type: spc_t
        sysctls:
          - name: net.core.somaxconn
            value: "1024"
      containers:
        - name: web
          image: api:1
          securityContext:
            procMount: Unmasked
            appArmorProfile:
              type: Unconfined
            seLinuxOptions:
              user: system_u
`,
      errors: [
        { messageId: 'appArmorUnconfined', path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/sidecar"]', line: 9 },
        { messageId: 'seLinuxType', path: 'spec.template.spec.securityContext.seLinuxOptions.type', line: 13 },
        { messageId: 'unsafeSysctl', path: 'spec.template.spec.securityContext.sysctls[0].name', line: 15 },
        { messageId: 'procMountUnmasked', path: 'spec.template.spec.containers[0].securityContext.procMount', line: 21 },
        { messageId: 'appArmorUnconfined', path: 'spec.template.spec.containers[0].securityContext.appArmorProfile.type', line: 23 },
        { messageId: 'seLinuxUserRole', path: 'spec.template.spec.containers[0].securityContext.seLinuxOptions.user', line: 25 },
      ],
      output: null,
    },
    {
      name: 'tcp_keepalive_time is only safe from 1.29',
      kubeVersion: '1.28',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.tcp_keepalive_time
        value: "60"
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'unsafeSysctl', path: 'spec.securityContext.sysctls[0].name', line: 8 }],
    },
  ],
});
