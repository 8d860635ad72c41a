/** The rules of StatefulDatabase, stated on the pure core (no cdk8s). */
import {
  AccessMode,
  AntiAffinity,
  buildStatefulDatabase,
  PersistentVolumeClaimRetentionPolicyType,
  PodManagementPolicy,
  Probe,
  StatefulDatabaseProps,
  StatefulSetUpdateStrategy,
} from '../../lib';
import { schemaErrors } from '../support/schema';

const context = { path: 'chart/db', defaultName: 'db' };
const base: StatefulDatabaseProps = { image: 'postgres:16', port: 5432, storage: { size: '10Gi', mountPath: '/data' } };
const build = (props: Partial<StatefulDatabaseProps> = {}, ctx: { path: string; defaultName: string; namespace?: string } = context) =>
  buildStatefulDatabase({ ...base, ...props }, ctx);

describe('StatefulDatabase core', () => {
  test('defaults: one replica, OrderedReady, RollingUpdate partition 0, Retain/Retain, no PDB', () => {
    // WHEN
    const m = build();
    // THEN
    const spec = m.statefulSet.spec!;
    expect(spec.replicas).toBe(1);
    expect(spec.podManagementPolicy).toBe('OrderedReady');
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.minReadySeconds).toBe(0);
    expect(spec.template.spec!.terminationGracePeriodSeconds).toBe(60);
    expect(m.podDisruptionBudget).toBeUndefined();
    expect(m.objects.map((o) => o.kind)).toEqual(['Service', 'Service', 'StatefulSet', 'NetworkPolicy']);
    expect(schemaErrors(m.objects)).toEqual([]);
  });

  test('the headless Service governs the StatefulSet and publishes not-ready pods', () => {
    const m = build();
    expect(m.statefulSet.spec!.serviceName).toBe(m.headlessService.metadata!.name);
    expect(m.headlessServiceName).toBe('db-headless');
    expect(m.headlessService.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(m.headlessService.spec!.ports).toEqual([{ name: 'db', port: 5432, targetPort: 'db', protocol: 'TCP' }]);
    expect(m.headlessService.spec!.selector).toEqual(m.statefulSet.spec!.selector.matchLabels);
  });

  test('the client Service is a ClusterIP Service on the same named port', () => {
    const m = build({ portName: 'postgresql' });
    expect(m.service.metadata!.name).toBe('db');
    expect(m.service.spec!.type).toBe('ClusterIP');
    expect(m.service.spec!.clusterIP).toBeUndefined();
    expect(m.service.spec!.ports).toEqual([{ name: 'postgresql', port: 5432, targetPort: 'postgresql', protocol: 'TCP' }]);
    expect(m.statefulSet.spec!.template.spec!.containers[0].ports).toEqual([{ name: 'postgresql', containerPort: 5432, protocol: 'TCP' }]);
  });

  test('the selector is the instance, managed-by and pattern only; the template carries every recommended label', () => {
    const m = build({ labels: { team: 'orders' }, partOf: 'shop' });
    const selector = m.statefulSet.spec!.selector.matchLabels!;
    expect(selector).toEqual({
      'app.kubernetes.io/instance': 'db',
      'app.kubernetes.io/managed-by': 'kube-patterns',
      'kube-patterns.io/pattern': 'stateful-database',
    });
    expect(m.statefulSet.spec!.template.metadata!.labels).toEqual({
      ...selector,
      'app.kubernetes.io/name': 'postgres',
      'app.kubernetes.io/component': 'database',
      'app.kubernetes.io/part-of': 'shop',
      team: 'orders',
    });
    for (const object of m.objects) {
      expect(object.metadata!.labels).toMatchObject(selector);
    }
  });

  test('one volumeClaimTemplate, mounted at storage.mountPath, with class, modes, labels and annotations', () => {
    const m = build({
      storage: {
        size: '20Gi',
        mountPath: '/var/lib/mysql',
        storageClassName: 'fast-ssd',
        accessModes: [AccessMode.READ_WRITE_ONCE_POD],
        volumeName: 'mysql-data',
        labels: { backup: 'daily' },
        annotations: { 'example.com/snapshot': 'hourly' },
      },
    });
    const [claim] = m.statefulSet.spec!.volumeClaimTemplates!;
    expect(claim.metadata).toEqual({
      name: 'mysql-data',
      labels: { backup: 'daily', ...m.selectorLabels },
      annotations: { 'example.com/snapshot': 'hourly' },
    });
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } });
    expect(m.statefulSet.spec!.template.spec!.containers[0].volumeMounts).toContainEqual({ name: 'mysql-data', mountPath: '/var/lib/mysql' });
  });

  test('replicas > 1 adds a PDB with maxUnavailable 1 and soft anti-affinity on the hostname', () => {
    const m = build({ replicas: 3 });
    // A member still catching up is evicted only while the budget holds: the quorum comes first.
    expect(m.podDisruptionBudget!.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: m.selectorLabels }, unhealthyPodEvictionPolicy: 'IfHealthyBudget' });
    expect(m.statefulSet.spec!.template.spec!.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: m.selectorLabels }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    });
  });

  test('anti-affinity can be required or off', () => {
    expect(build({ antiAffinity: AntiAffinity.REQUIRED }).statefulSet.spec!.template.spec!.affinity!.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(build({ antiAffinity: AntiAffinity.NONE }).statefulSet.spec!.template.spec!.affinity).toBeUndefined();
  });

  test('Parallel, OnDelete, a partition and Delete retention are selectable', () => {
    expect(build({ podManagementPolicy: PodManagementPolicy.PARALLEL }).statefulSet.spec!.podManagementPolicy).toBe('Parallel');
    expect(build({ updateStrategy: StatefulSetUpdateStrategy.onDelete() }).statefulSet.spec!.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(build({ updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }) }).statefulSet.spec!.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 2 },
    });
    const retention = { whenDeleted: PersistentVolumeClaimRetentionPolicyType.DELETE, whenScaled: PersistentVolumeClaimRetentionPolicyType.DELETE };
    expect(build({ persistentVolumeClaimRetentionPolicy: retention }).statefulSet.spec!.persistentVolumeClaimRetentionPolicy).toEqual(retention);
    expect(
      build({ persistentVolumeClaimRetentionPolicy: { whenScaled: PersistentVolumeClaimRetentionPolicyType.DELETE } }).statefulSet.spec!.persistentVolumeClaimRetentionPolicy,
    ).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  test('the pod passes the restricted Pod Security profile', () => {
    const pod = build().statefulSet.spec!.template.spec!;
    const container = pod.containers[0];
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
    // With a read-only root file system, /tmp is a writable emptyDir.
    expect(container.volumeMounts).toContainEqual({ name: 'writable-tmp', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual({ name: 'writable-tmp', emptyDir: {} });
  });

  test('UIDs, GIDs and writable paths are configurable; groups default to the user', () => {
    const pod = build({ securityContext: { runAsUser: 999, writablePaths: ['/var/run/postgresql'], readOnlyRootFilesystem: false } }).statefulSet.spec!.template.spec!;
    expect(pod.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    expect(pod.containers[0].securityContext!.readOnlyRootFilesystem).toBe(false);
    expect(pod.volumes).toEqual([{ name: 'writable-var-run-postgresql', emptyDir: {} }]);
  });

  test('resources: defaults, and each given field replaces only its default', () => {
    expect(build().statefulSet.spec!.template.spec!.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    expect(build({ resources: { requests: { memory: '2Gi' }, limits: { memory: '4Gi' } } }).statefulSet.spec!.template.spec!.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '2Gi' },
      limits: { cpu: '1', memory: '4Gi' },
    });
  });

  test('resources: ephemeral storage is optional and named as the API names it', () => {
    const resources = build({ resources: { requests: { ephemeralStorage: '1Gi' }, limits: { ephemeralStorage: '2Gi' } } }).statefulSet.spec!.template.spec!.containers[0].resources;
    expect(resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '1Gi' },
      limits: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '2Gi' },
    });
    expect(schemaErrors([build({ resources: { limits: { ephemeralStorage: '2Gi' } } }).statefulSet])).toEqual([]);
    expect(() => build({ resources: { requests: { ephemeralStorage: '3Gi' }, limits: { ephemeralStorage: '2Gi' } } })).toThrow(
      "[chart/db] resources.requests.ephemeralStorage '3Gi' is more than resources.limits.ephemeralStorage '2Gi'; a request may not exceed its limit",
    );
  });

  test('probes: TCP on the named port by default, with a startup probe that allows 10 minutes', () => {
    const container = build().statefulSet.spec!.template.spec!.containers[0];
    const timing = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1 };
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'db' }, ...timing, failureThreshold: 3 });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'db' }, ...timing, failureThreshold: 6 });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 'db' }, ...timing, failureThreshold: 60 });
    const startup = container.startupProbe!;
    expect(startup.failureThreshold! * startup.periodSeconds!).toBe(600);
  });

  test('probes: exec, HTTP and none, with partial timing over the defaults', () => {
    const container = build({
      readinessProbe: Probe.exec(['pg_isready'], { periodSeconds: 5 }),
      livenessProbe: Probe.httpGet('/healthz'),
      startupProbe: Probe.none(),
    }).statefulSet.spec!.template.spec!.containers[0];
    expect(container.readinessProbe).toEqual({ exec: { command: ['pg_isready'] }, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 });
    expect(container.livenessProbe!.httpGet).toEqual({ path: '/healthz', port: 'db' });
    expect(container.startupProbe).toBeUndefined();
  });

  test('names are deterministic: the given name, or the id; DNS names follow', () => {
    const m = build({ name: 'orders', replicas: 2, namespace: 'shop' });
    expect(m.statefulSet.metadata).toMatchObject({ name: 'orders', namespace: 'shop' });
    expect(m.podNames).toEqual(['orders-0', 'orders-1']);
    expect(m.podDnsNames).toEqual(['orders-0.orders-headless.shop.svc.cluster.local', 'orders-1.orders-headless.shop.svc.cluster.local']);
    expect(m.host).toBe('orders.shop.svc.cluster.local');
    const unnamed = build({ clusterDomain: 'corp.internal' });
    expect(unnamed.name).toBe('db');
    expect(unnamed.statefulSet.metadata!.namespace).toBeUndefined();
    expect(unnamed.podDnsNames).toEqual(['db-0.db-headless.default.svc.corp.internal']);
  });

  test("the adapter's namespace applies when props give none", () => {
    const m = build({}, { ...context, namespace: 'chart-ns' });
    expect(m.objects.every((o) => o.metadata!.namespace === 'chart-ns')).toBe(true);
    expect(build({ namespace: 'own' }, { ...context, namespace: 'chart-ns' }).statefulSet.metadata!.namespace).toBe('own');
  });

  test('replicas 0 is allowed: no pods, no DNS names, no PDB', () => {
    const m = build({ replicas: 0 });
    expect(m.statefulSet.spec!.replicas).toBe(0);
    expect(m.podDnsNames).toEqual([]);
    expect(m.podDisruptionBudget).toBeUndefined();
  });

  test('does not mutate the props it is given', () => {
    const props: StatefulDatabaseProps = { ...base, storage: { ...base.storage, accessModes: [AccessMode.READ_WRITE_ONCE] }, command: ['postgres'] };
    const copy = structuredClone(props);
    const m = buildStatefulDatabase(props, context);
    m.statefulSet.spec!.template.spec!.containers[0].command!.push('x');
    m.statefulSet.spec!.volumeClaimTemplates![0].spec!.accessModes!.push('ReadOnlyMany');
    expect(props).toEqual(copy);
  });
});
