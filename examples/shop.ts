/**
 * The example app's props, shared by the cdk8s app (examples/app.ts) and the Pulumi program
 * (examples/pulumi/index.ts): the same props give the same Kubernetes objects.
 *
 * A realistic shop, written with props alone (no JSON patch, no hand-written object): PostgreSQL
 * with a server setting, an init SQL script and a postgres_exporter sidecar scraped through a
 * PodMonitor; a replicated Redis; an nginx tier with its config from a ConfigMap, an init
 * container that waits for the database, a preStop delay, tolerations and a pull secret. The
 * app adds an Ingress and NetworkPolicies around them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseEngine, EnvValue, Probe, serviceHost, StatefulDatabaseProps, StatelessWebProps, TaintEffect, VolumeSource } from '../lib';

/** The namespace of the example app. */
export const SHOP_NAMESPACE = 'shop';

/** The registry credentials Secret every pod pulls with (create it with `kubectl create secret docker-registry regcred ...`). */
export const PULL_SECRET = 'regcred';

/** Nodes tainted `workload=shop:NoSchedule` are reserved for the shop; its pods tolerate that. */
const shopNodes = [{ key: 'workload', value: 'shop', effect: TaintEffect.NO_SCHEDULE }];

const host = (service: string) => serviceHost(service, SHOP_NAMESPACE, 'cluster.local');

/** The orders schema, created once when PostgreSQL initializes its data directory (shared with examples/python/). */
export const ORDERS_SCHEMA = readFileSync(join(__dirname, 'files', 'orders.sql'), 'utf8');

/**
 * Orders: PostgreSQL from the official image, one primary with a 20Gi ReadWriteOnce claim, one
 * server setting, the schema, and postgres_exporter beside it. The password is the `password`
 * key of the Secret `orders-db-credentials`.
 */
export const ordersDb: StatefulDatabaseProps = {
  name: 'orders-db',
  engine: DatabaseEngine.postgres({ version: '17' }),
  storage: { size: '20Gi' },
  config: { shared_buffers: '256MB', log_min_duration_statement: 500 },
  initScripts: { files: { '01-orders.sql': ORDERS_SCHEMA } },
  // Nightly pg_dumpall into orders-db-backups, two weeks kept.
  backup: { schedule: '0 3 * * *', keep: 14 },
  tolerations: shopNodes,
  imagePullSecrets: [PULL_SECRET],
  // The preset's exporter (postgres_exporter) as a sidecar, scraped through a PodMonitor.
  metrics: { interval: '30s', podMonitor: true },
};

/**
 * Sessions: Redis, 3 pods with a claim each; pod 0 is the primary, the others replicate it.
 * Its password is the `password` key of the Secret `sessions-credentials`.
 */
export const sessions: StatefulDatabaseProps = {
  name: 'sessions',
  engine: DatabaseEngine.redis(),
  replicas: 3,
  config: { maxmemory: '256mb', 'maxmemory-policy': 'allkeys-lru' },
  tolerations: shopNodes,
  imagePullSecrets: [PULL_SECRET],
};

/** The nginx site configuration; the cdk8s app and the Pulumi program create the ConfigMap from it (the file is shared with examples/python/). */
export const NGINX_CONFIG = {
  name: 'storefront-nginx',
  data: {
    'default.conf': readFileSync(join(__dirname, 'files', 'nginx-default.conf'), 'utf8'),
  },
};

/**
 * An nginx web tier, 3 to 10 replicas, sharing one ReadWriteMany volume for uploaded media, its
 * server block from the ConfigMap `storefront-nginx` (a content change rolls the pods), and an
 * init container that waits until the database accepts connections.
 */
export const storefront: StatelessWebProps = {
  name: 'storefront',
  image: 'nginxinc/nginx-unprivileged:1.27',
  port: 8080,
  servicePort: 80,
  securityContext: { runAsUser: 101, writablePaths: ['/tmp'] },
  // Uploaded media, shared by every replica; the site itself comes from the image.
  sharedVolume: { size: '5Gi', mountPath: '/usr/share/nginx/html/media' },
  volumes: [{ name: 'nginx-conf', source: VolumeSource.configMap(NGINX_CONFIG), mountPath: '/etc/nginx/conf.d' }],
  initContainers: [
    {
      name: 'wait-for-db',
      image: 'busybox:1.36',
      command: ['sh', '-c', `until nc -z -w 2 ${host('orders-db')} 5432; do echo waiting for orders-db; sleep 2; done`],
    },
  ],
  autoscaling: { minReplicas: 3, maxReplicas: 10 },
  readinessProbe: Probe.httpGet('/healthz'),
  // Leave the Service's endpoints before nginx stops accepting connections.
  preStop: { exec: ['sleep', '5'] },
  tolerations: shopNodes,
  imagePullSecrets: [PULL_SECRET],
  env: {
    DATABASE_HOST: EnvValue.fromValue(host('orders-db')),
    SESSIONS_HOST: EnvValue.fromValue(host('sessions-primary')),
  },
};

/** The public host name of the shop. */
export const SHOP_HOST = 'shop.example.com';
