/**
 * The lifecycle program of `test:pulumi`: two StatefulDatabases in a namespace given as an
 * `Output` (the Namespace resource's name), driven by stack config so that each test step is a
 * second `pulumi up` with one prop changed.
 *
 * Config: namespace, image, replicas, size (of `db`), withCache (keep the `cache` component).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { StatefulDatabase, StatefulSetDeletion } from '../../../lib/pulumi';

const config = new pulumi.Config();
// retainOnDelete: destroying the stack must not delete the namespace, and the claims with it.
const namespace = new k8s.core.v1.Namespace('ns', { metadata: { name: config.require('namespace') } }, { retainOnDelete: true });

const db = new StatefulDatabase('db', {
  namespace: namespace.metadata.name,
  image: config.require('image'),
  port: 5432,
  replicas: config.requireNumber('replicas'),
  storage: { size: config.require('size'), mountPath: '/data', storageClassName: 'expandable' },
});

// Removed from the program (withCache=false) while the stack stays; deleted with foreground
// propagation, so its pods go with it.
const cache =
  config.getBoolean('withCache') !== false
    ? new StatefulDatabase('cache', {
        namespace: namespace.metadata.name,
        image: 'registry.example.com/cache:1',
        port: 6379,
        replicas: 2,
        storage: { size: '1Gi', mountPath: '/data', storageClassName: 'expandable' },
        statefulSetDeletion: StatefulSetDeletion.FOREGROUND,
      })
    : undefined;

export const dbPods = db.podDnsNames;
export const dbHost = db.host;
export const cacheHost = cache?.host;
