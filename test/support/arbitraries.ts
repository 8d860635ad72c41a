/** fast-check generators of valid props, and of mutations that make them invalid. */
import fc from 'fast-check';
import {
  AccessMode,
  AntiAffinity,
  AutoscalingProps,
  ContainerSpecProps,
  DeploymentStrategy,
  EnvValue,
  PercentOrAbsolute,
  PersistentVolumeClaimRetentionPolicyType,
  PodManagementPolicy,
  PreStopProps,
  Probe,
  ServiceType,
  StatefulDatabaseProps,
  StatefulSetUpdateStrategy,
  StatelessWebProps,
  TaintEffect,
  VolumeSource,
  WhenUnsatisfiable,
} from '../../lib';

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
const lowerDigit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));

/** A DNS-1035 label of at most `max` characters. */
export const dns1035 = (max: number) =>
  fc
    .tuple(lower, fc.array(fc.oneof(lowerDigit, fc.constant('-')), { maxLength: max - 2 }), lowerDigit)
    .map(([first, middle, last]) => (max === 1 ? first : `${first}${middle.join('')}${last}`));

const quantity = (units: string[], max: number) => fc.tuple(fc.integer({ min: 1, max }), fc.constantFrom(...units)).map(([n, u]) => `${n}${u}`);
const segment = dns1035(12);
const absolutePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
const image = fc.constantFrom('postgres:16', 'docker.io/library/redis:7.4', 'registry.example.com:5000/team/api@sha256:' + 'a'.repeat(64), 'nginx');
const uid = fc.integer({ min: 1, max: 2147483647 });

const probe = fc.oneof(
  fc.constant(undefined),
  fc.constant(Probe.none()),
  fc.record({ periodSeconds: fc.integer({ min: 1, max: 60 }), failureThreshold: fc.integer({ min: 1, max: 100 }) }).map((o) => Probe.tcpSocket(o)),
  fc.constant(Probe.httpGet('/healthz')),
  fc.constant(Probe.exec(['sh', '-c', 'true'])),
);

/** Requests never above limits: the request is a fraction of the limit, in the same unit. */
const resources = fc.option(
  fc
    .record({
      memMi: fc.integer({ min: 16, max: 65536 }),
      cpuM: fc.integer({ min: 10, max: 16000 }),
      ephemeralGi: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
      ratio: fc.double({ min: 0.05, max: 1, noNaN: true }),
    })
    .map(({ memMi, cpuM, ephemeralGi, ratio }) => ({
      requests: {
        memory: `${Math.max(1, Math.floor(memMi * ratio))}Mi`,
        cpu: `${Math.max(1, Math.floor(cpuM * ratio))}m`,
        ...(ephemeralGi === undefined ? {} : { ephemeralStorage: `${Math.max(1, Math.floor(ephemeralGi * 1024 * ratio))}Mi` }),
      },
      limits: { memory: `${memMi}Mi`, cpu: `${cpuM}m`, ...(ephemeralGi === undefined ? {} : { ephemeralStorage: `${ephemeralGi}Gi` }) },
    })),
  { nil: undefined },
);

const env = fc.dictionary(
  fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/),
  fc.oneof(fc.string().map((v) => EnvValue.fromValue(v)), fc.constant(EnvValue.fromSecretKeyRef('db-credentials', 'password')), fc.constant(EnvValue.fromFieldRef('metadata.name'))),
  { maxKeys: 4 },
);

const requirement = fc.oneof(
  fc.record({ key: dns1035(12), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.array(dns1035(8), { minLength: 1, maxLength: 3 }) }),
  fc.record({ key: dns1035(12), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
  fc.record({ key: dns1035(12), operator: fc.constantFrom('Gt' as const, 'Lt' as const), values: fc.integer({ min: -5, max: 1000 }).map((n) => [String(n)]) }),
);

const volumeSource = fc.oneof(
  dns1035(12).map((name) => VolumeSource.configMap(name)),
  fc.record({ name: dns1035(12), data: fc.dictionary(dns1035(8), fc.string(), { maxKeys: 3 }) }).map((source) => VolumeSource.configMap(source, { defaultMode: 0o444 })),
  dns1035(12).map((name) => VolumeSource.secret(name, { defaultMode: 0o400, optional: true })),
  dns1035(12).map((name) => VolumeSource.persistentVolumeClaim(name)),
  fc.constantFrom(VolumeSource.emptyDir(), VolumeSource.emptyDir({ medium: 'Memory', sizeLimit: '64Mi' })),
  fc.constant(VolumeSource.projected([{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }, { configMap: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] }])),
);

/** The port the drawn exporter sidecar uses; the main port is never drawn equal to it. */
const EXPORTER_PORT = 9187;

/** Scheduling, identity, exposure, file and companion-container props: drawn for both patterns. */
const podProps = {
  initContainers: fc.option(fc.constant<ContainerSpecProps[]>([{ name: 'init', image: 'busybox:1.36', command: ['true'] }]), { nil: undefined }),
  sidecars: fc.option(
    fc.constant<ContainerSpecProps[]>([
      { name: 'exporter', image: 'quay.io/prometheus/exporter:v1', ports: [{ name: 'metrics', containerPort: EXPORTER_PORT, service: true }], readinessProbe: Probe.tcpSocket() },
    ]),
    { nil: undefined },
  ),
  preStop: fc.option(fc.constantFrom<PreStopProps>({ exec: ['sleep', '5'] }, { httpGet: { path: '/drain' } }), { nil: undefined }),
  volumes: fc.option(
    fc.uniqueArray(
      fc.record({ name: dns1035(12).map((n) => `v-${n}`), source: volumeSource, mounted: fc.boolean(), readOnly: fc.option(fc.boolean(), { nil: undefined }) }),
      { selector: (v) => v.name, maxLength: 3 },
    ).map((list) => list.map(({ mounted, readOnly, ...v }) => (mounted ? { ...v, mountPath: `/mnt/${v.name}`, ...(readOnly === undefined ? {} : { readOnly }) } : v))),
    { nil: undefined },
  ),
  envFrom: fc.option(
    fc.array(
      fc.oneof(
        fc.record({ configMap: dns1035(12), prefix: fc.option(fc.constantFrom('APP_', 'DB_'), { nil: undefined }) }, { requiredKeys: ['configMap'] }),
        fc.record({ secret: dns1035(12), optional: fc.boolean() }),
      ),
      { maxLength: 2 },
    ),
    { nil: undefined },
  ),
  tolerations: fc.option(
    fc.array(
      fc.oneof(
        fc.record(
          { key: dns1035(10), value: dns1035(8), effect: fc.constantFrom(TaintEffect.NO_SCHEDULE, TaintEffect.PREFER_NO_SCHEDULE) },
          { requiredKeys: ['key'] },
        ),
        fc.record({ key: dns1035(10), exists: fc.constant(true), effect: fc.constant(TaintEffect.NO_EXECUTE), tolerationSeconds: fc.nat(3600) }),
        fc.constant({ exists: true }),
      ),
      { maxLength: 3 },
    ),
    { nil: undefined },
  ),
  nodeAffinity: fc.option(
    fc.record({
      required: fc.array(fc.array(requirement, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
      preferred: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), requirements: fc.array(requirement, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }),
    }),
    { nil: undefined },
  ),
  topologySpreadConstraints: fc.option(
    fc.uniqueArray(
      fc.record({
        topologyKey: fc.constantFrom('topology.kubernetes.io/zone', 'kubernetes.io/hostname'),
        maxSkew: fc.integer({ min: 1, max: 5 }),
        whenUnsatisfiable: fc.constantFrom(...Object.values(WhenUnsatisfiable)),
      }),
      { selector: (c) => `${c.topologyKey} ${c.whenUnsatisfiable}`, maxLength: 2 },
    ),
    { nil: undefined },
  ),
  imagePullSecrets: fc.option(fc.array(dns1035(20), { maxLength: 2 }), { nil: undefined }),
  serviceAccount: fc.option(fc.record({ annotations: fc.dictionary(dns1035(10), fc.string(), { maxKeys: 2 }) }), { nil: undefined }),
  automountServiceAccountToken: fc.option(fc.boolean(), { nil: undefined }),
  podLabels: fc.option(fc.dictionary(dns1035(10), dns1035(10), { maxKeys: 2 }), { nil: undefined }),
  serviceAnnotations: fc.option(fc.dictionary(dns1035(10), fc.string(), { maxKeys: 2 }), { nil: undefined }),
  serviceLabels: fc.option(fc.dictionary(dns1035(10), dns1035(10), { maxKeys: 2 }), { nil: undefined }),
};

/** A client Service exposure: its type, and source ranges only for a load balancer. */
const exposure = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...Object.values(ServiceType)).map((serviceType) => ({ serviceType })),
  fc.subarray(['10.0.0.0/8', '192.168.1.0/24', 'fd00::/8'], { minLength: 1 }).map((loadBalancerSourceRanges) => ({ serviceType: ServiceType.LOAD_BALANCER, loadBalancerSourceRanges })),
);

const common = {
  ...podProps,
  image,
  port: fc.integer({ min: 1, max: 65535 }).filter((p) => p !== EXPORTER_PORT),
  namespace: fc.option(dns1035(20), { nil: undefined }),
  resources,
  env,
  antiAffinity: fc.option(fc.constantFrom(...Object.values(AntiAffinity)), { nil: undefined }),
  securityContext: fc.option(fc.record({ runAsUser: uid, readOnlyRootFilesystem: fc.boolean() }), { nil: undefined }),
  readinessProbe: probe,
  livenessProbe: probe,
  startupProbe: probe,
  labels: fc.option(fc.dictionary(dns1035(10), dns1035(10), { maxKeys: 3 }), { nil: undefined }),
};

/** Valid StatefulDatabase props. */
export const statefulDatabaseProps: fc.Arbitrary<StatefulDatabaseProps> = fc.record(
  {
    ...common,
    name: dns1035(52),
    portName: fc.option(fc.constantFrom('db', 'postgresql', 'tcp-redis', 'mysql'), { nil: undefined }),
    replicas: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
    storage: fc.record(
      {
        size: quantity(['Mi', 'Gi', 'Ti', 'G', 'M', ''], 4096),
        mountPath: absolutePath.map((p) => `/data${p}`),
        storageClassName: fc.option(fc.constantFrom('', 'standard', 'fast-ssd.example.com'), { nil: undefined }),
        accessModes: fc.option(
          fc.constantFrom<AccessMode[][]>([AccessMode.READ_WRITE_ONCE], [AccessMode.READ_WRITE_ONCE_POD], [AccessMode.READ_WRITE_MANY], [AccessMode.READ_WRITE_ONCE, AccessMode.READ_ONLY_MANY]),
          { nil: undefined },
        ),
        volumeName: fc.option(dns1035(20), { nil: undefined }),
      },
      { requiredKeys: ['size', 'mountPath'] },
    ),
    podManagementPolicy: fc.option(fc.constantFrom(...Object.values(PodManagementPolicy)), { nil: undefined }),
    updateStrategy: fc.option(
      fc.oneof(fc.constant(StatefulSetUpdateStrategy.onDelete()), fc.nat(10).map((partition) => StatefulSetUpdateStrategy.rollingUpdate({ partition }))),
      { nil: undefined },
    ),
    persistentVolumeClaimRetentionPolicy: fc.option(
      fc.record({
        whenDeleted: fc.constantFrom(...Object.values(PersistentVolumeClaimRetentionPolicyType)),
        whenScaled: fc.constantFrom(...Object.values(PersistentVolumeClaimRetentionPolicyType)),
      }),
      { nil: undefined },
    ),
    exposure,
    // Without a preset, tls mounts the Secret (and creates the Certificate) for the user's own server settings.
    tls: fc.option(
      fc.oneof(
        fc.record({ secretName: dns1035(40) }),
        fc.record({ issuerRef: fc.record({ name: dns1035(30), kind: fc.constantFrom('Issuer', 'ClusterIssuer') }, { requiredKeys: ['name'] }) }),
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['image', 'port', 'storage', 'name', 'exposure'] },
)
  .map(({ exposure: e, ...rest }) => ({ ...rest, ...e, ...withMetrics(rest) }))
  .filter((p) => !(p.storage.volumeName ?? '').startsWith('writable-'));

const percentOrAbsolute = fc.oneof(fc.integer({ min: 0, max: 100 }).map(PercentOrAbsolute.percent), fc.nat(5).map(PercentOrAbsolute.absolute));

/** Valid StatelessWeb props: with or without autoscaling, shared volume modes that fit the replica count. */
export const statelessWebProps: fc.Arbitrary<StatelessWebProps> = fc
  .record(
    {
      ...common,
      name: dns1035(63),
      scaling: fc.oneof(
        fc.integer({ min: 0, max: 10 }).map((replicas) => ({ replicas })),
        fc
          .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 200 }))
          .map(([min, extra, target]) => ({ autoscaling: { minReplicas: min, maxReplicas: min + extra, targetCpuUtilizationPercent: target } as AutoscalingProps })),
      ),
      shared: fc.option(
        fc.record({ size: quantity(['Gi', 'Mi'], 100), mountPath: absolutePath.map((p) => `/srv${p}`), accessMode: fc.constantFrom(...Object.values(AccessMode)) }),
        { nil: undefined },
      ),
      exposure,
      servicePort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      strategy: fc.option(
        fc.oneof(
          fc.constant(DeploymentStrategy.recreate()),
          fc.tuple(percentOrAbsolute, percentOrAbsolute).filter(([a, b]) => !(a.isZero() && b.isZero())).map(([maxSurge, maxUnavailable]) => DeploymentStrategy.rollingUpdate({ maxSurge, maxUnavailable })),
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['image', 'port', 'name', 'scaling', 'exposure'] },
  )
  .map(({ scaling, shared, exposure: e, ...rest }) => {
    const maxPods = 'autoscaling' in scaling ? scaling.autoscaling.maxReplicas : scaling.replicas;
    const single = shared && (shared.accessMode === AccessMode.READ_WRITE_ONCE || shared.accessMode === AccessMode.READ_WRITE_ONCE_POD);
    const fitting = shared && (single && maxPods > 1 ? { ...shared, accessMode: AccessMode.READ_WRITE_MANY } : shared);
    // ReadOnlyMany needs a claim that something else fills: an existing one.
    const sharedVolume =
      fitting && fitting.accessMode === AccessMode.READ_ONLY_MANY ? { mountPath: fitting.mountPath, accessMode: fitting.accessMode, existingClaimName: 'catalog' } : fitting;
    return { ...rest, ...e, ...scaling, ...(sharedVolume ? { sharedVolume } : {}), ...withMetrics(rest) };
  });

/** A PodMonitor on the exporter's port whenever the exporter is drawn. */
function withMetrics(props: { sidecars?: unknown[] }): { metrics?: { port: string; podMonitor: boolean } } {
  return props.sidecars ? { metrics: { port: 'metrics', podMonitor: true } } : {};
}

/** One change that makes any valid props invalid, named for the report. */
export type Mutation<P> = [string, (props: P) => P];

const sharedMutations: Array<Mutation<any>> = [
  ['uppercase name', (p) => ({ ...p, name: 'Bad' })],
  ['name starting with a digit', (p) => ({ ...p, name: '9lives' })],
  ['port 0', (p) => ({ ...p, port: 0 })],
  ['port 70000', (p) => ({ ...p, port: 70000 })],
  ['long port name', (p) => ({ ...p, portName: 'a-very-long-port-name' })],
  ['negative replicas', (p) => ({ ...p, replicas: -1, autoscaling: undefined })],
  ['fractional replicas', (p) => ({ ...p, replicas: 0.5, autoscaling: undefined })],
  ['bad namespace', (p) => ({ ...p, namespace: 'Bad_NS' })],
  ['empty image', (p) => ({ ...p, image: '' })],
  ['malformed cpu', (p) => ({ ...p, resources: { requests: { cpu: 'lots' } } })],
  ['root user', (p) => ({ ...p, securityContext: { runAsUser: 0 } })],
  ['relative writable path', (p) => ({ ...p, securityContext: { writablePaths: ['tmp'] } })],
  ['bad env name', (p) => ({ ...p, env: { '1X': EnvValue.fromValue('a') } })],
  ['toleration seconds without NoExecute', (p) => ({ ...p, tolerations: [{ key: 'k', value: 'v', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 5 }] })],
  ['node affinity In without values', (p) => ({ ...p, nodeAffinity: { required: [[{ key: 'k', operator: 'In' }]] } })],
  ['source ranges on a ClusterIP Service', (p) => ({ ...p, serviceType: ServiceType.CLUSTER_IP, loadBalancerSourceRanges: ['10.0.0.0/8'] })],
  ['both ServiceAccount props', (p) => ({ ...p, serviceAccountName: 'sa', serviceAccount: {} })],
  ['unknown top-level prop', (p) => ({ ...p, replica: 3 })],
];

/** Mutations that make valid StatefulDatabase props invalid. */
export const statefulDatabaseMutations: Array<Mutation<StatefulDatabaseProps>> = [
  ...sharedMutations,
  ['53-character name', (p) => ({ ...p, name: 'a'.repeat(53) })],
  ['tls naming no certificate', (p) => ({ ...p, tls: {} })],
  ['tls.required without a preset', (p) => ({ ...p, tls: { secretName: 'db-tls', required: true } })],
  ['tls.issuerRef without a name', (p) => ({ ...p, tls: { issuerRef: {} as never } })],
  ['size in GB', (p) => ({ ...p, storage: { ...p.storage, size: '10GB' } })],
  ['negative size', (p) => ({ ...p, storage: { ...p.storage, size: '-1Gi' } })],
  ['relative mount path', (p) => ({ ...p, storage: { ...p.storage, mountPath: 'data' } })],
  ['unknown access mode', (p) => ({ ...p, storage: { ...p.storage, accessModes: ['ReadWriteAll' as AccessMode] } })],
  ['unknown pod management policy', (p) => ({ ...p, podManagementPolicy: 'Random' as PodManagementPolicy })],
];

/** Mutations that make valid StatelessWeb props invalid. */
export const statelessWebMutations: Array<Mutation<StatelessWebProps>> = [
  ...sharedMutations,
  ['ReadWriteOnce shared by 2 replicas', (p) => ({ ...p, autoscaling: undefined, replicas: 2, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_ONCE } })],
  ['HPA min above max', (p) => ({ ...p, replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 2 } })],
  ['replicas with autoscaling', (p) => ({ ...p, replicas: 2, autoscaling: { maxReplicas: 3 } })],
  ['shared size in GB', (p) => ({ ...p, sharedVolume: { size: '5GB', mountPath: '/srv' } })],
  ['unknown service type', (p) => ({ ...p, serviceType: 'Ingress' as ServiceType })],
];
