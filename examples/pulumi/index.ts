/**
 * The example app as a Pulumi program: the same props as the cdk8s app (examples/shop.ts), so
 * `pulumi up` creates the same Kubernetes objects that `cdk8s synth` writes. The database
 * password comes from Pulumi config as a secret and becomes a Kubernetes Secret.
 *
 *   pulumi config set --secret dbPassword <password>
 *   pulumi up
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { StatefulDatabase, StatelessWeb } from '../../lib/pulumi';
import { ordersDb, SHOP_NAMESPACE, storefront } from '../shop';

const config = new pulumi.Config();

const namespace = new k8s.core.v1.Namespace('shop', { metadata: { name: SHOP_NAMESPACE } });

// The cdk8s app references an existing Secret; here Pulumi creates it from a secret config value.
const { POSTGRES_PASSWORD: _fromExistingSecret, ...plainEnv } = ordersDb.env ?? {};
const db = new StatefulDatabase(
  'orders-db',
  { ...ordersDb, env: plainEnv, namespace: SHOP_NAMESPACE, secretEnv: { POSTGRES_PASSWORD: config.requireSecret('dbPassword') } },
  { dependsOn: [namespace] },
);
const web = new StatelessWeb('storefront', { ...storefront, namespace: SHOP_NAMESPACE }, { dependsOn: [namespace] });

export const databaseHost = db.host;
export const databasePods = db.podDnsNames;
export const databasePort = db.port;
export const webHost = web.host;
export const webPort = web.port;
