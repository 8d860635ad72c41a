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
import { NetworkPeer, StatefulDatabase, StatelessWeb } from '../../lib/pulumi';
import { NGINX_CONFIG, ordersDb, sessions, SHOP_HOST, SHOP_NAMESPACE, storefront } from '../shop';

const config = new pulumi.Config();

// retainOnDelete: `pulumi destroy` must not delete the namespace, because deleting a namespace
// deletes every PersistentVolumeClaim in it, and with them the databases' data. Destroy removes
// the workloads and Services; the claims (and this namespace) stay until you delete them.
const namespace = new k8s.core.v1.Namespace('shop', { metadata: { name: SHOP_NAMESPACE } }, { retainOnDelete: true });
const opts = { dependsOn: [namespace] };

// The nginx server block: the same name and data the web tier's volume hashes into its pods.
const nginxConfig = new k8s.core.v1.ConfigMap('storefront-nginx', { metadata: { name: NGINX_CONFIG.name, namespace: SHOP_NAMESPACE }, data: NGINX_CONFIG.data }, opts);
const web = new StatelessWeb('storefront', { ...storefront, namespace: SHOP_NAMESPACE }, { dependsOn: [namespace, nginxConfig] });
// Only the web tier may connect to the databases (their own pods still replicate, and the
// exporter's metrics port stays open to Prometheus).
const onlyWeb = { allowFrom: [NetworkPeer.pods(web)] };
const db = new StatefulDatabase('orders-db', { ...ordersDb, namespace: SHOP_NAMESPACE, networkPolicy: onlyWeb, credentials: { password: config.requireSecret('dbPassword') } }, opts);
const cache = new StatefulDatabase('sessions', { ...sessions, namespace: SHOP_NAMESPACE, networkPolicy: onlyWeb, credentials: { password: config.requireSecret('sessionsPassword') } }, opts);

// The public entry.
new k8s.networking.v1.Ingress(
  'shop',
  {
    metadata: { name: 'shop', namespace: SHOP_NAMESPACE },
    spec: { rules: [{ host: SHOP_HOST, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: web.serviceName, port: { number: web.port } } } }] } }] },
  },
  opts,
);
export const databaseUri = db.connectionString;
export const databaseHost = db.host;
export const sessionsPrimary = cache.primaryHost;
export const sessionsPods = cache.podDnsNames;
export const webHost = web.host;
export const webPort = web.port;
