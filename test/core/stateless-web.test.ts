/** The rules of StatelessWeb, stated on the pure core (no cdk8s). */
import { AccessMode, buildStatelessWeb, DeploymentStrategy, PercentOrAbsolute, ServiceType, StatelessWebProps } from '../../lib';
import { schemaErrors } from '../support/schema';

const context = { path: 'chart/web', defaultName: 'web' };
const base: StatelessWebProps = { image: 'nginxinc/nginx-unprivileged:1.27', port: 8080 };
const build = (props: Partial<StatelessWebProps> = {}) => buildStatelessWeb({ ...base, ...props }, context);

describe('StatelessWeb core', () => {
  test('defaults: 2 replicas, zero-downtime rolling update, ClusterIP Service, PDB, no claim, no HPA', () => {
    const m = build();
    expect(m.deployment.spec).toMatchObject({
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(m.service.spec).toEqual({
      type: 'ClusterIP',
      selector: m.selectorLabels,
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
    // Crash-looping web pods protect nothing: they may always be evicted, so a drain never blocks on them.
    expect(m.podDisruptionBudget!.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: m.selectorLabels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(m.persistentVolumeClaim).toBeUndefined();
    expect(m.horizontalPodAutoscaler).toBeUndefined();
    expect(m.deployment.spec!.template.spec!.terminationGracePeriodSeconds).toBe(30);
    expect(m.deployment.spec!.template.spec!.containers[0].startupProbe!.failureThreshold).toBe(30);
    expect(m.selectorLabels).toEqual({ 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/managed-by': 'kube-patterns', 'kube-patterns.io/pattern': 'stateless-web' });
    expect(m.deployment.spec!.template.metadata!.labels).toMatchObject({ 'app.kubernetes.io/name': 'nginx-unprivileged', 'app.kubernetes.io/component': 'web' });
    expect(schemaErrors(m.objects)).toEqual([]);
  });

  test('one replica gets no PDB (a budget for a single pod protects nothing)', () => {
    expect(build({ replicas: 1 }).podDisruptionBudget).toBeUndefined();
  });

  test('a shared volume is one ReadWriteMany claim mounted by every replica', () => {
    const m = build({ replicas: 3, sharedVolume: { size: '5Gi', mountPath: '/srv/media', storageClassName: 'nfs' } });
    expect(m.persistentVolumeClaim!.metadata!.name).toBe('web-shared');
    expect(m.persistentVolumeClaim!.spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs', resources: { requests: { storage: '5Gi' } } });
    const pod = m.deployment.spec!.template.spec!;
    expect(pod.volumes).toContainEqual({ name: 'shared', persistentVolumeClaim: { claimName: 'web-shared' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'shared', mountPath: '/srv/media' });
    expect(m.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim', 'Deployment', 'Service', 'PodDisruptionBudget']);
  });

  test('a ReadOnlyMany volume is an existing claim, mounted read-only', () => {
    const pod = build({ sharedVolume: { mountPath: '/srv', accessMode: AccessMode.READ_ONLY_MANY, existingClaimName: 'catalog' } }).deployment.spec!.template.spec!;
    expect(pod.volumes).toContainEqual({ name: 'shared', persistentVolumeClaim: { claimName: 'catalog', readOnly: true } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'shared', mountPath: '/srv', readOnly: true });
  });

  test('an existing claim is mounted and none is created', () => {
    const m = build({ sharedVolume: { mountPath: '/srv', existingClaimName: 'assets' } });
    expect(m.persistentVolumeClaim).toBeUndefined();
    expect(m.sharedClaimName).toBe('assets');
    expect(m.deployment.spec!.template.spec!.volumes).toContainEqual({ name: 'shared', persistentVolumeClaim: { claimName: 'assets' } });
  });

  test('a single replica with a ReadWriteOnce volume is updated by Recreate, since two pods could not attach it', () => {
    const m = build({ replicas: 1, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_ONCE } });
    expect(m.deployment.spec!.strategy).toEqual({ type: 'Recreate' });
  });

  test('autoscaling: an autoscaling/v2 HPA on CPU, and no replica count in the Deployment', () => {
    const m = build({ autoscaling: { minReplicas: 3, maxReplicas: 12, targetCpuUtilizationPercent: 60 } });
    expect(m.deployment.spec!.replicas).toBeUndefined();
    expect(m.replicas).toBeUndefined();
    expect(m.horizontalPodAutoscaler).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: m.deployment.metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 3,
        maxReplicas: 12,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
      },
    });
    // The HPA's CPU target is a share of the request, so a request must be there.
    expect(m.deployment.spec!.template.spec!.containers[0].resources!.requests!.cpu).toBe('100m');
    expect(m.podDisruptionBudget).toBeDefined();
    expect(build({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }).podDisruptionBudget).toBeUndefined();
    expect(build({ autoscaling: { maxReplicas: 3 } }).horizontalPodAutoscaler!.spec).toMatchObject({ minReplicas: 2, metrics: [{ resource: { target: { averageUtilization: 70 } } }] });
  });

  test('Service type, port and node port are selectable', () => {
    const m = build({ serviceType: ServiceType.NODE_PORT, servicePort: 80, nodePort: 30080 });
    expect(m.service.spec!.type).toBe('NodePort');
    expect(m.service.spec!.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080 }]);
    expect(m.port).toBe(80);
    expect(build({ serviceType: ServiceType.LOAD_BALANCER }).service.spec!.type).toBe('LoadBalancer');
  });

  test('strategy: custom rolling update and Recreate', () => {
    expect(build({ strategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(2), maxUnavailable: PercentOrAbsolute.percent(10) }) }).deployment.spec!.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 2, maxUnavailable: '10%' },
    });
    expect(build({ strategy: DeploymentStrategy.recreate() }).deployment.spec!.strategy).toEqual({ type: 'Recreate' });
  });

  test('the pod is the same restricted pod as the database pattern builds', () => {
    const pod = build().deployment.spec!.template.spec!;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroupChangePolicy: 'OnRootMismatch' });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
  });
});
