/**
 * TLS for a StatefulDatabase's client connections: the server's certificate and key from a
 * `kubernetes.io/tls` Secret, mounted read-only in the database container, and optionally a
 * cert-manager `Certificate` that issues that Secret for every name clients reach the servers by.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.Certificate
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { ContainerSpecProps } from './containers';
import { CREDENTIALS_DIR, credentialsFile } from './engines/common';
import { EnginePreset, SCRIPTS_DIR, TlsReload } from './engines/engine';
import { EnvValue } from './env';
import type { StatefulDatabaseProps } from './stateful-database';
import * as validate from './validate';
import { PodVolume, writableVolumeName } from './workload';

/** Where the database container finds the Secret's `tls.crt` and `tls.key`, read-only. */
export const TLS_DIR = '/etc/kube-patterns/tls';

/**
 * The cert-manager issuer that signs the certificate.
 * @see https://cert-manager.io/docs/reference/api-docs/#meta.cert-manager.io/v1.IssuerReference
 */
export interface TlsIssuerRef {
  /** The Issuer's or ClusterIssuer's `metadata.name`. */
  readonly name: string;
  /**
   * `Issuer` (in the database's namespace) or `ClusterIssuer`, or the kind of an external issuer.
   * @default 'Issuer'
   */
  readonly kind?: string;
  /**
   * The API group of the issuer.
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/**
 * TLS for client connections (`StatefulDatabaseProps.tls`). Give `secretName` for a
 * `kubernetes.io/tls` Secret you manage, or `issuerRef` for a cert-manager `Certificate`
 * (`{name}-tls`) that the construct creates for the client, role and headless Services' names and
 * every pod's name (`*.{headless}...`). The presets serve TLS on the client port; clients verify
 * the server with the issuing CA (`ca.crt` of a cert-manager Secret).
 *
 * A renewed certificate (cert-manager renews before expiry) reaches the mounted files within
 * about a minute; the presets' sidecar `tls-reload` then has the server reload it (PostgreSQL
 * `pg_reload_conf()`, MySQL `ALTER INSTANCE RELOAD TLS`, MariaDB `FLUSH SSL`, Redis `CONFIG SET`,
 * MongoDB `rotateCertificates`)
 * within 30 s, with no restart (measured on real pods: 67 to 110 s from the Secret's update to the
 * new certificate served). That sidecar, and the `backup` jobs' clients, connect with TLS and
 * refuse to connect without it (encrypted; not verified against a CA, since they reach the server
 * by names the certificate may not hold).
 *
 * Presets that serve TLS: PostgreSQL, MySQL and MariaDB, Redis (TLS only: `required: false`
 * is refused; replicas verify the primary with the Secret's `ca.crt`, which the Secret must hold;
 * `backup` is refused beside it), and Kafka (TLS only, on the client and inter-broker listener
 * `SASL_TLS`, or `TLS` without authentication; the brokers verify each other with `ca.crt`; the
 * key must be unencrypted PKCS#8; the controller listener stays unencrypted, because Kafka 3.9
 * cannot reload its certificate), and MongoDB (`net.tls.mode` `preferTLS`, or `requireTLS` with
 * `required`; the members reach each other over TLS and verify each other with `ca.crt`, each
 * presenting the certificate as a client too, so it must allow client authentication: the
 * Certificate of `issuerRef` does; adding or removing `tls` restarts every member at once, since
 * members with and without TLS cannot replicate; MongoDB 5.0 or later, for the reload; not run on
 * a real server here), and Cassandra (`client_encryption_options` from a PEM keystore with
 * `PEMBasedSslContextFactory`, optional unless `required`; the key must be unencrypted PKCS#8;
 * renewals reloaded with `nodetool reloadssl`; the nodes' own traffic stays unencrypted).
 * ZooKeeper refuses `tls` with what to do.
 * @see https://www.mongodb.com/docs/manual/tutorial/configure-ssl/
 */
export interface DatabaseTlsProps {
  /**
   * The `kubernetes.io/tls` Secret with keys `tls.crt` (PEM chain) and `tls.key` (PEM key). With
   * `issuerRef`, the Secret the Certificate writes.
   * @default - `{name}-tls` with `issuerRef`; required without it
   */
  readonly secretName?: string;
  /**
   * Create the cert-manager Certificate `{name}-tls` (`cert-manager.io/v1`), signed by this
   * issuer. Opt-in: cert-manager must be installed, or the apply fails.
   * @default - no Certificate: the Secret `secretName` must exist
   */
  readonly issuerRef?: TlsIssuerRef;
  /**
   * Refuse clients that do not use TLS. PostgreSQL: the preset's `pg_hba.conf` replaces the data
   * directory's (trust over the Unix socket, a password over loopback for the metrics exporter,
   * and a password over TLS from anywhere else); edits to the data directory's file no longer
   * apply. MySQL and MariaDB: `require_secure_transport=ON` (TCP without TLS is refused; the
   * Unix socket still works); the metrics exporter then connects through the socket. Connections
   * from inside the pod (probes, the exporter) keep working. MongoDB: `net.tls.mode` `requireTLS`
   * instead of `preferTLS`. Cassandra: `client_encryption_options.optional: false`. Redis and
   * Kafka serve TLS only, so they refuse `false`.
   * @see https://www.mongodb.com/docs/manual/reference/configuration-options/#mongodb-setting-net.tls.mode
   * @see https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
   * @see https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_require_secure_transport
   * @throws ValidationError for `false` on Redis or Kafka
   * @default false: TLS is offered, plain connections are still accepted
   */
  readonly required?: boolean;
}

/**
 * The certificate files, as a preset sees them.
 * @internal
 */
export interface TlsFiles {
  /** The certificate chain (PEM). */
  readonly certFile: string;
  /** The private key (PEM), mode 0440, owned by root and the pod's fsGroup. */
  readonly keyFile: string;
  /** The issuing CA (PEM), mounted only for presets that ask for it. */
  readonly caFile: string;
  /** Whether clients without TLS are refused; undefined when `tls.required` is not given. */
  readonly required?: boolean;
}

/**
 * A cert-manager Certificate, as the core builds it.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.Certificate
 */
export interface Certificate {
  /** Always `cert-manager.io/v1`. */
  readonly apiVersion: 'cert-manager.io/v1';
  /** Always `Certificate`. */
  readonly kind: 'Certificate';
  /** `{name}-tls` in the instance's namespace, with its labels. */
  readonly metadata: ObjectMeta;
  /** The Secret to write, the names to certify, the issuer and the key. */
  readonly spec: {
    readonly secretName: string;
    readonly dnsNames: string[];
    readonly issuerRef: { readonly name: string; readonly kind: string; readonly group: string };
    readonly privateKey: { readonly algorithm: 'RSA'; readonly size: 2048; readonly encoding: 'PKCS8'; readonly rotationPolicy: 'Always' };
    readonly usages: string[];
  };
}

/**
 * `tls`, validated: the Secret, the files and the issuer.
 * @internal
 */
export interface ResolvedTls {
  readonly secretName: string;
  readonly files: TlsFiles;
  readonly issuerRef?: { readonly name: string; readonly kind: string; readonly group: string };
}

/**
 * Validates `tls`.
 * @param name the instance's name, for the default Secret
 * @throws ValidationError for an unknown key, neither `secretName` nor `issuerRef`, a Secret name
 *   that is not a DNS-1123 subdomain, an issuer without a name, or a non-boolean `required`
 * @internal
 */
export function resolveTls(scope: string, name: string, given: DatabaseTlsProps | undefined): ResolvedTls | undefined {
  if (given === undefined) return undefined;
  const props = validate.record(scope, 'tls', given);
  validate.knownKeys(scope, 'tls', props, ['secretName', 'issuerRef', 'required']);
  if (props.secretName === undefined && props.issuerRef === undefined) {
    validate.fail(scope, 'tls', '{}', 'names no certificate: give secretName (an existing kubernetes.io/tls Secret) or issuerRef (a cert-manager issuer, for a Certificate the construct creates)');
  }
  const issuerRef = props.issuerRef === undefined ? undefined : resolveIssuer(scope, props.issuerRef);
  const secretName = validate.dns1123Subdomain(scope, 'tls.secretName', props.secretName ?? `${name}-tls`);
  const required = props.required === undefined ? undefined : validate.boolean(scope, 'tls.required', props.required);
  return {
    secretName,
    files: { certFile: `${TLS_DIR}/tls.crt`, keyFile: `${TLS_DIR}/tls.key`, caFile: `${TLS_DIR}/ca.crt`, ...(required === undefined ? {} : { required }) },
    ...(issuerRef ? { issuerRef } : {}),
  };
}

function resolveIssuer(scope: string, given: TlsIssuerRef): { name: string; kind: string; group: string } {
  const ref = validate.record(scope, 'tls.issuerRef', given);
  validate.knownKeys(scope, 'tls.issuerRef', ref, ['name', 'kind', 'group']);
  if (ref.name === undefined) {
    validate.fail(scope, 'tls.issuerRef.name', ref.name, "is required: the Issuer's or ClusterIssuer's name");
  }
  const kind = ref.kind ?? 'Issuer';
  if (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    validate.fail(scope, 'tls.issuerRef.kind', kind, "is not a resource kind such as 'Issuer' or 'ClusterIssuer'");
  }
  return {
    name: validate.dns1123Subdomain(scope, 'tls.issuerRef.name', ref.name),
    kind,
    group: validate.dns1123Subdomain(scope, 'tls.issuerRef.group', ref.group ?? 'cert-manager.io'),
  };
}

/**
 * The Secret's `tls.crt` and `tls.key` (and `ca.crt` for a preset that verifies its peers) at
 * {@link TLS_DIR}, mode 0440: PostgreSQL refuses a key file that others may read, or that a
 * root-owned file's group may write.
 * @internal
 */
export function tlsVolume(tls: ResolvedTls, withCa: boolean): PodVolume {
  const keys = withCa ? ['tls.crt', 'tls.key', 'ca.crt'] : ['tls.crt', 'tls.key'];
  return {
    prop: 'tls',
    volume: { name: 'tls', secret: { secretName: tls.secretName, items: keys.map((key) => ({ key, path: key })), defaultMode: 0o440 } },
    mount: { name: 'tls', mountPath: TLS_DIR, readOnly: true },
  };
}

/**
 * The DNS names a database's certificate must hold: every Service as `{svc}`, `{svc}.{ns}`,
 * `{svc}.{ns}.svc` and the fully qualified name, and the pods as `*.{headless}.{ns}.svc` and
 * `*.{headless}.{ns}.svc.{clusterDomain}`.
 * @internal
 */
export function certificateDnsNames(services: readonly string[], headless: string, namespace: string, clusterDomain: string): string[] {
  const forms = (host: string) => [host, `${host}.${namespace}`, `${host}.${namespace}.svc`, `${host}.${namespace}.svc.${clusterDomain}`];
  return [...services.flatMap(forms), ...forms(headless), `*.${headless}.${namespace}.svc`, `*.${headless}.${namespace}.svc.${clusterDomain}`];
}

/**
 * The Certificate `tls.issuerRef` asks for, if any: RSA 2048 in PKCS#8 (every engine reads it),
 * a new key at each renewal, server authentication, and client authentication too for a preset
 * whose members present it to each other (`clientAuth`).
 * @internal
 */
export function renderCertificate(metadata: ObjectMeta, tls: ResolvedTls | undefined, dnsNames: string[], clientAuth = false): Certificate | undefined {
  if (!tls?.issuerRef) return undefined;
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata,
    spec: {
      secretName: tls.secretName,
      dnsNames,
      issuerRef: { ...tls.issuerRef },
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      usages: ['server auth', ...(clientAuth ? ['client auth'] : []), 'digital signature', 'key encipherment'],
    },
  };
}

/**
 * The preset with TLS served from `tls`'s files: its arguments, scripts, owned settings and
 * connection string.
 * @throws ValidationError when the preset does not serve TLS (naming what to do instead)
 * @internal
 */
export function presetWithTls(scope: string, engineName: string, preset: EnginePreset, tls: ResolvedTls | undefined): EnginePreset {
  if (tls === undefined) return preset;
  if (preset.serveTls === undefined) {
    validate.fail(scope, 'tls', '(given)', `is not supported by the ${engineName} preset: ${preset.tlsInstead ?? 'it does not configure TLS'}`);
  }
  const serving = preset.serveTls(tls.files);
  // The backup and restore clients reach a server that serves TLS: they require it.
  const backup = serving.logicalBackup ?? preset.logicalBackup;
  const logicalBackup = backup && !('instead' in backup) ? { ...backup, env: { ...backup.env, KP_CLIENT_TLS: 'require' } } : backup;
  return {
    ...preset,
    props: {
      ...preset.props,
      ...(serving.args ? { args: [...(preset.props.args ?? []), ...serving.args] } : {}),
      ...(serving.env ? { env: { ...preset.props.env, ...serving.env } } : {}),
      ...(serving.readinessProbe ? { readinessProbe: serving.readinessProbe } : {}),
      ...(serving.livenessProbe ? { livenessProbe: serving.livenessProbe } : {}),
      ...(serving.startupProbe ? { startupProbe: serving.startupProbe } : {}),
    },
    ...(serving.peerAuthentication ? { peerAuthentication: serving.peerAuthentication } : {}),
    ...(serving.ca ? { tlsCa: true } : {}),
    ...(serving.clientAuth ? { tlsClientAuth: true } : {}),
    ...(logicalBackup ? { logicalBackup } : {}),
    ...(serving.exporter ? { exporter: serving.exporter } : {}),
    ...(serving.files ? { files: { ...preset.files, ...serving.files } } : {}),
    ...(serving.reload ? { tlsReload: serving.reload, scripts: [...new Set([...(preset.scripts ?? []), 'tls-reload.sh', ...reloadScripts(serving.reload)])] } : {}),
    ...(preset.config ? { config: { ...preset.config, ownedByTls: serving.ownedConfig } } : {}),
    connectionString: serving.connectionString,
  };
}

/**
 * The scripts `tls-reload.sh` sources: the engine's own (Kafka, MongoDB), or by default the
 * client login it shares with the backups (`backup-client.sh`).
 */
function reloadScripts(reload: TlsReload): readonly string[] {
  return reload.scripts ?? ['backup-client.sh'];
}

/**
 * The props with the sidecar `tls-reload` after the preset's exporter: on the database's image
 * (which has the server's client), it checks the mounted certificate every 30 s and asks the
 * server over loopback to reload it when the kubelet has updated the Secret's files (a
 * cert-manager renewal), so a renewed certificate is served without a restart. It reads the
 * password from the credentials file and writes its client login under the database
 * container's `/tmp` (the same volume, mode 0600).
 * @internal
 */
export function withTlsReload(scope: string, props: StatefulDatabaseProps, reload: TlsReload): StatefulDatabaseProps {
  const credentials = reload.credentials ?? true;
  const sidecar: ContainerSpecProps = {
    name: 'tls-reload',
    image: props.image!,
    ...(props.imagePullPolicy === undefined ? {} : { imagePullPolicy: props.imagePullPolicy }),
    command: [`${SCRIPTS_DIR}/tls-reload.sh`],
    env: {
      KP_ENGINE: EnvValue.fromValue(reload.engine),
      KP_PORT: EnvValue.fromValue(String(reload.port)),
      ...(credentials ? { KP_PASSWORD_FILE: credentialsFile('password') } : {}),
      KP_TLS_DIR: EnvValue.fromValue(TLS_DIR),
      // Read by backup-client.sh: its clients then refuse to connect without TLS.
      ...(reloadScripts(reload).includes('backup-client.sh') ? { KP_CLIENT_TLS: EnvValue.fromValue('require') } : {}),
      ...reload.env,
    },
    volumeMounts: [
      { volume: 'tls', mountPath: TLS_DIR, readOnly: true },
      ...(credentials ? [{ volume: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true }] : []),
      { volume: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
      { volume: writableVolumeName('/tmp', 0), mountPath: '/tmp' },
    ],
    resources: reload.resources ?? { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  };
  const sidecars = validate.list(scope, 'sidecars', props.sidecars);
  // After the exporter, which the core puts first.
  const exporterFirst = sidecars[0]?.name === 'exporter' ? 1 : 0;
  return { ...props, sidecars: [...sidecars.slice(0, exporterFirst), sidecar, ...sidecars.slice(exporterFirst)] };
}
