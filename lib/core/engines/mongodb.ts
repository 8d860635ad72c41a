/**
 * MongoDB on the official `mongo` image; a replica set for replicas > 1.
 * @see https://hub.docker.com/_/mongo
 * @see https://www.mongodb.com/docs/manual/tutorial/deploy-replica-set-with-keyfile-access-control/
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { PodManagementPolicy } from '../stateful-database';
import { TLS_DIR } from '../tls';
import * as validate from '../validate';
import { credentialsFile, credentialsFiles, credentialsSecret, engineOptions, POD_NAME_ENV, scriptCommand, tag } from './common';
import { mongodbExporter } from './exporters';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine, SCRIPTS_DIR } from './engine';

/**
 * Options of the MongoDB preset. Credentials Secret keys: `username` and `password` (the root
 * user), and for replicas > 1 `keyfile` (the replica set's shared key: 6 to 1024 base64
 * characters, e.g. from `openssl rand -base64 756`).
 */
export interface MongodbOptions extends EngineOptions {
  /**
   * The replica set name (`--replSet`), for replicas > 1.
   * @default 'rs0'
   */
  readonly replicaSetName?: string;
}

/** Where the start script writes the server's key and chain, and the CAs it trusts, with `tls`. */
const STORES_DIR = '/tmp/mongodb-tls';

/** Dotted settings as the nested YAML of a mongod configuration file; values as YAML scalars. */
function mongodConf(settings: readonly (readonly [string, string])[]): string {
  const tree: Record<string, any> = {};
  for (const [key, value] of settings) {
    const path = key.split('.');
    let node = tree;
    for (const part of path.slice(0, -1)) node = node[part] = typeof node[part] === 'object' ? node[part] : {};
    node[path[path.length - 1]] = value;
  }
  const lines: string[] = [];
  const walk = (node: Record<string, any>, indent: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'object') {
        lines.push(`${indent}${key}:`);
        walk(value, `${indent}  `);
      } else {
        lines.push(`${indent}${key}: ${/^(-?\d+(\.\d+)?|true|false)$/.test(value) ? value : JSON.stringify(value)}`);
      }
    }
  };
  walk(tree, '');
  return `${lines.join('\n')}\n`;
}

/** @internal */
export class MongodbEngine implements IDatabaseEngine {
  public readonly engineName = 'mongodb';

  public constructor(private readonly options: MongodbOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'mongodb', ['replicaSetName']);
    const port = ctx.port ?? 27017;
    const secret = credentialsSecret(ctx, options);
    const replicaSet = ctx.replicas > 1 ? (options.replicaSetName ?? 'rs0') : '';
    if (replicaSet !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(replicaSet)) {
      validate.fail(ctx.scope, 'engine replicaSetName', replicaSet, "is not a valid replica set name: use letters, digits, '_' and '-'");
    }
    const members = ctx.podDnsNames.map((dns) => `${dns}:${port}`);
    const mountPath = ctx.mountPath ?? '/data/db';
    // With tls, over TLS, not verified: over loopback, which the certificate does not name.
    const ping = (failureThreshold: number, tls = false) =>
      Probe.exec(['mongosh', '--quiet', '--port', String(port), ...(tls ? ['--tls', '--tlsAllowInvalidCertificates'] : []), '--eval', "db.adminCommand('ping')"], {
        failureThreshold,
        timeoutSeconds: 10,
      });
    const connectionString = (host: string, p: number, query = '') =>
      replicaSet ? `mongodb://${members.join(',')}/?replicaSet=${replicaSet}&authSource=admin${query}` : `mongodb://${host}:${p}/?authSource=admin${query}`;
    return {
      credentialsSecretName: secret,
      props: {
        image: `mongo:${tag(ctx.scope, options, '8.0')}`,
        port: 27017,
        portName: 'mongodb',
        appName: this.engineName,
        storage: { size: '10Gi', mountPath },
        command: scriptCommand('mongodb-start.sh'),
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/data/configdb'] },
        env: {
          ...POD_NAME_ENV,
          KP_PORT: EnvValue.fromValue(String(port)),
          KP_DATA_DIR: EnvValue.fromValue(mountPath),
          KP_SCRIPTS: EnvValue.fromValue(SCRIPTS_DIR),
          KP_REPLICA_SET: EnvValue.fromValue(replicaSet),
          KP_MEMBERS: EnvValue.fromValue(members.join(',')),
          KP_KEYFILE: EnvValue.fromValue('/etc/mongodb-keyfile/keyfile'),
          // The image's entrypoint reads the root user from the files on first initialization.
          MONGO_INITDB_ROOT_USERNAME_FILE: credentialsFile('username'),
          MONGO_INITDB_ROOT_PASSWORD_FILE: credentialsFile('password'),
        },
        readinessProbe: ping(3),
        livenessProbe: ping(6),
        startupProbe: ping(90),
        // Members must all run before the set can be initiated, so start them together. Parallel
        // at every size: podManagementPolicy is immutable, and scaling 1 -> 3 must stay an apply.
        podManagementPolicy: PodManagementPolicy.PARALLEL,
        terminationGracePeriodSeconds: 120,
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
      extraVolumes: [
        credentialsFiles(secret, ['username', 'password']),
        ...(replicaSet
          ? [
            {
              prop: 'engine (replica set key file)',
              volume: { name: 'keyfile', secret: { secretName: secret, items: [{ key: 'keyfile', path: 'keyfile' }], defaultMode: 0o400 } },
              mount: { name: 'keyfile', mountPath: '/etc/mongodb-keyfile', readOnly: true },
            },
          ]
          : []),
      ],
      // With tls, tls-stores.sh comes with the reload sidecar's scripts.
      scripts: ['mongodb-start.sh', 'mongodb-initiate.sh', 'mongodb-client.sh', 'pod-ordinal.sh'],
      roles: replicaSet ? 'pod-zero-primary' : 'single-primary',
      config: {
        describe: 'mongod configuration file options (dotted names such as storage.wiredTiger.engineConfig.cacheSizeGB), in a mongod.conf passed with --config',
        keyPattern: /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/,
        booleans: ['true', 'false'],
        owned: ['net.port', 'net.bindIp', 'net.bindIpAll', 'storage.dbPath', 'replication.replSetName', 'security.keyFile', 'security.authorization', 'processManagement.fork'],
        ownedPrefixes: ['systemLog.path'],
        tlsPrefixes: ['net.tls', 'net.ssl'],
        render: (settings) => ({
          args: ['--config', '/etc/kube-patterns/config/mongod.conf'],
          file: { key: 'mongod.conf', mountPath: '/etc/kube-patterns/config', content: mongodConf(settings) },
        }),
      },
      exporter: mongodbExporter(port, secret),
      initScriptExtensions: ['.sh', '.js'],
      // mongodump from the last member (a secondary while the set is healthy), with the oplog for
      // a point-in-time archive; mongorestore through the seed list, which finds the primary.
      logicalBackup: {
        engine: 'mongodb',
        user: { key: 'username' },
        fromReplica: true,
        ...(replicaSet ? { restoreHost: `${replicaSet}/${members.join(',')}` } : {}),
        env: { KP_REPLICA_SET: replicaSet },
      },
      dataDirectory: mountPath,
      // Members with TLS cannot replicate from members without it: adding or removing tls
      // restarts every member at once (see peer-authentication.ts).
      peerAuthentication: 'none',
      // The start script passes args to mongod after its own options.
      args: {
        kind: 'append',
        owned: [
          { pattern: /^--(dbpath|port|bind_ip|bind_ip_all|replSet|keyFile|auth)\b/, instead: 'the preset sets the data path (storage.mountPath), port, replica set and authentication' },
          { pattern: /^--(tls|ssl)/, instead: 'the preset sets TLS from the tls prop' },
        ],
      },
      connectionString,
      serveTls: (files) => ({
        // The start script writes the key and chain as one file, and the CAs, into the pod's
        // private /tmp; mongod serves TLS from them, and the members verify each other.
        env: {
          KP_TLS_DIR: EnvValue.fromValue(TLS_DIR),
          KP_STORES_DIR: EnvValue.fromValue(STORES_DIR),
          KP_TLS_MODE: EnvValue.fromValue(files.required ? 'requireTLS' : 'preferTLS'),
        },
        ca: true,
        // A member presents its certificate when it connects to another, which checks it as a
        // client's certificate.
        clientAuth: true,
        ownedConfig: [],
        peerAuthentication: 'tls',
        readinessProbe: ping(3, true),
        livenessProbe: ping(6, true),
        startupProbe: ping(90, true),
        exporter: mongodbExporter(port, secret, true),
        reload: {
          engine: 'mongodb',
          port,
          env: { KP_USER_FILE: credentialsFile('username'), KP_STORES_DIR: EnvValue.fromValue(STORES_DIR) },
          scripts: ['tls-stores.sh', 'mongodb-client.sh'],
          // mongosh is a Node.js program.
          resources: { requests: { cpu: '10m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        },
        connectionString: (host, p) => connectionString(host, p, '&tls=true'),
      }),
    };
  }
}
