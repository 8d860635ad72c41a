/**
 * The example app for cdk8s: a 3-replica PostgreSQL database and a 3-replica nginx web tier
 * sharing one ReadWriteMany volume, with a network policy that lets only the web tier reach the
 * database.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { StatefulDatabase, StatelessWeb } from '../lib';
import { ordersDb, SHOP_NAMESPACE, storefront } from './shop';

/** The example chart; exported so tests can synthesize it. */
export class ShopChart extends Chart {
  public readonly database: StatefulDatabase;
  public readonly web: StatelessWeb;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: SHOP_NAMESPACE, ...props });
    this.database = new StatefulDatabase(this, 'orders-db', ordersDb);
    this.web = new StatelessWeb(this, 'storefront', storefront);

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
