/**
 * The example app as a Pulumi program: the same props as the cdk8s app (examples/shop.ts), so
 * `pulumi up` creates the same Kubernetes objects that `cdk8s synth` writes, plus the databases'
 * credentials Secrets, made from Pulumi secret config:
 *
 *   pulumi config set --secret dbPassword <password>
 *   pulumi config set --secret sessionsPassword <password>
 *   pulumi up
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { StatefulDatabase, StatelessWeb } from '../../lib/pulumi';
import { ordersDb, sessions, SHOP_NAMESPACE, storefront } from '../shop';

const config = new pulumi.Config();

const namespace = new k8s.core.v1.Namespace('shop', { metadata: { name: SHOP_NAMESPACE } });
const opts = { dependsOn: [namespace] };

const db = new StatefulDatabase('orders-db', { ...ordersDb, namespace: SHOP_NAMESPACE, credentials: { password: config.requireSecret('dbPassword') } }, opts);
const cache = new StatefulDatabase('sessions', { ...sessions, namespace: SHOP_NAMESPACE, credentials: { password: config.requireSecret('sessionsPassword') } }, opts);
const web = new StatelessWeb('storefront', { ...storefront, namespace: SHOP_NAMESPACE }, opts);

export const databaseUri = db.connectionString;
export const databaseHost = db.host;
export const sessionsPrimary = cache.primaryHost;
export const sessionsPods = cache.podDnsNames;
export const webHost = web.host;
export const webPort = web.port;
