/**
 * The example app for cdk8s: a PostgreSQL database with its exporter, a 3-replica Redis (primary
 * and replicas), and a 3-to-10-replica nginx web tier sharing one ReadWriteMany volume, behind an
 * Ingress; each database's NetworkPolicy admits only the web tier as a client.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NetworkPeer, StatefulDatabase, StatelessWeb } from '../lib';
import { NGINX_CONFIG, ordersDb, sessions, SHOP_HOST, SHOP_NAMESPACE, storefront } from './shop';

/** The example chart; exported so tests can synthesize it. */
export class ShopChart extends Chart {
  public readonly database: StatefulDatabase;
  public readonly sessions: StatefulDatabase;
  public readonly web: StatelessWeb;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: SHOP_NAMESPACE, ...props });
    // The nginx server block: the same name and data the web tier's volume hashes into its pods.
    new kplus.ConfigMap(this, 'nginx-config', { metadata: { name: NGINX_CONFIG.name }, data: NGINX_CONFIG.data });
    this.web = new StatelessWeb(this, 'storefront', storefront);
    // Only the web tier may connect to the databases (their own pods still replicate, and the
    // exporter's metrics port stays open to Prometheus).
    const onlyWeb = { allowFrom: [NetworkPeer.pods(this.web)] };
    this.database = new StatefulDatabase(this, 'orders-db', { ...ordersDb, networkPolicy: onlyWeb });
    this.sessions = new StatefulDatabase(this, 'sessions', { ...sessions, networkPolicy: onlyWeb });

    // cdk8s-plus interop: the public entry...
    new kplus.Ingress(this, 'ingress', { metadata: { name: 'shop' }, rules: [{ host: SHOP_HOST, backend: this.web.ingressBackend() }] });
  }
}

/** Builds the example app. */
export function buildApp(): App {
  const app = new App();
  new ShopChart(app, 'shop');
  return app;
}
