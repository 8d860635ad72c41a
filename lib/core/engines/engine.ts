/**
 * What a database engine preset is: defaults for StatefulDatabase props, computed from the
 * instance's identity (name, replicas, pod DNS names), plus the pieces that props cannot express
 * (extra ports, volumes, scripts, role Services).
 */
import type { LogicalBackup } from '../backup';
import type { EnvValue } from '../env';
import type { Probe } from '../probe';
import type { ResourceProps } from '../resources';
import type { StatefulDatabaseProps } from '../stateful-database';
import type { ExtraPort, PodVolume } from '../workload';
import type { TlsFiles } from '../tls';
import type { PresetExporter } from './exporters';

/**
 * Options every engine takes.
 */
export interface EngineOptions {
  /**
   * The image tag: a version such as `16`, `16.4` or `16.4-bookworm`. Pin a patch version (or
   * use `image` with a digest) for reproducible production rollouts.
   * @default - the engine's default tag, listed in the README
   */
  readonly version?: string;
  /**
   * The existing Secret holding the engine's credentials (keys listed per engine). The cdk8s
   * construct only references it; the Pulumi component can create it from `credentials`.
   * @default - `{name}-credentials`
   */
  readonly credentialsSecretName?: string;
}

/**
 * The identity of one StatefulDatabase, as a preset sees it.
 * @internal
 */
export interface EngineContext {
  readonly scope: string;
  readonly name: string;
  readonly replicas: number;
  readonly headlessServiceName: string;
  /** `{headless}.{namespace}.svc.{clusterDomain}`: the domain of the pods' DNS names. */
  readonly podDomain: string;
  readonly podDnsNames: readonly string[];
  /** The port the user chose, if any; presets make the server listen on it and use it in probes and peer lists. */
  readonly port?: number;
  /**
   * The data volume's mount path the user chose (`storage.mountPath`, already validated), if
   * any; presets put the data directory on it.
   */
  readonly mountPath?: string;
  /** The data volume's name (`storage.volumeName`, validated), for containers that mount it. */
  readonly volumeName: string;
}

/**
 * How an engine takes server settings (`StatefulDatabaseProps.config`).
 * @internal
 */
export interface ConfigMechanism {
  /** Where the settings go, for docs and errors, e.g. `postgresql.conf settings (-c name=value)`. */
  readonly describe: string;
  /** Valid setting names. */
  readonly keyPattern: RegExp;
  /** Settings the preset sets itself (compared after `normalize`), refused in `config`. */
  readonly owned: readonly string[];
  /** Settings that `tls` sets, refused with a message pointing at it. */
  readonly ownedByTls?: readonly string[];
  /** Owned name prefixes (`server.` for ZooKeeper's ensemble). */
  readonly ownedPrefixes?: readonly string[];
  /** Name prefixes that only `tls` sets, with or without it (`net.tls.` for MongoDB), refused with a message pointing at it. */
  readonly tlsPrefixes?: readonly string[];
  /** The form names are compared in (MySQL treats `-` and `_` alike). */
  normalize?(key: string): string;
  /** How a boolean value is written: `on`/`off` (PostgreSQL), `yes`/`no` (Redis)... */
  readonly booleans: readonly [string, string];
  /** Renders the settings, in the order given. */
  render(settings: readonly (readonly [string, string])[]): {
    readonly args?: readonly string[];
    readonly env?: { readonly [name: string]: EnvValue };
    /** A file in the `{name}-config` ConfigMap, mounted read-only at `mountPath`. */
    readonly file?: { readonly key: string; readonly mountPath: string; readonly content: string };
  };
}

/**
 * How a user's `args` combine with a preset's.
 * @internal
 */
export type ArgsPolicy =
  /** Appended after the preset's own args; args matching `owned` are refused with `instead`. */
  | { readonly kind: 'append'; readonly owned: readonly { readonly pattern: RegExp; readonly instead: string }[] }
  /** Refused: the preset's start script takes none; `instead` says what to do. */
  | { readonly kind: 'refused'; readonly instead: string };

/**
 * The defaults and extras a preset supplies.
 * @internal
 */
export interface EnginePreset {
  /** Defaults for the props; every prop the user gives wins (nested objects per field). */
  readonly props: Partial<StatefulDatabaseProps> & { readonly env?: { [name: string]: EnvValue } };
  /** Ports besides the main one (peer, election, controller ports), on the pod and the headless Service. */
  readonly extraPorts?: readonly ExtraPort[];
  /** Volumes besides the data volume and writable paths (shared memory, key files). */
  readonly extraVolumes?: readonly PodVolume[];
  /** Script files (from engines/scripts) mounted at {@link SCRIPTS_DIR}. */
  readonly scripts?: readonly string[];
  /** Configuration files the preset writes, by name, mounted beside the scripts. */
  readonly files?: { readonly [name: string]: string };
  /**
   * How roles are laid out: `pod-zero-primary` adds a `{name}-primary` Service selecting pod 0
   * only and a `{name}-read` Service selecting every pod; `single-primary` is one pod that is
   * the primary; none for peer-to-peer engines (ZooKeeper, Kafka, Cassandra).
   */
  readonly roles?: 'pod-zero-primary' | 'single-primary';
  /** The engine's Prometheus exporter, added by `metrics` without a port. */
  readonly exporter?: PresetExporter;
  /** How `backup` dumps this engine, or why it cannot (naming the right tool). */
  readonly logicalBackup?: LogicalBackup;
  /** The Secret the engine reads its credentials from, when it has any. */
  readonly credentialsSecretName?: string;
  /**
   * Where the server keeps its data (`PGDATA`, `--datadir`, `dir`, `--dbpath`, `log.dirs`,
   * `dataDir`, `data_file_directories`): an absolute path on the data volume. The core checks
   * that it lies on the claim's mount and that no other volume hides it.
   */
  readonly dataDirectory: string;
  /**
   * The variables of `props.env` a user may override (tuning such as heap sizes). Every other
   * variable the preset sets wires its data directory, ports, credentials or clustering, and
   * is refused.
   */
  readonly tunableEnv?: readonly string[];
  /**
   * The on-disk format of the data, when a version change cannot read it in place (e.g.
   * `postgresql-17`: a PostgreSQL 18 server refuses a 17 data directory). Recorded as the claim
   * template annotation `kube-patterns.io/data-format`; claim templates are immutable, so the
   * API server refuses an apply that changes it instead of starting a server on unreadable data.
   */
  readonly dataFormat?: string;
  /**
   * The upgrade of older data the user declared: the format it reads (compared with the live
   * claim template's `kube-patterns.io/data-format` by the plan) and a description. Recorded as
   * the StatefulSet annotation `kube-patterns.io/data-upgrade`. Its init container is in
   * `props.initContainers`, before the user's.
   */
  readonly dataUpgrade?: { readonly fromFormat: string; readonly description: string };
  /**
   * How the members authenticate each other (`sasl` or `none`; Kafka with `tls`: `sasl+tls` or
   * `tls`, its inter-broker listener then being another; MongoDB: `tls` when its members reach
   * each other over TLS, else `none`), for engines whose members must all agree on it
   * (ZooKeeper's quorum, Kafka's listeners, MongoDB's replica set). Recorded as the StatefulSet
   * annotation `kube-patterns.io/peer-authentication`; the plan turns a change into a migration that
   * restarts every pod at once, since a rolling update would stop at the first pod.
   */
  readonly peerAuthentication?: PeerAuthentication;
  /** How the user's `args` combine with the preset's. */
  readonly args: ArgsPolicy;
  /** How server settings reach the engine; undefined when `config` is not supported, with `configInstead` saying what to do. */
  readonly config?: ConfigMechanism;
  /** Why `config` is not supported, and what to do instead. */
  readonly configInstead?: string;
  /**
   * The file extensions the image runs from `/docker-entrypoint-initdb.d` on first
   * initialization; undefined when the engine has no such directory.
   */
  readonly initScriptExtensions?: readonly string[];
  /** The engine's standard connection URI or connect string, given the client Service host and port. */
  connectionString?(host: string, port: number): string;
  /**
   * How the server serves TLS from the certificate files (`tls`); undefined when the preset does
   * not, with `tlsInstead` saying why and what to do.
   */
  serveTls?(files: TlsFiles): TlsServing;
  /** Why the preset does not serve TLS, and what to do instead. */
  readonly tlsInstead?: string;
  /** With `tls`: whether the Secret's `ca.crt` is mounted too (see {@link TlsServing.ca}). */
  readonly tlsCa?: boolean;
  /** With `tls`: how the sidecar reloads a renewed certificate (see {@link TlsServing.reload}). */
  readonly tlsReload?: TlsReload;
  /** With `tls`: whether the certificate must also allow client authentication (see {@link TlsServing.clientAuth}). */
  readonly tlsClientAuth?: boolean;
}

/**
 * How the members of a quorum authenticate each other, as the StatefulSet annotation records it.
 * @internal
 */
export type PeerAuthentication = 'sasl' | 'none' | 'sasl+tls' | 'tls';

/**
 * What `tls-reload.sh` reloads: the engine (which names its reload statement) and the server's
 * port on loopback; it logs in with the credentials Secret's `password` (MongoDB: and `username`),
 * or (Kafka) as the start script set up in the shared `/tmp`.
 * @internal
 */
export interface TlsReload {
  readonly engine: 'postgresql' | 'mysql' | 'mariadb' | 'redis' | 'kafka' | 'mongodb' | 'cassandra';
  readonly port: number;
  /** Variables beside the sidecar's own. */
  readonly env?: { readonly [name: string]: EnvValue };
  /**
   * Whether the sidecar reads the credentials Secret's password.
   * @default true
   */
  readonly credentials?: boolean;
  /** The sidecar's resources, for a client heavier than the default 10m/32Mi (Kafka's JVM tools). */
  readonly resources?: ResourceProps;
  /**
   * The scripts beside `tls-reload.sh` that it sources.
   * @default ['backup-client.sh'] (the client login it shares with the backups)
   */
  readonly scripts?: readonly string[];
}

/**
 * What a preset adds to serve TLS.
 * @internal
 */
export interface TlsServing {
  /** Server arguments, after the preset's. */
  readonly args?: readonly string[];
  /** Setting names of `config` that TLS now owns (refused there). */
  readonly ownedConfig: readonly string[];
  /** Configuration files by name, mounted at {@link SCRIPTS_DIR}, that the arguments refer to. */
  readonly files?: { readonly [name: string]: string };
  /** Whether the server needs the issuing CA (`ca.crt`, which the Secret must then hold) to verify its peers. */
  readonly ca?: boolean;
  /** Server variables, beside the preset's (for presets whose start script configures TLS). */
  readonly env?: { readonly [name: string]: EnvValue };
  /** Replaces the preset's logical backup: why backups do not work over TLS yet. */
  readonly logicalBackup?: LogicalBackup;
  /** Replaces the preset's exporter: one that connects with TLS. */
  readonly exporter?: PresetExporter;
  /** Replaces the preset's readiness probe: one that connects with TLS. */
  readonly readinessProbe?: Probe;
  /** Replaces the preset's liveness probe: one that connects with TLS. */
  readonly livenessProbe?: Probe;
  /** Replaces the preset's startup probe: one that connects with TLS. */
  readonly startupProbe?: Probe;
  /**
   * Whether the members present the certificate to each other as clients (MongoDB), so that the
   * Certificate that `issuerRef` creates must allow `client auth` too.
   */
  readonly clientAuth?: boolean;
  /** Replaces the preset's peer authentication, when TLS changes how the members reach each other. */
  readonly peerAuthentication?: PeerAuthentication;
  /** How the core's `tls-reload` sidecar asks the server to reload a renewed certificate. */
  readonly reload?: TlsReload;
  /**
   * The connection string of a client that verifies the server; undefined for an engine without
   * a standard one (Cassandra: drivers take contact points).
   */
  connectionString?(host: string, port: number): string;
}

/**
 * A database engine preset. Create one with the `DatabaseEngine` factories.
 */
export interface IDatabaseEngine {
  /** The engine, e.g. `postgresql`; also the `app.kubernetes.io/name` label. */
  readonly engineName: string;
  /**
   * Computes the preset for one instance.
   * @throws ValidationError when the engine cannot run as asked (e.g. replicas it cannot replicate)
   * @internal
   */
  _preset(context: EngineContext): EnginePreset;
}

/** Where preset scripts are mounted in the container. */
export const SCRIPTS_DIR = '/opt/kube-patterns';
