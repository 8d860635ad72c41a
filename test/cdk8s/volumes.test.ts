/**
 * Pod volumes and envFrom: what is mounted where, the content checksum that rolls the pods, the
 * cdk8s-plus ConfigMap interop, and one test per bad input.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DatabaseEngine, StatefulDatabase, StatelessWeb, StatelessWebProps, VolumeSource } from '../../lib';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, KubeObject, synthOne, validationMessage } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';
import { schemaErrors } from '../support/schema';

const web: StatelessWebProps = { image: 'nginxinc/nginx-unprivileged:1.27', port: 8080 };
const CHECKSUM = 'kube-patterns.io/config-sha256';

const synthWeb = (props: StatelessWebProps, configure?: (chart: Chart) => Partial<StatelessWebProps>) =>
  synthOne((chart) => new StatelessWeb(chart, 'web', { ...props, ...configure?.(chart) }));
const podOf = (objects: KubeObject[]) => find(objects, 'Deployment', 'web').spec.template;
const webError = (props: Partial<StatelessWebProps>) => validationMessage(() => synthWeb({ ...web, ...props }));

/** An nginx site from a cdk8s-plus ConfigMap, mounted as one file. */
const withSite = (conf: string) => (chart: Chart): Partial<StatelessWebProps> => {
  const site = new kplus.ConfigMap(chart, 'site', { metadata: { name: 'web-site' }, data: { 'default.conf': conf } });
  return {
    volumes: [
      { name: 'site', source: VolumeSource.configMap(site, { items: [{ key: 'default.conf', path: 'default.conf' }] }), mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'default.conf' },
      { name: 'tls', source: VolumeSource.secret('web-tls', { defaultMode: 0o440 }), mountPath: '/etc/nginx/tls' },
      { name: 'cache', source: VolumeSource.emptyDir({ medium: 'Memory', sizeLimit: '64Mi' }), mountPath: '/var/cache/nginx' },
      { name: 'media', source: VolumeSource.persistentVolumeClaim('media', { readOnly: true }), mountPath: '/srv/media' },
      {
        name: 'identity',
        source: VolumeSource.projected([
          { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } },
          { downwardAPI: [{ path: 'labels', fieldPath: 'metadata.labels' }] },
        ]),
        mountPath: '/var/run/identity',
      },
    ],
    envFrom: [{ configMap: 'web-settings', prefix: 'APP_' }, { secret: { name: 'web-keys', data: { API_KEY: 'k' } }, optional: true }],
  };
};

describe('volumes and envFrom', () => {
  const objects = synthWeb(web, withSite('server { listen 8080; }'));
  const template = podOf(objects);
  const container = template.spec.containers[0];

  test('schema-valid, strictly, and still restricted', () => {
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(template.spec)).toEqual([]);
  });

  test('each volume is in the pod, mounted where asked; ConfigMaps, Secrets and projected volumes read-only', () => {
    expect(template.spec.volumes).toEqual(
      expect.arrayContaining([
        { name: 'site', configMap: { name: 'web-site', items: [{ key: 'default.conf', path: 'default.conf' }] } },
        { name: 'tls', secret: { secretName: 'web-tls', defaultMode: 0o440 } },
        { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        { name: 'media', persistentVolumeClaim: { claimName: 'media', readOnly: true } },
        {
          name: 'identity',
          projected: {
            sources: [
              { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } },
              { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
            ],
          },
        },
      ]),
    );
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'site', mountPath: '/etc/nginx/conf.d/default.conf', readOnly: true, subPath: 'default.conf' },
        { name: 'tls', mountPath: '/etc/nginx/tls', readOnly: true },
        { name: 'cache', mountPath: '/var/cache/nginx' },
        { name: 'media', mountPath: '/srv/media', readOnly: true },
        { name: 'identity', mountPath: '/var/run/identity', readOnly: true },
      ]),
    );
  });

  test('envFrom keeps its order, prefix and optional flag', () => {
    expect(container.envFrom).toEqual([{ prefix: 'APP_', configMapRef: { name: 'web-settings' } }, { secretRef: { name: 'web-keys', optional: true } }]);
  });

  test('a change of the ConfigMap content changes the checksum annotation (the pods roll); the same content gives the same one', () => {
    const checksum = template.metadata.annotations[CHECKSUM];
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(podOf(synthWeb(web, withSite('server { listen 8080; }'))).metadata.annotations[CHECKSUM]).toBe(checksum);
    expect(podOf(synthWeb(web, withSite('server { listen 8080; gzip on; }'))).metadata.annotations[CHECKSUM]).not.toBe(checksum);
  });

  test('objects given by name only are not hashed: no annotation', () => {
    const plain = podOf(synthWeb({ ...web, volumes: [{ name: 'conf', source: VolumeSource.configMap('conf'), mountPath: '/etc/app' }] }));
    expect(plain.metadata.annotations[CHECKSUM]).toBeUndefined();
  });

  test('a volume without mountPath is in the pod but not in the main container', () => {
    const template2 = podOf(synthWeb({ ...web, volumes: [{ name: 'extra', source: VolumeSource.emptyDir() }] }));
    expect(template2.spec.volumes).toContainEqual({ name: 'extra', emptyDir: {} });
    expect(template2.spec.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain('extra');
  });

  test('a database volume may not sit inside the data volume', () => {
    const chart = new Chart(Testing.app(), 'app');
    expect(() =>
      new StatefulDatabase(chart, 'db', {
        engine: DatabaseEngine.postgres(),
        volumes: [{ name: 'conf', source: VolumeSource.configMap('pg-conf'), mountPath: '/var/lib/postgresql/conf' }],
      }),
    ).toThrow("[app/db] volume 'conf' '/var/lib/postgresql/conf' is inside the data volume mounted at /var/lib/postgresql; a volume there would hide that part of the data (an emptyDir starts empty with every pod), so choose a path outside /var/lib/postgresql");
  });
});

describe('bad volumes', () => {
  test.each<[string, Partial<StatelessWebProps>, string]>([
    ['a duplicate name', { volumes: [{ name: 'a', source: VolumeSource.emptyDir() }, { name: 'a', source: VolumeSource.emptyDir() }] }, "volumes[1].name 'a' is used by another volume; volume names are unique in a pod"],
    [
      'a reserved name',
      { volumes: [{ name: 'writable-x', source: VolumeSource.emptyDir() }] },
      "volumes[0].name 'writable-x' is a volume name the pattern uses itself (scripts, dshm, keyfile, shared, writable-*); choose another",
    ],
    ['a source that is not a VolumeSource', { volumes: [{ name: 'a', source: { configMap: 'x' } as unknown as VolumeSource }] }, 'volumes[0].source {"configMap":"x"} is not a VolumeSource; use VolumeSource.configMap(), .secret(), .persistentVolumeClaim(), .emptyDir() or .projected()'],
    ['a mount path already used', { volumes: [{ name: 'a', source: VolumeSource.emptyDir(), mountPath: '/tmp' }] }, "volumes[0].mountPath '/tmp' is already mounted by securityContext.writablePaths; a container cannot mount two volumes at one path"],
    ['a subPath with ..', { volumes: [{ name: 'a', source: VolumeSource.configMap('c'), mountPath: '/etc/a', subPath: '../x' }] }, "volumes[0].subPath '../x' is not a relative path without '..', e.g. 'nginx.conf' or 'conf.d/site.conf'"],
    ['readOnly without mountPath', { volumes: [{ name: 'a', source: VolumeSource.emptyDir(), readOnly: true }] }, 'volumes[0].mountPath undefined is required with readOnly or subPath'],
    ['a file mode above 0o777', { volumes: [{ name: 'a', source: VolumeSource.secret('s', { defaultMode: 0o1777 }), mountPath: '/s' }] }, 'volumes[0].source defaultMode 1023 is not an integer from 0 to 511 (file mode bits, 0 to 0o777, e.g. 0o440)'],
    ["a medium that is not 'Memory'", { volumes: [{ name: 'a', source: VolumeSource.emptyDir({ medium: 'HugePages' as 'Memory' }), mountPath: '/a' }] }, "volumes[0].source medium 'HugePages' is not 'Memory'; leave it out for the node's disk"],
    [
      'a token that expires within 10 minutes',
      { volumes: [{ name: 'a', source: VolumeSource.projected([{ serviceAccountToken: { path: 't', expirationSeconds: 60 } }]), mountPath: '/a' }] },
      'volumes[0].source sources[0].serviceAccountToken.expirationSeconds 60 is not an integer from 600 to 9007199254740991 (seconds, at least 600)',
    ],
    ['envFrom with both sources', { envFrom: [{ configMap: 'a', secret: 'b' }] }, 'envFrom[0] {"configMap":"a","secret":"b"} must have exactly one of configMap and secret'],
    ['envFrom with a bad prefix', { envFrom: [{ configMap: 'a', prefix: '1X' }] }, "envFrom[0].prefix '1X' is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit"],
  ])('%s', (_name, props, message) => {
    expect(webError(props)).toBe(message);
  });
});
