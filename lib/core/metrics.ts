/**
 * Prometheus scraping of a pattern's pods: which named port serves metrics, and, opt-in, a
 * PodMonitor for the Prometheus Operator that selects exactly this instance's pods.
 *
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import * as validate from './validate';
import type { ResolvedWorkload } from './workload';

/** A Prometheus duration, largest unit first, as the PodMonitor CRD's schema has it (`1m30s`). */
const PROMETHEUS_DURATION = /^(0|(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;

/** Where the pods serve Prometheus metrics. */
export interface MetricsProps {
  /**
   * The name of the container port serving metrics: the main port's, or a sidecar's.
   * @default - on the PostgreSQL, MySQL, MariaDB, MongoDB, Redis and Kafka presets, their
   *   engine's exporter as a sidecar serving the port `metrics` (see `exporterImage`); on
   *   ZooKeeper, its built-in Prometheus provider on the database container's port `metrics`
   *   (7000); on Cassandra, the Prometheus JMX exporter's Java agent in the server's JVM, on the
   *   database container's port `metrics` (7070; see `mavenRepository`); required without a preset
   * @throws ValidationError when required and missing, or naming no port of the pod
   */
  readonly port?: string;
  /**
   * The image of the preset's exporter, e.g. a mirror in a private registry.
   * @default - the preset's pinned exporter image (postgres-exporter, mysqld-exporter,
   *   redis_exporter, mongodb_exporter, kafka-exporter)
   * @throws ValidationError beside a `port` of your own, or on ZooKeeper and Cassandra (no
   *   sidecar to replace)
   */
  readonly exporterImage?: string;
  /**
   * On the Cassandra preset: the root URL of the Maven repository (Maven Central, or a mirror or
   * proxy of it such as Nexus or Artifactory) that the init container `metrics-agent` fetches the
   * Prometheus JMX exporter's Java agent from (`io.prometheus.jmx:jmx_prometheus_javaagent`,
   * pinned by version and SHA-256, so a mirror cannot substitute another jar). Fetched once per
   * node onto the data volume; a failed fetch starts the server without metrics, never blocks it.
   * @default 'https://repo1.maven.org/maven2'
   * @throws ValidationError when not an http:// or https:// URL, or on another preset (whose
   *   exporter is not a Java agent), or beside a `port` of your own
   * @see https://github.com/prometheus/jmx_exporter
   */
  readonly mavenRepository?: string;
  /**
   * The HTTP path.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * How often to scrape, a Prometheus duration such as `30s` or `1m`.
   * @default - the Prometheus default
   */
  readonly interval?: string;
  /**
   * Create a `PodMonitor` (`monitoring.coreos.com/v1`) named `{name}` whose selector matches
   * exactly this instance's pods. Opt-in: the Prometheus Operator's CRDs must be installed, or
   * the apply fails.
   * @default false
   */
  readonly podMonitor?: boolean;
}

/** A PodMonitor, as the core builds it. */
export interface PodMonitor {
  /** Always `monitoring.coreos.com/v1`. */
  readonly apiVersion: 'monitoring.coreos.com/v1';
  /** Always `PodMonitor`. */
  readonly kind: 'PodMonitor';
  /** `{name}` in the instance's namespace, with its labels. */
  readonly metadata: ObjectMeta;
  /** Which pods to scrape, and where. */
  readonly spec: {
    /** The instance's selector labels: exactly its pods. */
    readonly selector: { readonly matchLabels: Record<string, string> };
    /** One endpoint: the named port, the path, and the interval when given. */
    readonly podMetricsEndpoints: { readonly port: string; readonly path: string; readonly interval?: string }[];
  };
}

/**
 * The PodMonitor for `metrics`, when asked for.
 * @param extraPortNames the named ports a preset adds to the database container
 * @throws ValidationError for a port no container has, a relative path or a malformed interval
 * @internal
 */
export function renderPodMonitor(w: ResolvedWorkload, given: MetricsProps | undefined, extraPortNames: readonly string[] = []): PodMonitor | undefined {
  const portNames = [...w.podPortNames, ...extraPortNames];
  if (given === undefined) return undefined;
  const scope = w.scope;
  const props = validate.record(scope, 'metrics', given);
  validate.knownKeys(scope, 'metrics', props, ['port', 'path', 'interval', 'podMonitor', 'exporterImage', 'mavenRepository']);
  if (props.port === undefined) {
    validate.fail(scope, 'metrics.port', props.port, "is required: name the container port serving metrics (the main port's name, or a sidecar's)");
  }
  if (!portNames.includes(props.port)) {
    validate.fail(scope, 'metrics.port', props.port, `is not a named port of the pod; it has ${portNames.join(', ')} (add the exporter as a sidecar with a port)`);
  }
  const path = validate.httpPath(scope, 'metrics.path', props.path ?? '/metrics');
  if (props.interval !== undefined && (typeof props.interval !== 'string' || props.interval === '' || !PROMETHEUS_DURATION.test(props.interval))) {
    validate.fail(scope, 'metrics.interval', props.interval, "is not a Prometheus duration such as '30s' or '1m'");
  }
  if (!validate.boolean(scope, 'metrics.podMonitor', props.podMonitor ?? false)) return undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: w.metadata(w.name),
    spec: {
      selector: { matchLabels: { ...w.labels.selector } },
      podMetricsEndpoints: [{ port: props.port, path, ...(props.interval === undefined ? {} : { interval: props.interval }) }],
    },
  };
}
