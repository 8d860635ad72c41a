/**
 * The example app: a 3-replica PostgreSQL database and a 3-replica nginx web tier sharing one
 * ReadWriteMany volume, with a network policy that lets only the web tier reach the database.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EnvValue, Probe, StatefulDatabase, StatelessWeb } from '../lib';

/** The example chart; exported so tests can synthesize it. */
export class ShopChart extends Chart {
  public readonly database: StatefulDatabase;
  public readonly web: StatelessWeb;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    this.database = new StatefulDatabase(this, 'orders-db', {
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
    });

    this.web = new StatelessWeb(this, 'storefront', {
      image: 'nginxinc/nginx-unprivileged:1.27',
      port: 8080,
      servicePort: 80,
      securityContext: { runAsUser: 101, writablePaths: ['/tmp'] },
      // Uploaded media, shared by every replica; the site itself comes from the image.
      sharedVolume: { size: '5Gi', mountPath: '/usr/share/nginx/html/media' },
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      readinessProbe: Probe.httpGet('/'),
      env: { DATABASE_HOST: EnvValue.fromValue(this.database.host) },
    });

    // cdk8s-plus interop: only the web tier may open connections to the database port.
    new kplus.NetworkPolicy(this, 'orders-db-ingress', {
      selector: this.database,
      ingress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [{ peer: this.web, ports: [kplus.NetworkPolicyPort.tcp(this.database.port)] }],
      },
    });
  }
}

/** Builds the example app. */
export function buildApp(): App {
  const app = new App();
  new ShopChart(app, 'shop');
  return app;
}
