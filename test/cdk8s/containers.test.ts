/**
 * Init containers, native sidecars, preStop and metrics: typed like the main container, held
 * to the same restricted security context, validated, and wired to the Services and monitor.
 */
import { DatabaseEngine, EnvValue, Probe, StatefulDatabase, StatefulDatabaseProps, StatelessWeb, StatelessWebProps, VolumeSource } from '../../lib';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, synthOne, validationMessage } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';
import { schemaErrors } from '../support/schema';

const SELECTOR = { 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/managed-by': 'kube-patterns', 'kube-patterns.io/pattern': 'stateful-database' };

/** PostgreSQL with the usual companions: a wait-for-DNS init container and postgres_exporter. */
const database: StatefulDatabaseProps = {
  engine: DatabaseEngine.postgres(),
  initContainers: [{ name: 'wait-for-dns', image: 'busybox:1.36', command: ['sh', '-c', 'until nslookup kubernetes.default; do sleep 2; done'] }],
  sidecars: [
    {
      name: 'exporter',
      image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
      ports: [{ name: 'metrics', containerPort: 9187, service: true }],
      env: {
        DATA_SOURCE_URI: EnvValue.fromValue('127.0.0.1:5432/postgres?sslmode=disable'),
        DATA_SOURCE_USER: EnvValue.fromValue('postgres'),
        DATA_SOURCE_PASS: EnvValue.fromSecretKeyRef('orders-credentials', 'password'),
      },
      readinessProbe: Probe.httpGet('/metrics'),
      securityContext: { runAsUser: 65534 },
    },
  ],
  metrics: { port: 'metrics', interval: '30s', podMonitor: true },
};

const synthDb = (props: StatefulDatabaseProps) => synthOne((chart) => new StatefulDatabase(chart, 'orders', props));
const synthWeb = (props: StatelessWebProps) => synthOne((chart) => new StatelessWeb(chart, 'web', props));
const dbError = (props: Partial<StatefulDatabaseProps>) => validationMessage(() => synthDb({ ...database, ...props }));

describe('a database with an init container, an exporter sidecar and a PodMonitor', () => {
  const objects = synthDb(database);
  const pod = find(objects, 'StatefulSet', 'orders').spec.template.spec;
  const [init, exporter] = pod.initContainers;

  test('schema-valid (the PodMonitor against its CRD), strictly valid, restricted', () => {
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('the init container runs first; the sidecar is a native sidecar after it', () => {
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([
      ['wait-for-dns', undefined],
      ['exporter', 'Always'],
    ]);
    expect(init.command).toEqual(['sh', '-c', 'until nslookup kubernetes.default; do sleep 2; done']);
  });

  test('both get the restricted container security context, small default resources, and the given user', () => {
    for (const c of pod.initContainers) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
    }
    expect(init.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
    expect(exporter.securityContext.runAsUser).toBe(65534);
    expect(init.securityContext.runAsUser).toBeUndefined();
  });

  test('the exporter port is on the pod and the client Service, and its probe targets it', () => {
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9187, protocol: 'TCP' }]);
    expect(find(objects, 'Service', 'orders').spec.ports).toContainEqual({ name: 'metrics', port: 9187, targetPort: 'metrics', protocol: 'TCP' });
    expect(find(objects, 'Service', 'orders-headless').spec.ports.map((p: any) => p.name)).not.toContain('metrics');
    expect(exporter.readinessProbe).toMatchObject({ httpGet: { path: '/metrics', port: 'metrics' } });
  });

  test('the PodMonitor selects exactly this instance\'s pods, on the metrics port', () => {
    const monitor = find(objects, 'PodMonitor', 'orders');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata.namespace).toBe('shop');
    expect(monitor.spec).toEqual({ selector: { matchLabels: SELECTOR }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }] });
  });
});

describe('web: preStop, and a sidecar mounting a pod volume', () => {
  const objects = synthWeb({
    image: 'nginxinc/nginx-unprivileged:1.27',
    port: 8080,
    preStop: { exec: ['sleep', '5'] },
    volumes: [{ name: 'logs', source: VolumeSource.emptyDir(), mountPath: '/var/log/nginx' }],
    sidecars: [{ name: 'shipper', image: 'fluent/fluent-bit:3.1', volumeMounts: [{ volume: 'logs', mountPath: '/logs', readOnly: true }] }],
    metrics: { port: 'http', path: '/stub_status' },
  });
  const pod = find(objects, 'Deployment', 'web').spec.template.spec;

  test('preStop on the main container', () => {
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  });

  test('the sidecar mounts the shared emptyDir read-only', () => {
    expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'logs', mountPath: '/logs', readOnly: true }]);
  });

  test('metrics without podMonitor makes no custom resource', () => {
    expect(objects.filter((o) => o.kind === 'PodMonitor')).toEqual([]);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('an HTTP preStop targets the main port', () => {
    const spec = find(synthWeb({ image: 'nginx:1.27', port: 8080, preStop: { httpGet: { path: '/drain' } } }), 'Deployment', 'web').spec.template.spec;
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { httpGet: { path: '/drain', port: 'http' } } });
  });
});

describe('bad containers', () => {
  test.each<[string, Partial<StatefulDatabaseProps>, string]>([
    ['a name the main container has', { initContainers: [{ name: 'database', image: 'busybox:1.36' }], sidecars: [] }, "initContainers[0].name 'database' is the name of another container in the pod; container names are unique"],
    [
      'a port the main container has',
      { sidecars: [{ name: 'x', image: 'busybox:1.36', ports: [{ name: 'metrics', containerPort: 5432 }] }] },
      'sidecars[0].ports[0].containerPort 5432 is already a port of another container; containers of a pod share one network namespace',
    ],
    [
      'a port on an init container',
      { initContainers: [{ name: 'x', image: 'busybox:1.36', ports: [{ name: 'p', containerPort: 9000 }] }], sidecars: [] },
      'initContainers[0].ports[0] {"name":"p","containerPort":9000} is not allowed on an init container, which exits before the main container starts; use sidecars for a server',
    ],
    [
      'a probe on an init container',
      { initContainers: [{ name: 'x', image: 'busybox:1.36', readinessProbe: Probe.exec(['true']) }], sidecars: [] },
      "initContainers[0].readinessProbe '(given)' is not allowed on an init container, which runs to completion; the API server refuses it",
    ],
    [
      'a TCP probe on a sidecar without ports',
      { sidecars: [{ name: 'x', image: 'busybox:1.36', livenessProbe: Probe.tcpSocket() }], metrics: undefined },
      "sidecars[0].livenessProbe 'tcpSocket' needs a port to connect to, and the container has none; give it ports, or use Probe.exec()",
    ],
    [
      'a mount of a volume the pod does not have',
      { sidecars: [{ name: 'x', image: 'busybox:1.36', volumeMounts: [{ volume: 'nope', mountPath: '/x' }] }], metrics: undefined },
      "volumeMounts of container 'x' 'nope' is not a volume of the pod; the pod has dshm, credentials, writable-tmp, writable-var-run-postgresql, data (add one with volumes)",
    ],
    ['a root sidecar', { sidecars: [{ name: 'x', image: 'busybox:1.36', securityContext: { runAsUser: 0 } }], metrics: undefined }, 'sidecars[0].securityContext.runAsUser 0 is not an integer from 1 to 2147483647 (int32): the restricted Pod Security profile forbids the root user (0)'],
    ['an image no runtime can pull', { initContainers: [{ name: 'x', image: 'Busybox' }], sidecars: [] }, "initContainers[0].image 'Busybox' is not a container image reference (repository name must be lowercase); give [registry[:port]/]repository[:tag][@digest] with a lowercase repository, e.g. 'postgres:16' or 'registry.example.com/team/app@sha256:<64 hex digits>'"],
    ['metrics on a port no container has', { metrics: { port: 'prom' } }, "metrics.port 'prom' is not a named port of the pod; it has postgresql, metrics (add the exporter as a sidecar with a port)"],
    ['a malformed scrape interval', { metrics: { port: 'metrics', interval: '30 seconds' } }, "metrics.interval '30 seconds' is not a Prometheus duration such as '30s' or '1m'"],
    ['a relative metrics path', { metrics: { port: 'metrics', path: 'metrics' } }, "metrics.path 'metrics' is not an absolute HTTP path; it must start with '/', e.g. '/healthz'"],
    ['a relative preStop path', { preStop: { httpGet: { path: 'drain' } } }, "preStop.httpGet.path 'drain' is not an absolute HTTP path; it must start with '/', e.g. '/healthz'"],
    ['preStop with two handlers', { preStop: { exec: ['true'], httpGet: { path: '/' } } as never }, 'preStop {"exec":["true"],"httpGet":{"path":"/"}} must be { exec: [\'command\', ...] } or { httpGet: { path: \'/...\' } }'],
  ])('%s', (_name, props, message) => {
    expect(dbError(props)).toBe(message);
  });
});
