/**
 * Bad input: one test per rule, through the cdk8s constructs, asserting the whole message
 * (construct path, prop, value, what is allowed and why).
 */
import { Chart, Testing } from 'cdk8s';
import {
  AccessMode,
  DeploymentStrategy,
  EnvValue,
  PercentOrAbsolute,
  Probe,
  StatefulDatabase,
  StatefulDatabaseProps,
  StatelessWeb,
  StatelessWebProps,
  StatefulSetUpdateStrategy,
  RollingUpdateOptions,
  DatabaseEngine,
  PostgresOptions,
  ValidationError,
} from '../../lib';

const db: StatefulDatabaseProps = { image: 'postgres:16', port: 5432, storage: { size: '10Gi', mountPath: '/data' } };
const web: StatelessWebProps = { image: 'nginx:1.27', port: 8080 };

function thrown(build: (chart: Chart) => void): ValidationError {
  const chart = new Chart(Testing.app(), 'app');
  try {
    build(chart);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
const dbError = (props: Partial<StatefulDatabaseProps>, id = 'db') => thrown((chart) => new StatefulDatabase(chart, id, { ...db, ...props })).message;
const webError = (props: Partial<StatelessWebProps>, id = 'web') => thrown((chart) => new StatelessWeb(chart, id, { ...web, ...props })).message;

describe('bad input throws ValidationError at construction', () => {
  test('the error carries scope, prop and value as fields', () => {
    const e = thrown((chart) => new StatefulDatabase(chart, 'db', { ...db, port: 0 }));
    expect(e).toMatchObject({ name: 'ValidationError', scope: 'app/db', prop: 'port', value: 0 });
    expect(e.reason).toBe('is not an integer from 1 to 65535 (a port number)');
  });

  test('a name that is not a DNS-1123 label', () => {
    expect(dbError({ name: 'Orders_DB' })).toBe(
      "[app/db] name 'Orders_DB' is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
    );
  });

  test('a construct id that is not a valid name says to set props.name', () => {
    expect(webError({}, 'Web')).toBe(
      "[app/Web] name (from the construct id; set props.name to choose one) 'Web' is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
    );
  });

  test('a StatefulSet name over 52 characters', () => {
    const name = 'a'.repeat(53);
    expect(dbError({ name })).toBe(
      `[app/db] name '${name}' is 53 characters long; at most 52 are allowed for a StatefulSet: each pod gets the label controller-revision-hash='{name}-{10-character hash}', and label values are limited to 63 characters`,
    );
  });

  test('a name that is a DNS-1123 label but not a DNS-1035 label (it names the Services)', () => {
    expect(dbError({ name: '1db' })).toBe(
      "[app/db] name '1db' is not a DNS-1035 label: use at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (the name is also the Service name, and Service names become DNS labels)",
    );
  });

  test('a namespace that is not a DNS-1123 label', () => {
    expect(webError({ namespace: 'My NS' })).toBe(
      "[app/web] namespace 'My NS' is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
    );
  });

  test.each([
    [1.5, 'replicas 1.5 is not an integer from 0 to 2147483647 (int32)'],
    [-1, 'replicas -1 is not an integer from 0 to 2147483647 (int32)'],
  ])('replicas %p', (replicas, message) => {
    expect(dbError({ replicas })).toBe(`[app/db] ${message}`);
    expect(webError({ replicas })).toBe(`[app/web] ${message}`);
  });

  test('more StatefulDatabase replicas than pod names can sensibly be listed for', () => {
    expect(dbError({ replicas: 10001 })).toBe(
      '[app/db] replicas 10001 is more than 10000, the most one StatefulDatabase supports: every pod is named and given a DNS name at synth time; shard larger fleets into several databases',
    );
  });

  test('a misspelt nested prop', () => {
    expect(dbError({ storage: { ...db.storage, storageClass: 'fast' } as any })).toBe(
      "[app/db] storage.storageClass 'fast' is not a known prop; the props of storage are size, mountPath, storageClassName, accessModes, volumeName, labels, annotations",
    );
  });

  test.each([0, 65536, 80.5])('port %p outside 1-65535', (port) => {
    expect(dbError({ port })).toBe(`[app/db] port ${port} is not an integer from 1 to 65535 (a port number)`);
  });

  test('a port name over 15 characters', () => {
    expect(dbError({ portName: 'postgresql-primary' })).toBe(
      "[app/db] portName 'postgresql-primary' is not a valid port name (IANA_SVC_NAME): use at most 15 lowercase letters, digits and '-', with at least one letter, no '--', and no '-' at either end",
    );
  });

  test.each(['10GB', '-1Gi', 'ten', '', '1 Gi'])('a malformed storage size %p', (size) => {
    expect(dbError({ storage: { ...db.storage, size } })).toBe(
      `[app/db] storage.size '${size}' ${size === '-1Gi' ? 'must be greater than zero' : 'is not a Kubernetes quantity'}; use a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or m, k, M, G, T, P, E (powers of 1000), e.g. '10Gi' or '500m'`,
    );
  });

  test('a malformed shared volume size', () => {
    expect(webError({ sharedVolume: { size: '5gb', mountPath: '/srv' } })).toMatch(/^\[app\/web\] sharedVolume.size '5gb' is not a Kubernetes quantity; /);
  });

  test('an empty mountPath', () => {
    expect(dbError({ storage: { ...db.storage, mountPath: '' } })).toBe(
      "[app/db] storage.mountPath '' is empty; give the absolute path where the volume is mounted in the container, e.g. '/data'",
    );
  });

  test('a relative mountPath', () => {
    expect(webError({ sharedVolume: { size: '1Gi', mountPath: 'srv/media' } })).toBe(
      "[app/web] sharedVolume.mountPath 'srv/media' is not an absolute path; mount paths must start with '/', e.g. '/data'",
    );
  });

  test('a mountPath that is / or climbs with ..', () => {
    expect(dbError({ storage: { ...db.storage, mountPath: '/data/../etc' } })).toBe(
      "[app/db] storage.mountPath '/data/../etc' is not allowed: a volume cannot be mounted at '/', and mount paths may not contain '..' or ':'",
    );
  });

  test('two volumes at one path', () => {
    expect(dbError({ storage: { ...db.storage, mountPath: '/tmp' } })).toBe(
      "[app/db] securityContext.writablePaths '/tmp' is already mounted by storage.mountPath; a container cannot mount two volumes at one path",
    );
  });

  test('ReadWriteOnce shared by several replicas', () => {
    expect(webError({ replicas: 3, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_ONCE } })).toBe(
      "[app/web] sharedVolume.accessMode 'ReadWriteOnce' cannot be shared by 3 replicas; use ReadWriteMany or ReadOnlyMany: the volume attaches to a single node at a time, so replicas scheduled elsewhere would never start",
    );
  });

  test('ReadWriteOncePod shared by the default 2 replicas', () => {
    expect(webError({ sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_ONCE_POD } })).toBe(
      "[app/web] sharedVolume.accessMode 'ReadWriteOncePod' cannot be shared by 2 replicas; use ReadWriteMany or ReadOnlyMany: the volume attaches to a single pod at a time, so replicas scheduled elsewhere would never start",
    );
  });

  test('ReadWriteOnce with an autoscaler that may scale above 1', () => {
    expect(webError({ autoscaling: { minReplicas: 1, maxReplicas: 4 }, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_ONCE } })).toBe(
      "[app/web] sharedVolume.accessMode 'ReadWriteOnce' cannot be shared by up to 4 replicas (autoscaling.maxReplicas); use ReadWriteMany or ReadOnlyMany: the volume attaches to a single node at a time, so replicas scheduled elsewhere would never start",
    );
  });

  test('an unknown access mode', () => {
    expect(webError({ sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: 'ReadWriteSometimes' as AccessMode } })).toBe(
      "[app/web] sharedVolume.accessMode 'ReadWriteSometimes' is not one of 'ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'",
    );
    expect(dbError({ storage: { ...db.storage, accessModes: ['RWO' as AccessMode] } })).toBe(
      "[app/db] storage.accessModes[0] 'RWO' is not one of 'ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'",
    );
  });

  test('a read-only data volume for a database', () => {
    expect(dbError({ storage: { ...db.storage, accessModes: [AccessMode.READ_ONLY_MANY] } })).toBe(
      '[app/db] storage.accessModes ["ReadOnlyMany"] gives each pod a read-only volume, but a database writes its data; use [\'ReadWriteOnce\']',
    );
  });

  test('no access modes', () => {
    expect(dbError({ storage: { ...db.storage, accessModes: [] } })).toBe("[app/db] storage.accessModes [] must list at least one access mode, usually ['ReadWriteOnce']");
  });

  test('HPA min > max', () => {
    expect(webError({ autoscaling: { minReplicas: 5, maxReplicas: 3 } })).toBe(
      '[app/web] autoscaling.minReplicas 5 is more than autoscaling.maxReplicas (3); the autoscaler needs minReplicas <= maxReplicas',
    );
  });

  test('replicas together with autoscaling', () => {
    expect(webError({ replicas: 3, autoscaling: { maxReplicas: 5 } })).toBe(
      '[app/web] replicas 3 cannot be set together with autoscaling: the HorizontalPodAutoscaler owns the replica count; set autoscaling.minReplicas instead',
    );
  });

  test('a shared volume with neither size nor existing claim, or both', () => {
    expect(webError({ sharedVolume: { mountPath: '/srv' } })).toBe(
      "[app/web] sharedVolume.size undefined is required to create the shared claim (e.g. '10Gi'); or give sharedVolume.existingClaimName",
    );
    expect(webError({ sharedVolume: { mountPath: '/srv', size: '1Gi', existingClaimName: 'assets' } })).toBe(
      "[app/web] sharedVolume.size '1Gi' has no effect with sharedVolume.existingClaimName: the existing claim already has its size and class; remove one of the two",
    );
  });

  test('a request above its limit', () => {
    expect(dbError({ resources: { requests: { memory: '2Gi' } } })).toBe(
      "[app/db] resources.requests.memory '2Gi' is more than resources.limits.memory '1Gi'; a request may not exceed its limit",
    );
  });

  test('root as the user', () => {
    expect(dbError({ securityContext: { runAsUser: 0 } })).toBe(
      '[app/db] securityContext.runAsUser 0 is not an integer from 1 to 2147483647 (int32): the restricted Pod Security profile forbids the root user (0)',
    );
  });

  test('a liveness probe with successThreshold > 1', () => {
    expect(dbError({ livenessProbe: Probe.tcpSocket({ successThreshold: 2 }) })).toBe(
      '[app/db] livenessProbe.successThreshold 2 must be 1: Kubernetes requires a successThreshold of 1 for liveness and startup probes',
    );
  });

  test('a rolling update that can never progress', () => {
    expect(webError({ strategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(0), maxUnavailable: PercentOrAbsolute.percent(0) }) })).toBe(
      '[app/web] strategy.maxSurge 0 and strategy.maxUnavailable are both zero; the rollout could never make progress, so one of them must be above zero',
    );
  });

  test('a node port on a ClusterIP Service', () => {
    expect(webError({ nodePort: 30080 })).toBe("[app/web] nodePort 30080 needs serviceType 'NodePort' or 'LoadBalancer'; a ClusterIP Service has no node port");
  });

  test('a recommended label given by hand', () => {
    expect(webError({ labels: { 'app.kubernetes.io/name': 'x' } })).toBe(
      "[app/web] labels 'app.kubernetes.io/name' is set by kube-patterns itself; use the appName, component or partOf props instead",
    );
  });

  test('an image whose name is not a valid label value says to set appName', () => {
    expect(webError({ image: 'registry.example.com/team/' + 'x'.repeat(70) + ':1' })).toBe(
      `[app/web] appName (from the image; set props.appName) '${'x'.repeat(70)}' is not a valid label value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    );
  });

  test('a secret reference whose name is not a DNS subdomain', () => {
    expect(dbError({ env: { PASSWORD: EnvValue.fromSecretKeyRef('My_Secret', 'password') } })).toBe(
      "[app/db] env['PASSWORD'] Secret name 'My_Secret' is not a DNS-1123 subdomain: use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    );
  });

  test('nothing is added to the chart when construction fails', () => {
    const chart = new Chart(Testing.app(), 'app');
    expect(() => new StatefulDatabase(chart, 'db', { ...db, replicas: -1 })).toThrow(ValidationError);
    expect(Testing.synth(chart)).toEqual([]);
  });

  describe('input the API server accepts but that fails later, or crashed before', () => {
    test('an empty Secret key (CreateContainerConfigError forever)', () => {
      expect(dbError({ env: { A: EnvValue.fromSecretKeyRef('s', '') } })).toBe(
        "[app/db] env['A'] Secret key '' is not a valid Secret key: use 1 to 253 letters, digits, '-', '_' and '.'; the pod would never start (CreateContainerConfigError)",
      );
    });

    test('a downward-API path the API server does not offer to env', () => {
      expect(dbError({ env: { A: EnvValue.fromFieldRef('metadata.foo') } })).toBe(
        "[app/db] env['A'] fieldPath 'metadata.foo' is not a pod field an environment variable can read; the API server accepts metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, metadata.labels['<key>'] and metadata.annotations['<key>']",
      );
      expect(() => new StatefulDatabase(new Chart(Testing.app(), 'app'), 'db', { ...db, env: { A: EnvValue.fromFieldRef("metadata.labels['app.kubernetes.io/name']") } })).not.toThrow();
    });

    test('ReadWriteOncePod with another access mode (FailedCreate for every claim)', () => {
      expect(dbError({ storage: { ...db.storage!, accessModes: [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_WRITE_ONCE] } })).toBe(
        `[app/db] storage.accessModes ["ReadWriteOncePod","ReadWriteOnce"] combines ReadWriteOncePod with other modes, which the API server refuses for a claim (every pod would fail with FailedCreate); use ['ReadWriteOncePod'] alone`,
      );
    });

    test('a literal that is not a string', () => {
      expect(dbError({ env: { A: EnvValue.fromValue(123 as unknown as string) } })).toBe(
        "[app/db] env['A'] 123 is not a string; environment variables are strings, so write EnvValue.fromValue('123')",
      );
    });

    test("a request of '1E' (an exabyte, not 1) is more than a 1Gi limit", () => {
      expect(webError({ resources: { requests: { memory: '1E' }, limits: { memory: '1Gi' } } })).toBe(
        "[app/web] resources.requests.memory '1E' is more than resources.limits.memory '1Gi'; a request may not exceed its limit",
      );
    });

    test("'1e500' is out of the API's range", () => {
      expect(dbError({ storage: { ...db.storage!, size: '1e500' } })).toBe(
        "[app/db] storage.size '1e500' is outside the range of a Kubernetes quantity (at most 2^63-1 bytes or cores); use a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024) or m, k, M, G, T, P, E (powers of 1000), e.g. '10Gi' or '500m'",
      );
    });

    test.each([':', '@sha256:abc', 'Postgres:16', 'nginx@sha256:abc'])('the image %p, which no runtime can pull', (image) => {
      expect(webError({ image })).toMatch(/^\[app\/web\] image '.*' is not a container image reference \((invalid reference format|repository name must be lowercase)\); give \[registry\[:port\]\/\]repository\[:tag\]\[@digest\]/);
    });

    test('group 0 is allowed (the restricted profile forbids only the root user)', () => {
      const chart = new Chart(Testing.app(), 'app');
      new StatelessWeb(chart, 'web', { ...web, securityContext: { runAsGroup: 0, fsGroup: 0 } });
      const pod = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 0, fsGroup: 0, runAsNonRoot: true });
    });

    test('an object over 1 MiB (etcd refuses it at apply time)', () => {
      const env = Object.fromEntries(Array.from({ length: 50000 }, (_, i) => [`V${i}`, EnvValue.fromValue('x'.repeat(20))]));
      expect(webError({ env })).toMatch(
        /^\[app\/web\] the synthesized Deployment 'web' \d{7} bytes as JSON is over the limit of 1048576 \(1 MiB\): etcd stores at most 1.5 MiB per object by default, so the apply would fail; move large values \(env, args, annotations\) into a ConfigMap or Secret$/,
      );
    });

    test('options of the wrong type in the factories are ValidationErrors, not TypeErrors', () => {
      expect(webError({ strategy: DeploymentStrategy.rollingUpdate({ maxSurge: 1 as unknown as PercentOrAbsolute }) })).toBe(
        '[app/web] strategy.maxSurge 1 is not a PercentOrAbsolute; use PercentOrAbsolute.absolute(1) or PercentOrAbsolute.percent(25)',
      );
      expect(webError({ readinessProbe: Probe.httpGet(123 as unknown as string) })).toBe("[app/web] readinessProbe path 123 is not an absolute HTTP path; it must start with '/', e.g. '/healthz'");
      expect(dbError({ updateStrategy: StatefulSetUpdateStrategy.rollingUpdate(null as unknown as RollingUpdateOptions) })).toBe('[app/db] updateStrategy options null must be an object');
      expect(thrown((chart) => new StatefulDatabase(chart, 'db', { engine: DatabaseEngine.postgres(null as unknown as PostgresOptions) })).message).toBe(
        '[app/db] engine options (DatabaseEngine.postgres()) null must be an object',
      );
      expect(thrown((chart) => new StatefulDatabase(chart, 'db', { engine: DatabaseEngine.postgres({ verison: '16' } as PostgresOptions) })).message).toBe(
        "[app/db] engine options.verison '16' is not a known prop; the props of engine options are version, credentialsSecretName, majorUpgrade",
      );
    });

    test('missing props, and unknown top-level props (from JavaScript or `as any`)', () => {
      expect(thrown((chart) => new StatefulDatabase(chart, 'db', undefined as unknown as StatefulDatabaseProps)).message).toBe(
        "[app/db] props undefined must be an object, e.g. { engine: DatabaseEngine.postgres() } or { image, port, storage: { size: '10Gi', mountPath: '/data' } }",
      );
      expect(thrown((chart) => new StatelessWeb(chart, 'web', undefined as unknown as StatelessWebProps)).message).toBe(
        "[app/web] props undefined must be an object, e.g. { image: 'nginxinc/nginx-unprivileged:1.27', port: 8080 }",
      );
      expect(dbError({ replica: 3 } as Partial<StatefulDatabaseProps>)).toMatch(/^\[app\/db\] replica 3 is not a prop of StatefulDatabase, so it would be ignored; the props are antiAffinity, appName, args, (\w+, )+volumes$/);
    });
  });

  test('a new ReadOnlyMany shared claim, which nothing could ever write to', () => {
    expect(webError({ replicas: 3, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_ONLY_MANY } })).toBe(
      "[app/web] sharedVolume.accessMode 'ReadOnlyMany' needs sharedVolume.existingClaimName: a new ReadOnlyMany claim is created empty and mounted read-only, so nothing could ever write to it; give the name of a claim that something else fills",
    );
  });
});
