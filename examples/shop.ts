/**
 * The example app's props, shared by the cdk8s app (examples/app.ts) and the Pulumi program
 * (examples/pulumi/index.ts): the same props give the same Kubernetes objects.
 */
import { DatabaseEngine, EnvValue, Probe, serviceHost, StatefulDatabaseProps, StatelessWebProps } from '../lib';

/** The namespace of the example app. */
export const SHOP_NAMESPACE = 'shop';

/**
 * Orders: PostgreSQL from the official image, one primary with a 20Gi ReadWriteOnce claim.
 * Its password is the `password` key of the Secret `orders-db-credentials`.
 */
export const ordersDb: StatefulDatabaseProps = {
  name: 'orders-db',
  engine: DatabaseEngine.postgres({ version: '17' }),
  storage: { size: '20Gi' },
};

/**
 * Sessions: Redis, 3 pods with a claim each; pod 0 is the primary, the others replicate it.
 * Its password is the `password` key of the Secret `sessions-credentials`.
 */
export const sessions: StatefulDatabaseProps = {
  name: 'sessions',
  engine: DatabaseEngine.redis(),
  replicas: 3,
};

const host = (service: string) => serviceHost(service, SHOP_NAMESPACE, 'cluster.local');

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
  env: {
    DATABASE_HOST: EnvValue.fromValue(host('orders-db')),
    SESSIONS_HOST: EnvValue.fromValue(host('sessions-primary')),
  },
};
