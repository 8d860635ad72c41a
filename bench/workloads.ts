/**
 * What the benchmark synthesizes, three ways: with kube-patterns, as the same objects written by
 * hand as cdk8s ApiObjects (the floor of what cdk8s itself costs), and as the closest
 * cdk8s-plus-28 code. The hand-written objects are checked equal to ours before timing.
 */
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
// The compiled library: what users run.
import type * as KubePatterns from '../lib';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const patterns: typeof KubePatterns = require('../build/lib');

/** A 3-replica database with storage (so a PDB too), and a 3-replica web tier. */
export const DB_PROPS = { image: 'postgres:16.4', port: 5432, replicas: 3, storage: { size: '10Gi', mountPath: '/var/lib/postgresql/data' } };
export const WEB_PROPS = { image: 'nginxinc/nginx-unprivileged:1.27', port: 8080, replicas: 3 };

export type Kind = 'database' | 'web';
export type Path = 'kube-patterns' | 'hand-written' | 'cdk8s-plus-28';

/** Adds instance `i` of a kind to a chart, by one path. */
export function addInstance(chart: Chart, path: Path, kind: Kind, i: number): void {
  const name = `${kind === 'database' ? 'db' : 'web'}-${i}`;
  if (path === 'kube-patterns') {
    if (kind === 'database') new patterns.StatefulDatabase(chart, name, DB_PROPS);
    else new patterns.StatelessWeb(chart, name, WEB_PROPS);
  } else if (path === 'hand-written') {
    for (const [id, object] of Object.entries(kind === 'database' ? handWrittenDatabase(name) : handWrittenWeb(name))) new ApiObject(chart, `${name}-${id}`, object);
  } else {
    if (kind === 'database') kplusDatabase(chart, name);
    else kplusWeb(chart, name);
  }
}

const labels = (app: string, instance: string, component: string, pattern: string) => {
  const selector = { 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'kube-patterns', 'kube-patterns.io/pattern': pattern };
  return { selector, all: { 'app.kubernetes.io/name': app, 'app.kubernetes.io/component': component, ...selector } };
};

const restrictedPod = (
  { selector, all }: ReturnType<typeof labels>,
  container: Record<string, unknown>,
  terminationGracePeriodSeconds: number,
  extraSpec: Record<string, unknown> = {},
) => ({
  metadata: { labels: all, annotations: { 'kubectl.kubernetes.io/default-container': container.name } },
  spec: {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } }],
      },
    },
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } },
    terminationGracePeriodSeconds,
    ...extraSpec,
    containers: [container],
    volumes: [{ name: 'writable-tmp', emptyDir: {} }],
  },
});

const probes = (port: string, startupFailures: number) => {
  const timing = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1 };
  return {
    readinessProbe: { tcpSocket: { port }, ...timing, failureThreshold: 3 },
    livenessProbe: { tcpSocket: { port }, ...timing, failureThreshold: 6 },
    startupProbe: { tcpSocket: { port }, ...timing, failureThreshold: startupFailures },
  };
};

const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true };

/** The objects StatefulDatabase makes for DB_PROPS, written out by hand. */
export function handWrittenDatabase(name: string): Record<string, any> {
  const set = labels('postgres', name, 'database', 'stateful-database');
  const selector = set.selector;
  const ports = [{ name: 'db', port: 5432, targetPort: 'db', protocol: 'TCP' }];
  const metadata = (objectName: string) => ({ name: objectName, labels: set.all });
  return {
    headless: { apiVersion: 'v1', kind: 'Service', metadata: metadata(`${name}-headless`), spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector, ports } },
    service: { apiVersion: 'v1', kind: 'Service', metadata: metadata(name), spec: { type: 'ClusterIP', selector, ports } },
    statefulSet: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: metadata(name),
      spec: {
        replicas: 3,
        serviceName: `${name}-headless`,
        selector: { matchLabels: selector },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        revisionHistoryLimit: 10,
        minReadySeconds: 0,
        template: restrictedPod(
          set,
          {
            name: 'database',
            image: 'postgres:16.4',
            ports: [{ name: 'db', containerPort: 5432, protocol: 'TCP' }],
            resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            securityContext: containerSecurity,
            ...probes('db', 60),
            volumeMounts: [
              { name: 'data', mountPath: '/var/lib/postgresql/data' },
              { name: 'writable-tmp', mountPath: '/tmp' },
            ],
          },
          60,
        ),
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'data', labels: selector },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
          },
        ],
      },
    },
    pdb: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: metadata(name),
      spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'IfHealthyBudget' },
    },
  };
}

/** The objects StatelessWeb makes for WEB_PROPS, written out by hand. */
export function handWrittenWeb(name: string): Record<string, any> {
  const set = labels('nginx-unprivileged', name, 'web', 'stateless-web');
  const selector = set.selector;
  const metadata = { name, labels: set.all };
  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 3,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        revisionHistoryLimit: 10,
        minReadySeconds: 0,
        progressDeadlineSeconds: 600,
        template: restrictedPod(
          set,
          {
            name: 'web',
            image: 'nginxinc/nginx-unprivileged:1.27',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: containerSecurity,
            ...probes('http', 30),
            volumeMounts: [{ name: 'writable-tmp', mountPath: '/tmp' }],
          },
          30,
          {
            topologySpreadConstraints: [
              { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector }, matchLabelKeys: ['pod-template-hash'] },
            ],
          },
        ),
      },
    },
    service: { apiVersion: 'v1', kind: 'Service', metadata, spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }] } },
    pdb: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
  };
}

/** The closest cdk8s-plus-28 code: a StatefulSet (with its headless Service) and a Service. No volumeClaimTemplates or PDB: cdk8s-plus-28 has neither. */
function kplusDatabase(chart: Chart, name: string): void {
  const sts = new kplus.StatefulSet(chart, name, {
    replicas: 3,
    containers: [{ image: 'postgres:16.4', portNumber: 5432, securityContext: { user: 1000, group: 1000 }, resources: {} }],
  });
  new kplus.Service(chart, `${name}-client`, { selector: sts, ports: [{ port: 5432 }] });
}

/** The closest cdk8s-plus-28 code: a Deployment exposed by a Service. */
function kplusWeb(chart: Chart, name: string): void {
  const deployment = new kplus.Deployment(chart, name, {
    replicas: 3,
    containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
  deployment.exposeViaService({ name });
}
