/**
 * The example app's props, shared by the cdk8s app (examples/app.ts) and the Pulumi program
 * (examples/pulumi/index.ts): the same props give the same Kubernetes objects.
 */
import { EnvValue, Probe, serviceHost, StatefulDatabaseProps, StatelessWebProps } from '../lib';

/** The namespace of the example app. */
export const SHOP_NAMESPACE = 'shop';

/** A 3-replica PostgreSQL (official image) with one 10Gi ReadWriteOnce claim per pod. */
export const ordersDb: StatefulDatabaseProps = {
  name: 'orders-db',
  image: 'postgres:16.4',
  port: 5432,
  portName: 'postgresql',
  replicas: 3,
  storage: { size: '10Gi', mountPath: '/var/lib/postgresql/data' },
  // The official image's postgres user is 999:999; its socket directory must be writable.
  securityContext: { runAsUser: 999, fsGroup: 999, writablePaths: ['/tmp', '/var/run/postgresql'] },
  env: {
    // A sub-directory of the mount, so initdb does not trip over the volume's lost+found.
    PGDATA: EnvValue.fromValue('/var/lib/postgresql/data/pgdata'),
    POSTGRES_PASSWORD: EnvValue.fromSecretKeyRef('orders-db-credentials', 'password'),
  },
  readinessProbe: Probe.exec(['pg_isready', '-h', '127.0.0.1', '-U', 'postgres']),
};

/** An nginx web tier, 3 to 10 replicas, sharing one ReadWriteMany volume for uploaded media. */
export const storefront: StatelessWebProps = {
  name: 'storefront',
  image: 'nginxinc/nginx-unprivileged:1.27',
  port: 8080,
  servicePort: 80,
  securityContext: { runAsUser: 101, writablePaths: ['/tmp'] },
  // Uploaded media, shared by every replica; the site itself comes from the image.
  sharedVolume: { size: '5Gi', mountPath: '/usr/share/nginx/html/media' },
  autoscaling: { minReplicas: 3, maxReplicas: 10 },
  readinessProbe: Probe.httpGet('/'),
  env: { DATABASE_HOST: EnvValue.fromValue(serviceHost('orders-db', SHOP_NAMESPACE, 'cluster.local')) },
};
