/**
 * Pod volumes as data, for the Pulumi component package: a kind and its parameters instead of a
 * `VolumeSource` instance, which other languages cannot build.
 */
import type { DownwardApiFileProps, EmptyDirOptions, KeyToPathProps, PodVolumeProps, ProjectedSourceProps, ServiceAccountTokenProjectionProps } from '../../core/volumes';
import { VolumeSource } from '../../core/volumes';
import * as validate from '../../core/validate';
import { checkKindParameters, KindParameter } from './data';

/** Where a volume's files come from (the `VolumeSource` factory of the same name). */
export enum VolumeKind {
  /** The keys of a ConfigMap, as files (`VolumeSource.configMap`). */
  CONFIG_MAP = 'configMap',
  /** The keys of a Secret, as files (`VolumeSource.secret`). */
  SECRET = 'secret',
  /** An existing PersistentVolumeClaim (`VolumeSource.persistentVolumeClaim`). */
  PERSISTENT_VOLUME_CLAIM = 'persistentVolumeClaim',
  /** A scratch directory that lives as long as the pod (`VolumeSource.emptyDir`). */
  EMPTY_DIR = 'emptyDir',
  /** Several sources in one directory: ConfigMaps, Secrets, a bound token, pod fields (`VolumeSource.projected`). */
  PROJECTED = 'projected',
}

/**
 * One source of a projected volume as plain data (see `ProjectedSourceProps`): exactly one of
 * `configMap`, `secret`, `serviceAccountToken` and `downwardAPI`.
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/
 */
export interface ProjectedSourceSpec {
  /**
   * A ConfigMap's name: its keys as files.
   * @default - not a ConfigMap
   */
  readonly configMap?: string;
  /**
   * A Secret's name: its keys as files.
   * @default - not a Secret
   */
  readonly secret?: string;
  /**
   * With `configMap` or `secret`: the source's content, by key, when the program knows it, hashed
   * into the pod annotation `kube-patterns.io/config-sha256` (a content change rolls the pods).
   * @default - not hashed
   */
  readonly sourceData?: { [key: string]: string };
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
   * Pod fields as files.
   * @default - no pod fields
   */
  readonly downwardAPI?: DownwardApiFileProps[];
}

/**
 * A pod volume as plain data (see `PodVolumeProps`): its name, where the main container mounts
 * it, and its source. Each source parameter belongs to the kinds named on it.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export interface VolumeSpec {
  /** The volume name, a DNS-1123 label unique in the pod. */
  readonly name: string;
  /** The source kind. */
  readonly kind: VolumeKind;
  /**
   * Where the main container mounts it.
   * @default - not mounted in the main container (only in the containers that name it)
   */
  readonly mountPath?: string;
  /**
   * Whether the main container's mount is read-only.
   * @default - true for configMap and secret, false otherwise
   */
  readonly readOnly?: boolean;
  /**
   * A path inside the volume to mount instead of its root.
   * @default - the root
   */
  readonly subPath?: string;
  /** `configMap`, `secret` and `persistentVolumeClaim`, and required there: the ConfigMap's, Secret's or claim's name. */
  readonly sourceName?: string;
  /**
   * `configMap` and `secret` only: the source's content, by key, when the program knows it (it
   * creates the ConfigMap): hashed into the pod annotation `kube-patterns.io/config-sha256`, so
   * that a content change rolls the pods.
   * @default - not hashed: a content change does not roll the pods
   */
  readonly sourceData?: { [key: string]: string };
  /**
   * `configMap` and `secret` only: which keys, at which paths.
   * @default - every key, as a file of its name
   */
  readonly items?: KeyToPathProps[];
  /**
   * `configMap`, `secret` and `projected` only: the files' mode, e.g. 0o440 (288).
   * @default - 0644 for a ConfigMap and a projected volume, 0440 for a Secret
   */
  readonly defaultMode?: number;
  /**
   * `projected` only, and required there: its sources, in order.
   */
  readonly sources?: ProjectedSourceSpec[];
  /**
   * `configMap` and `secret` only: whether the pod starts when the source is missing.
   * @default false
   */
  readonly optional?: boolean;
  /**
   * `persistentVolumeClaim` only: attach the claim read-only.
   * @default false
   */
  readonly claimReadOnly?: boolean;
  /**
   * `emptyDir` only: `Memory` for a tmpfs.
   * @default - the node's disk
   */
  readonly medium?: EmptyDirOptions['medium'];
  /**
   * `emptyDir` only: the most it may hold, a quantity such as `1Gi`.
   * @default - no limit
   */
  readonly sizeLimit?: EmptyDirOptions['sizeLimit'];
}

const CONFIG = [VolumeKind.CONFIG_MAP, VolumeKind.SECRET];
/** Each source parameter, the kinds it belongs to, and whether they require it. */
const PARAMETERS: ReadonlyArray<KindParameter<VolumeSpec>> = [
  ['sourceName', [...CONFIG, VolumeKind.PERSISTENT_VOLUME_CLAIM], true],
  ['sourceData', CONFIG, false],
  ['items', CONFIG, false],
  ['defaultMode', [...CONFIG, VolumeKind.PROJECTED], false],
  ['sources', [VolumeKind.PROJECTED], true],
  ['optional', CONFIG, false],
  ['claimReadOnly', [VolumeKind.PERSISTENT_VOLUME_CLAIM], false],
  ['medium', [VolumeKind.EMPTY_DIR], false],
  ['sizeLimit', [VolumeKind.EMPTY_DIR], false],
];

/**
 * The pod volume that `spec` describes.
 * @param scope the component's name; @param prop the prop's name, e.g. `volumes[0]`
 * @throws ValidationError when the kind is unknown, or a parameter is missing or given to another kind
 */
export function volumeFromSpec(scope: string, prop: string, spec: VolumeSpec): PodVolumeProps {
  const given = validate.record(scope, prop, spec);
  validate.knownKeys(scope, prop, given, ['name', 'kind', 'mountPath', 'readOnly', 'subPath', ...PARAMETERS.map(([param]) => param)]);
  const kind = validate.oneOf(scope, `${prop}.kind`, given.kind, VolumeKind);
  checkKindParameters(scope, prop, given, 'kind', kind, PARAMETERS);
  const { name, mountPath, readOnly, subPath, sourceName, sourceData, items, defaultMode, optional, claimReadOnly, medium, sizeLimit, sources } = given;
  const config = sourceData === undefined ? sourceName! : { name: sourceName!, data: sourceData };
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const source = (() => {
    switch (kind) {
      case VolumeKind.CONFIG_MAP:
        return VolumeSource.configMap(config, defined({ items, defaultMode, optional }));
      case VolumeKind.SECRET:
        return VolumeSource.secret(config, defined({ items, defaultMode, optional }));
      case VolumeKind.PERSISTENT_VOLUME_CLAIM:
        return VolumeSource.persistentVolumeClaim(sourceName!, defined({ readOnly: claimReadOnly }));
      case VolumeKind.EMPTY_DIR:
        return VolumeSource.emptyDir(defined({ medium, sizeLimit }));
      case VolumeKind.PROJECTED:
        return VolumeSource.projected(validate.list(scope, `${prop}.sources`, sources).map((source, i) => projectedSourceFromSpec(scope, `${prop}.sources[${i}]`, source)), defined({ defaultMode }));
    }
  })();
  return defined({ name, source, mountPath, readOnly, subPath });
}

/**
 * The projected source that `spec` describes; which sources are given together is checked by
 * the core, as for TypeScript.
 * @throws ValidationError for an unknown key, or `sourceData` without `configMap` or `secret`
 */
function projectedSourceFromSpec(scope: string, prop: string, spec: ProjectedSourceSpec): ProjectedSourceProps {
  const given = validate.record(scope, prop, spec);
  validate.knownKeys(scope, prop, given, ['configMap', 'secret', 'sourceData', 'items', 'serviceAccountToken', 'downwardAPI']);
  const { configMap, secret, sourceData, ...rest } = given;
  if (sourceData !== undefined && configMap === undefined && secret === undefined) {
    validate.fail(scope, `${prop}.sourceData`, '(given)', 'is the content of a configMap or secret source, and this source has neither');
  }
  const named = (sourceName: string | undefined) => (sourceName === undefined || sourceData === undefined ? sourceName : { name: sourceName, data: sourceData });
  return { ...rest, ...(configMap === undefined ? {} : { configMap: named(configMap) }), ...(secret === undefined ? {} : { secret: named(secret) }) };
}
