/**
 * The user's pod volumes: ConfigMaps, Secrets, existing claims, scratch space and projected
 * volumes, each mounted where the user says. When a ConfigMap or Secret is given as an object
 * whose content is known at synth (a cdk8s-plus `ConfigMap`/`Secret`, or `{ name, data }`), its
 * content hash becomes a pod annotation, so a change of content rolls the pods.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
import { createHash } from 'node:crypto';
import type { KeyToPath, Volume, VolumeProjection } from 'kubernetes-types/core/v1';
import { definedOnly } from './util';
import * as validate from './validate';
import type { PodVolume } from './workload';

/**
 * A ConfigMap or Secret whose content kube-patterns can hash: a cdk8s-plus `ConfigMap` or
 * `Secret` (any construct with a `name` whose default child is its `ApiObject`), or a plain
 * `{ name, data }` holding the same data you give the object you create (for example in a Pulumi
 * program).
 */
export interface IConfigSource {
  /** `metadata.name` of the ConfigMap or Secret. */
  readonly name: string;
  /**
   * The content, by key, when the object is not a construct.
   * @default - read from the construct's `ApiObject`, if any
   */
  readonly data?: { readonly [key: string]: string };
  /**
   * The construct node (cdk8s): its default child's `toJson()` gives `data`, `binaryData` and
   * `stringData`, which are hashed.
   * @default - none
   */
  readonly node?: IConfigSourceNode;
}

/** The part of a construct's node that `IConfigSource` reads (a `constructs` `Node`). */
export interface IConfigSourceNode {
  /** The construct's `ApiObject`, whose `toJson()` gives the object. */
  readonly defaultChild?: unknown;
}

/** Options of `VolumeSource.emptyDir`. */
export interface EmptyDirOptions {
  /**
   * `Memory` for a tmpfs, counted against the container's memory limit.
   * @throws ValidationError (at synth) for anything but `Memory`
   * @default - the node's disk
   */
  readonly medium?: string;
  /**
   * The size over which the pod is evicted, a quantity in bytes such as `64Mi`.
   * @default - no limit
   */
  readonly sizeLimit?: string;
}

/** Options of `VolumeSource.projected`. */
export interface ProjectedVolumeOptions {
  /**
   * The files' mode, e.g. `0o440`.
   * @default 0o644
   */
  readonly defaultMode?: number;
}

/** Options of `VolumeSource.persistentVolumeClaim`. */
export interface ClaimVolumeOptions {
  /**
   * Mount the claim read-only (`persistentVolumeClaim.readOnly`).
   * @default false
   */
  readonly readOnly?: boolean;
}

/** One key of a ConfigMap or Secret, projected to a file. */
export interface KeyToPathProps {
  /** The key. */
  readonly key: string;
  /** The file's path, relative to the mount (no `..`). */
  readonly path: string;
}

/** Options of a ConfigMap or Secret volume. */
export interface ConfigVolumeOptions {
  /**
   * Only these keys, at these paths.
   * @default - every key, as a file named after it
   */
  readonly items?: KeyToPathProps[];
  /**
   * File mode bits of the files, 0 to 0o777 (e.g. `0o440`).
   * @default - Kubernetes' 0o644
   */
  readonly defaultMode?: number;
  /**
   * Whether the pod may start without the object.
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * A source of a projected volume: exactly one of `configMap`, `secret` (each with `items`
 * optionally), `serviceAccountToken` and `downwardAPI`.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/
 * @throws ValidationError (at synth) unless exactly one source is given, or for `items` beside
 *   `serviceAccountToken` or `downwardAPI`
 */
export interface ProjectedSourceProps {
  /**
   * A ConfigMap's keys, by name or object (whose content is hashed into a pod annotation).
   * @default - not a ConfigMap
   */
  readonly configMap?: string | IConfigSource;
  /**
   * A Secret's keys, by name or object (whose content is hashed into a pod annotation).
   * @default - not a Secret
   */
  readonly secret?: string | IConfigSource;
  /**
   * With `configMap` or `secret`: only these keys, at these paths.
   * @default - every key, at its own name
   */
  readonly items?: KeyToPathProps[];
  /**
   * A bound ServiceAccount token, renewed by the kubelet.
   * @default - not a token
   */
  readonly serviceAccountToken?: ServiceAccountTokenProjectionProps;
  /**
   * Pod fields as files (`metadata.name`, `metadata.labels`...).
   * @default - no pod fields
   */
  readonly downwardAPI?: DownwardApiFileProps[];
}

/**
 * A bound ServiceAccount token in a projected volume.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 */
export interface ServiceAccountTokenProjectionProps {
  /** The file's path, relative to the mount. */
  readonly path: string;
  /**
   * The audience the token is for.
   * @default - the API server's
   */
  readonly audience?: string;
  /**
   * How long the token is valid, in seconds (at least 600).
   * @default 3600
   */
  readonly expirationSeconds?: number;
}

/**
 * A pod field as a file in a projected volume (`downwardAPI.items[]`).
 * @see https://kubernetes.io/docs/concepts/workloads/pods/downward-api/
 */
export interface DownwardApiFileProps {
  /** The file's path, relative to the mount. */
  readonly path: string;
  /** `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations`, or `metadata.labels['<key>']`. */
  readonly fieldPath: string;
}

/**
 * Where a pod volume comes from. Create one with the static factories.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#volume-types
 */
export class VolumeSource {
  /**
   * The keys of a ConfigMap, as files (read-only).
   * @param configMap its name, or the object (its content is hashed into a pod annotation)
   */
  public static configMap(configMap: string | IConfigSource, options: ConfigVolumeOptions = {}): VolumeSource {
    return new VolumeSource('configMap', { source: configMap, options });
  }

  /**
   * The keys of a Secret, as files (read-only).
   * @param secret its name, or the object (its content is hashed into a pod annotation)
   */
  public static secret(secret: string | IConfigSource, options: ConfigVolumeOptions = {}): VolumeSource {
    return new VolumeSource('secret', { source: secret, options });
  }

  /**
   * An existing PersistentVolumeClaim.
   * @param claimName the claim's name
   */
  public static persistentVolumeClaim(claimName: string, options: ClaimVolumeOptions = {}): VolumeSource {
    return new VolumeSource('persistentVolumeClaim', { claimName, options });
  }

  /**
   * Scratch space that lives as long as the pod.
   * @param options `medium: 'Memory'` for a tmpfs (counted against the memory limit), and a
   *   `sizeLimit` in bytes (`64Mi`) over which the pod is evicted
   */
  public static emptyDir(options: EmptyDirOptions = {}): VolumeSource {
    return new VolumeSource('emptyDir', { options });
  }

  /**
   * Several sources in one directory (ConfigMaps, Secrets, a bound ServiceAccount token, pod fields).
   * @param sources what to project
   */
  public static projected(sources: ProjectedSourceProps[], options: ProjectedVolumeOptions = {}): VolumeSource {
    return new VolumeSource('projected', { sources, options });
  }

  private constructor(
    private readonly sourceKind: 'configMap' | 'secret' | 'persistentVolumeClaim' | 'emptyDir' | 'projected',
    private readonly spec: Record<string, any>,
  ) {}

  /** The kind of source: `configMap`, `secret`, `persistentVolumeClaim`, `emptyDir` or `projected` (the Volume field it fills). */
  public get kind(): string {
    return this.sourceKind;
  }

  /**
   * The volume, validated, and the content hashes of the objects it reads.
   * @internal
   */
  public _render(scope: string, prop: string, name: string): { volume: Volume; hashes: string[]; readOnlyByDefault: boolean } {
    const hashes: string[] = [];
    const options = validate.object(scope, `${prop} options`, this.spec.options);
    switch (this.sourceKind) {
      case 'configMap':
      case 'secret': {
        validate.knownKeys(scope, `${prop} options`, options, ['items', 'defaultMode', 'optional']);
        const ref = configRef(scope, `${prop} ${this.sourceKind}`, this.spec.source, this.sourceKind, hashes);
        const common = definedOnly({
          items: options.items === undefined ? undefined : keyPaths(scope, `${prop} items`, options.items),
          defaultMode: options.defaultMode === undefined ? undefined : fileMode(scope, `${prop} defaultMode`, options.defaultMode),
          optional: options.optional === undefined ? undefined : validate.boolean(scope, `${prop} optional`, options.optional),
        });
        const volume: Volume = this.sourceKind === 'configMap' ? { name, configMap: { name: ref, ...common } } : { name, secret: { secretName: ref, ...common } };
        return { volume, hashes, readOnlyByDefault: true };
      }
      case 'persistentVolumeClaim': {
        validate.knownKeys(scope, `${prop} options`, options, ['readOnly']);
        const claimName = validate.dns1123Subdomain(scope, `${prop} claimName`, this.spec.claimName);
        const readOnly = options.readOnly === undefined ? undefined : validate.boolean(scope, `${prop} readOnly`, options.readOnly);
        return { volume: { name, persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly } : {}) } }, hashes, readOnlyByDefault: readOnly ?? false };
      }
      case 'emptyDir': {
        validate.knownKeys(scope, `${prop} options`, options, ['medium', 'sizeLimit']);
        if (options.medium !== undefined && options.medium !== 'Memory') {
          validate.fail(scope, `${prop} medium`, options.medium, "is not 'Memory'; leave it out for the node's disk");
        }
        const sizeLimit = options.sizeLimit === undefined ? undefined : validate.positiveQuantity(scope, `${prop} sizeLimit`, options.sizeLimit);
        return { volume: { name, emptyDir: definedOnly({ medium: options.medium, sizeLimit }) }, hashes, readOnlyByDefault: false };
      }
      case 'projected': {
        validate.knownKeys(scope, `${prop} options`, options, ['defaultMode']);
        const sources = this.spec.sources;
        if (!Array.isArray(sources) || sources.length === 0) {
          validate.fail(scope, `${prop} sources`, sources, 'must list at least one source');
        }
        const projected: VolumeProjection[] = sources.map((source: any, i: number) => projection(scope, `${prop} sources[${i}]`, source, hashes));
        const defaultMode = options.defaultMode === undefined ? undefined : fileMode(scope, `${prop} defaultMode`, options.defaultMode);
        return { volume: { name, projected: { sources: projected, ...(defaultMode === undefined ? {} : { defaultMode }) } }, hashes, readOnlyByDefault: true };
      }
    }
  }
}

/**
 * One pod volume and where the main container mounts it. Init containers and sidecars mount it
 * by `name`.
 */
export interface PodVolumeProps {
  /** The volume's name, a DNS-1123 label unique in the pod. */
  readonly name: string;
  /** Where it comes from. */
  readonly source: VolumeSource;
  /**
   * Where the main container mounts it, an absolute path.
   * @default - not mounted in the main container (only in the containers that name it)
   */
  readonly mountPath?: string;
  /**
   * Mount it read-only.
   * @default - true for ConfigMaps, Secrets and projected volumes (the kubelet mounts them
   *   read-only anyway); false for claims and emptyDirs
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this path inside the volume (relative, no `..`). A subPath mount of a ConfigMap
   * or Secret is not updated when the object changes.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** Volume names the patterns use themselves. */
const RESERVED_VOLUME_NAMES = ['scripts', 'dshm', 'keyfile', 'shared'];

/**
 * The user's volumes, validated: the pod volumes to add (with the main container's mounts) and
 * the content hashes they read.
 * @throws ValidationError for a malformed source, a duplicate or reserved name, or a bad mount
 * @internal
 */
export function resolveVolumes(scope: string, given: readonly PodVolumeProps[] | undefined, reserved: readonly string[]): { podVolumes: PodVolume[]; mountOnly: Volume[]; names: Set<string>; hashes: string[] } {
  const podVolumes: PodVolume[] = [];
  const mountOnly: Volume[] = [];
  const names = new Set<string>();
  const hashes: string[] = [];
  validate.list(scope, 'volumes', given).forEach((v, i) => {
    const prop = `volumes[${i}]`;
    validate.record(scope, prop, v);
    validate.knownKeys(scope, prop, v, ['name', 'source', 'mountPath', 'readOnly', 'subPath']);
    const name = validate.dns1123Label(scope, `${prop}.name`, v.name);
    if (names.has(name)) validate.fail(scope, `${prop}.name`, name, 'is used by another volume; volume names are unique in a pod');
    if ([...RESERVED_VOLUME_NAMES, ...reserved].includes(name) || name.startsWith('writable-')) {
      validate.fail(scope, `${prop}.name`, name, `is a volume name the pattern uses itself (${[...RESERVED_VOLUME_NAMES, ...reserved].join(', ')}, writable-*); choose another`);
    }
    names.add(name);
    if (!(v.source instanceof VolumeSource)) {
      validate.fail(scope, `${prop}.source`, v.source, 'is not a VolumeSource; use VolumeSource.configMap(), .secret(), .persistentVolumeClaim(), .emptyDir() or .projected()');
    }
    const rendered = v.source._render(scope, `${prop}.source`, name);
    hashes.push(...rendered.hashes);
    if (v.mountPath === undefined) {
      if (v.readOnly !== undefined || v.subPath !== undefined) validate.fail(scope, `${prop}.mountPath`, v.mountPath, 'is required with readOnly or subPath');
      mountOnly.push(rendered.volume);
      return;
    }
    const mountPath = validate.mountPath(scope, `${prop}.mountPath`, v.mountPath);
    const readOnly = validate.boolean(scope, `${prop}.readOnly`, v.readOnly ?? rendered.readOnlyByDefault);
    const subPath = v.subPath === undefined ? undefined : relativePath(scope, `${prop}.subPath`, v.subPath);
    podVolumes.push({ prop: `${prop}.mountPath`, volume: rendered.volume, mount: { name, mountPath, ...(readOnly ? { readOnly } : {}), ...(subPath === undefined ? {} : { subPath }) } });
  });
  return { podVolumes, mountOnly, names, hashes };
}

/**
 * The SHA-256 of content hashes, for the pod annotation that rolls the pods when content changes.
 * @internal
 */
export function combinedHash(hashes: readonly string[]): string {
  const hash = createHash('sha256');
  for (const h of [...hashes].sort()) hash.update(h).update('\0');
  return hash.digest('hex');
}

/**
 * The name of a ConfigMap or Secret reference, recording its content hash when it has content.
 * @internal
 */
export function configRef(scope: string, prop: string, source: string | IConfigSource, kind: 'configMap' | 'secret', hashes: string[]): string {
  if (typeof source === 'string') {
    return validate.dns1123Subdomain(scope, `${prop} name`, source);
  }
  validate.record(scope, prop, source);
  const name = validate.dns1123Subdomain(scope, `${prop} name`, source.name);
  const content = contentOf(scope, prop, source);
  if (content !== undefined) {
    hashes.push(createHash('sha256').update(`${kind}\0${name}\0`).update(stableJson(content)).digest('hex'));
  }
  return name;
}

function contentOf(scope: string, prop: string, source: IConfigSource): unknown {
  const child = source.node?.defaultChild as { toJson?: () => unknown } | undefined;
  if (child !== undefined && typeof child?.toJson === 'function') {
    const json = child.toJson() as Record<string, unknown>;
    return { data: json.data, binaryData: json.binaryData, stringData: json.stringData };
  }
  if (source.data !== undefined) {
    for (const [key, value] of Object.entries(validate.object(scope, `${prop} data`, source.data))) {
      if (typeof value !== 'string') validate.fail(scope, `${prop} data['${key}']`, value, 'is not a string');
    }
    return source.data;
  }
  return undefined;
}

function projection(scope: string, prop: string, source: any, hashes: string[]): VolumeProjection {
  validate.record(scope, prop, source);
  const kinds = ['configMap', 'secret', 'serviceAccountToken', 'downwardAPI'].filter((k) => source[k] !== undefined);
  if (kinds.length !== 1) validate.fail(scope, prop, source, 'must have exactly one of configMap, secret, serviceAccountToken and downwardAPI');
  const items = source.items === undefined ? undefined : keyPaths(scope, `${prop}.items`, source.items);
  switch (kinds[0]) {
    case 'configMap':
      validate.knownKeys(scope, prop, source, ['configMap', 'items']);
      return { configMap: { name: configRef(scope, `${prop}.configMap`, source.configMap, 'configMap', hashes), ...(items ? { items } : {}) } };
    case 'secret':
      validate.knownKeys(scope, prop, source, ['secret', 'items']);
      return { secret: { name: configRef(scope, `${prop}.secret`, source.secret, 'secret', hashes), ...(items ? { items } : {}) } };
    case 'serviceAccountToken': {
      validate.knownKeys(scope, prop, source, ['serviceAccountToken']);
      const t = validate.record(scope, `${prop}.serviceAccountToken`, source.serviceAccountToken);
      validate.knownKeys(scope, `${prop}.serviceAccountToken`, t, ['path', 'audience', 'expirationSeconds']);
      return {
        serviceAccountToken: definedOnly({
          path: relativePath(scope, `${prop}.serviceAccountToken.path`, t.path),
          audience: t.audience === undefined ? undefined : validate.stringList(scope, `${prop}.serviceAccountToken.audience`, [t.audience])[0],
          // The API server refuses less than 10 minutes.
          expirationSeconds: t.expirationSeconds === undefined ? undefined : validate.integer(scope, `${prop}.serviceAccountToken.expirationSeconds`, t.expirationSeconds, 600, Number.MAX_SAFE_INTEGER, ' (seconds, at least 600)'),
        }) as VolumeProjection['serviceAccountToken'],
      };
    }
    default: {
      validate.knownKeys(scope, prop, source, ['downwardAPI']);
      const list = source.downwardAPI;
      if (!Array.isArray(list) || list.length === 0) validate.fail(scope, `${prop}.downwardAPI`, list, 'must list at least one { path, fieldPath }');
      return {
        downwardAPI: {
          items: list.map((item: any, i: number) => {
            const p = `${prop}.downwardAPI[${i}]`;
            validate.record(scope, p, item);
            validate.knownKeys(scope, p, item, ['path', 'fieldPath']);
            if (!/^(metadata\.(name|namespace|uid|labels|annotations)|metadata\.(labels|annotations)\['[^'\]]+'\])$/.test(String(item.fieldPath))) {
              validate.fail(scope, `${p}.fieldPath`, item.fieldPath, "is not a pod field a volume can project: metadata.name, metadata.namespace, metadata.uid, metadata.labels, metadata.annotations, or metadata.labels['<key>']");
            }
            return { path: relativePath(scope, `${p}.path`, item.path), fieldRef: { fieldPath: item.fieldPath } };
          }),
        },
      };
    }
  }
}

function keyPaths(scope: string, prop: string, items: readonly KeyToPathProps[]): KeyToPath[] {
  if (!Array.isArray(items) || items.length === 0) validate.fail(scope, prop, items, 'must list at least one { key, path }');
  return items.map((item, i) => {
    validate.record(scope, `${prop}[${i}]`, item);
    validate.knownKeys(scope, `${prop}[${i}]`, item, ['key', 'path']);
    if (!validate.isDataKey(item.key)) {
      validate.fail(scope, `${prop}[${i}].key`, item.key, "is not a valid key: use 1 to 253 letters, digits, '-', '_' and '.'");
    }
    return { key: item.key, path: relativePath(scope, `${prop}[${i}].path`, item.path) };
  });
}

function relativePath(scope: string, prop: string, path: string): string {
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) {
    validate.fail(scope, prop, path, "is not a relative path without '..', e.g. 'nginx.conf' or 'conf.d/site.conf'");
  }
  return path;
}

function fileMode(scope: string, prop: string, mode: number): number {
  return validate.integer(scope, prop, mode, 0, 0o777, ' (file mode bits, 0 to 0o777, e.g. 0o440)');
}

/** JSON with sorted keys, so equal content always hashes alike. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}
