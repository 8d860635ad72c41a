import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { statefulSetClaims } from '../core/claims';
import { DATA_UPGRADE_ANNOTATION } from '../core/data-format';
import { buildStatefulDatabase, StatefulDatabaseModel, StatefulDatabaseProps } from '../core/stateful-database';
import * as validate from '../core/validate';
import { createCustomResource, createEnvSecret, createOpaqueSecret, createServiceAccount, dnsNamespace, metadataOf, planInputs, present, PulumiWorkloadArgs } from './inputs';

/**
 * Args of the Pulumi {@link StatefulDatabase}: the same props as the cdk8s construct
 * (`StatefulDatabaseProps`), with `namespace` as a `pulumi.Input<string>` and secret environment
 * variables from `pulumi.Input<string>` values.
 */
export interface StatefulDatabaseArgs extends Omit<StatefulDatabaseProps, 'namespace'>, PulumiWorkloadArgs {
  /**
   * How the provider deletes the StatefulSet (`pulumi.com/deletionPropagationPolicy`), both
   * when it is replaced (an immutable field changed) and when it is destroyed; the provider
   * cannot tell the two apart.
   * - `orphan`: the pods keep running and the new StatefulSet adopts them, so a replacement has
   *   no downtime; after `pulumi destroy` the pods keep running without an owner until you
   *   delete them (`kubectl delete pods -l app.kubernetes.io/instance={name}`).
   * - `foreground`: the pods are deleted with the StatefulSet: a replacement restarts every pod
   *   (the claims stay, so no data is lost), and destroy leaves no pod behind.
   * Switch to `foreground` with one `pulumi up` before destroying, for a clean destroy.
   * The claims stay in both cases (`persistentVolumeClaimRetentionPolicy`).
   * @default StatefulSetDeletion.ORPHAN
   */
  readonly statefulSetDeletion?: StatefulSetDeletion;
  /**
   * The engine's credentials, by Secret key (`password`, `username`, `keyfile`: see the engine):
   * creates the Secret the engine reads (`{name}-credentials`, or the engine's
   * `credentialsSecretName`) from Pulumi secrets.
   * @default - no Secret is created; the engine's Secret must exist
   */
  readonly credentials?: { [key: string]: pulumi.Input<string> };
}

/**
 * The StatefulSet paths whose change replaces the StatefulSet (`replaceOnChanges`): every field
 * the API server refuses to update ({@link STATEFULSET_IMMUTABLE_FIELDS}) whose change keeps the
 * data where the new StatefulSet finds it. The replacement deletes with orphan propagation, so
 * the pods and claims stay and the new StatefulSet adopts them.
 *
 * Not listed: the claim template's name (`storage.volumeName`) and its data-format annotation.
 * A new StatefulSet would mount new, empty claims under another name, or start a server on data
 * it cannot read; so such a change stays an in-place update, which the API server refuses, and
 * `pulumi up` fails before anything is touched. The exception: with a declared upgrade of the
 * data (PostgreSQL `majorUpgrade`), the data-format annotation is added to the list, since the
 * new pods upgrade their data before their server starts.
 */
export const STATEFULSET_REPLACE_ON_CHANGES = [
  'spec.selector',
  'spec.serviceName',
  'spec.podManagementPolicy',
  'spec.revisionHistoryLimit',
  'spec.volumeClaimTemplates[*].spec',
  'spec.volumeClaimTemplates[*].metadata.labels',
];

/** The claim templates' annotations: replaced on change only when an upgrade of the data is declared. */
const DATA_FORMAT_PATH = 'spec.volumeClaimTemplates[*].metadata.annotations';

/**
 * How the Kubernetes provider deletes the StatefulSet (the `pulumi.com/deletionPropagationPolicy`
 * annotation's values).
 * @see https://www.pulumi.com/registry/packages/kubernetes/installation-configuration/
 */
export enum StatefulSetDeletion {
  /** Pods and claims stay: replacements without downtime; pods outlive `pulumi destroy`. */
  ORPHAN = 'orphan',
  /** Pods are deleted first: replacements restart the pods; destroy leaves none. Claims stay. */
  FOREGROUND = 'foreground',
}

/**
 * The annotation that lets the Kubernetes provider's server-side apply of a claim take over fields
 * another manager set: the size of a claim the StatefulSet controller created, for example.
 * @see https://www.pulumi.com/registry/packages/kubernetes/how-to-guides/managing-resources-with-server-side-apply/
 */
export const PATCH_FORCE_ANNOTATION = 'pulumi.com/patchForce';

/** The annotation that tells the Kubernetes provider how to delete an object. */
export const DELETION_PROPAGATION_ANNOTATION = 'pulumi.com/deletionPropagationPolicy';

/**
 * The annotation that makes the Kubernetes provider delete with `propagationPolicy: Orphan`,
 * so a replaced StatefulSet leaves its pods and PersistentVolumeClaims running.
 * @see https://www.pulumi.com/registry/packages/kubernetes/installation-configuration/
 */
export const ORPHAN_ON_DELETE = { [DELETION_PROPAGATION_ANNOTATION]: StatefulSetDeletion.ORPHAN };

/**
 * What a {@link StatefulDatabase} component holds: its names, DNS names and resources.
 */
export interface StatefulDatabaseResources {
  /** `metadata.name` of the StatefulSet, also the client Service's name. */
  readonly name: string;
  /** The governing headless Service's name (`spec.serviceName`): `{name}-headless`. */
  readonly headlessServiceName: string;
  /** The client Service's name: `{name}`. */
  readonly serviceName: string;
  /** Number of pods. */
  readonly replicas: number;
  /** The server port. */
  readonly port: number;
  /** Pod names: `{name}-0` ... `{name}-{replicas-1}`. */
  readonly podNames: string[];
  /** The labels that select this instance's pods (for NetworkPolicies and monitors). */
  readonly selectorLabels: { [key: string]: string };
  /** The namespace DNS names use (`default` when none is set). */
  readonly namespace: pulumi.Output<string>;
  /** Stable pod DNS names: `{name}-{i}.{name}-headless.{namespace}.svc.cluster.local`. */
  readonly podDnsNames: pulumi.Output<string[]>;
  /** The client Service's DNS name. */
  readonly host: pulumi.Output<string>;
  /** The governing headless Service. */
  readonly headlessService: k8s.core.v1.Service;
  /** The client Service. */
  readonly service: k8s.core.v1.Service;
  /** The StatefulSet. */
  readonly statefulSet: k8s.apps.v1.StatefulSet;
  /** The PodDisruptionBudget, present when replicas > 1. */
  readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Secret holding `secretEnv`, when given. */
  readonly secret?: k8s.core.v1.Secret;
  /** The backup claim `{name}-backups` (kept by `pulumi destroy`), with `backup` and no `existingClaimName`. */
  readonly backupClaim?: k8s.core.v1.PersistentVolumeClaim;
  /** The CronJob `{name}-backup`, with `backup`. */
  readonly backupCronJob?: k8s.batch.v1.CronJob;
  /** The suspended CronJob `{name}-restore` (the restore's Job template), with `backup`. */
  readonly restoreCronJob?: k8s.batch.v1.CronJob;
  /** The engine's credentials Secret, when `credentials` are given. */
  readonly credentialsSecret?: k8s.core.v1.Secret;
  /** The ConfigMap of the engine's scripts, when its preset runs any. */
  readonly configMap?: k8s.core.v1.ConfigMap;
  /** `{name}-primary`, selecting pod 0 only, for engines whose pod 0 is the primary. */
  readonly primaryService?: k8s.core.v1.Service;
  /** `{name}-read`, selecting every pod, for engines whose pod 0 is the primary. */
  readonly readService?: k8s.core.v1.Service;
  /** Where writes go (see the cdk8s construct); undefined without roles. */
  readonly primaryHost: pulumi.Output<string | undefined>;
  /** Where reads may go; undefined without an engine. */
  readonly readHost: pulumi.Output<string | undefined>;
  /** The engine's connection URI or connect string, without password. */
  readonly connectionString: pulumi.Output<string | undefined>;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The PodMonitor `{name}`, with `metrics.podMonitor`. */
  readonly podMonitor?: k8s.apiextensions.CustomResource;
  /** The cert-manager Certificate `{name}-tls` (`cert-manager.io/v1`), with `tls.issuerRef`; its DNS names follow the namespace. */
  readonly certificate?: k8s.apiextensions.CustomResource;
  /** The `kubernetes.io/tls` Secret the server's certificate is read from, with `tls`; its `ca.crt` (cert-manager writes one) is what clients verify the server with. */
  readonly tlsSecretName?: string;
  /**
   * The claims of ordinals 0 to `replicas - 1` (`{volumeName}-{name}-{ordinal}`), applied before
   * the StatefulSet so that a size change grows them first; kept on destroy (`retainOnDelete`).
   */
  readonly claims: k8s.core.v1.PersistentVolumeClaimPatch[];
  /** The generated engine configuration (`{name}-config`), when `config` renders a file. */
  readonly engineConfigMap?: k8s.core.v1.ConfigMap;
  /**
   * The NetworkPolicy `{name}` (see `networkPolicy`), unless `networkPolicy.enabled` is false.
   * A component's namespace is an Output, so `NetworkPeer.pods(component)` selects its pods in
   * the policy's own namespace; for another namespace use `NetworkPeer.podsWithLabels(component.selectorLabels, namespaceLabels)`.
   */
  readonly networkPolicy?: k8s.networking.v1.NetworkPolicy;
  /** The first-initialization scripts (`{name}-initdb`), with `initScripts.files`. */
  readonly initScriptsConfigMap?: k8s.core.v1.ConfigMap;
}

/** The component type token of {@link StatefulDatabase}. */
export const STATEFUL_DATABASE_TYPE = 'kube-patterns:index:StatefulDatabase';

/** A StatefulDatabase has every member of {@link StatefulDatabaseResources} (declaration merging). */
export interface StatefulDatabase extends StatefulDatabaseResources {}

/**
 * A stateful server as a Pulumi component (`kube-patterns:index:StatefulDatabase`): the same
 * StatefulSet, governing headless Service, client Service and PodDisruptionBudget as the cdk8s
 * construct, as typed `@pulumi/kubernetes` resources.
 *
 * Every object has an explicit `metadata.name` (never Pulumi auto-naming), so `serviceName`
 * matches the headless Service, pod DNS names are known, and a replaced StatefulSet finds its
 * claims again. Changes to immutable StatefulSet fields replace it without losing pods or data
 * (see {@link STATEFULSET_REPLACE_ON_CHANGES}), except those that would lose the data, which fail.
 *
 * The claims of ordinals 0 to `replicas - 1` are applied by the component itself, before the
 * StatefulSet, as `PersistentVolumeClaimPatch` resources (server-side apply, `retainOnDelete`)
 * under the names the StatefulSet controller uses, which then finds and uses them. So a larger
 * `storage.size` grows every claim first (the StorageClass must allow volume expansion) and only
 * then replaces the StatefulSet; a smaller one, or a change the API server refuses on a claim
 * (storage class, access modes), fails before the StatefulSet is touched. Destroying or removing
 * the component never deletes a claim.
 *
 * @throws ValidationError at construction when an arg is invalid (a late namespace: when it resolves)
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulDatabase extends pulumi.ComponentResource {
  /**
   * @param name the resource name, also the default `metadata.name`
   * @param args the props; see {@link StatefulDatabaseArgs}
   * @param opts Pulumi options (parent, provider, protect...)
   * @throws ValidationError when an arg is invalid
   */
  public constructor(name: string, args: StatefulDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(STATEFUL_DATABASE_TYPE, name, {}, opts);
    Object.assign(this, createStatefulDatabase(this, name, args));
    this.registerOutputs(statefulDatabaseOutputs(this));
  }
}

/**
 * Creates, as children of `component`, the resources of a StatefulDatabase.
 * @throws ValidationError when an arg is invalid
 * @internal
 */
export function createStatefulDatabase(component: pulumi.ComponentResource, name: string, args: StatefulDatabaseArgs): StatefulDatabaseResources {
  const self: { -readonly [K in keyof StatefulDatabaseResources]: StatefulDatabaseResources[K] } = {} as StatefulDatabaseResources;
  const { credentials, statefulSetDeletion, ...workloadArgs } = validate.record(name, 'args', args);
  const deletion = validate.oneOf(name, 'statefulSetDeletion', statefulSetDeletion ?? StatefulSetDeletion.ORPHAN, StatefulSetDeletion);
  const planned = planInputs<StatefulDatabaseProps>(name, workloadArgs);
  const model = buildStatefulDatabase(planned.props, planned.context);
  const late = planned.lateNamespace;
  // With a namespace known only later, every DNS name is that of the model built for it.
  const lateModel = late?.apply((ns) => buildStatefulDatabase({ ...planned.props, namespace: ns }, planned.context));
  const atNamespace = <T>(value: (m: StatefulDatabaseModel) => T): pulumi.Output<T> =>
    (lateModel ? lateModel.apply(value) : pulumi.output(value(model))) as pulumi.Output<T>;
  const parent = { parent: component };

  self.name = model.name;
  self.selectorLabels = model.selectorLabels;
  self.headlessServiceName = model.headlessServiceName;
  self.serviceName = model.serviceName;
  self.replicas = model.replicas;
  self.port = model.port;
  self.podNames = model.podNames;
  self.namespace = dnsNamespace(model.namespace, late);
  self.podDnsNames = atNamespace((m) => m.podDnsNames);
  self.host = atNamespace((m) => m.host);
  self.primaryHost = atNamespace((m) => m.primaryHost);
  self.readHost = atNamespace((m) => m.readHost);
  self.connectionString = atNamespace((m) => m.connectionString);

  self.serviceAccount = createServiceAccount(component, name, model.serviceAccount, late);
  self.secret = createEnvSecret(component, name, planned, args.secretEnv, model.service);
  self.credentialsSecret = credentials && createCredentialsSecret(component, name, model, credentials, late);
  const configMapOf = (suffix: string, object: typeof model.configMap) =>
    object && new k8s.core.v1.ConfigMap(`${name}-${suffix}`, { metadata: metadataOf(object, late), data: object.data }, parent);
  self.configMap = configMapOf('scripts', model.configMap);
  self.engineConfigMap = configMapOf('config', model.engineConfigMap);
  self.initScriptsConfigMap = configMapOf('initdb', model.initScriptsConfigMap);
  self.headlessService = new k8s.core.v1.Service(`${name}-headless`, { metadata: metadataOf(model.headlessService, late), spec: model.headlessService.spec }, parent);
  self.service = new k8s.core.v1.Service(name, { metadata: metadataOf(model.service, late), spec: model.service.spec }, parent);
  const roleService = (svc: typeof model.primaryService) =>
    svc && new k8s.core.v1.Service(svc.metadata!.name!, { metadata: metadataOf(svc, late), spec: svc.spec }, parent);
  self.primaryService = roleService(model.primaryService);
  self.readService = roleService(model.readService);
  const sts = model.statefulSet;
  self.claims = statefulSetClaims(sts).map((claim) => {
    const annotations = { ...claim.metadata!.annotations, [PATCH_FORCE_ANNOTATION]: 'true' };
    return new k8s.core.v1.PersistentVolumeClaimPatch(
      claim.metadata!.name!,
      { metadata: metadataOf({ metadata: { ...claim.metadata, annotations } }, late), spec: claim.spec as k8s.types.input.core.v1.PersistentVolumeClaimSpecPatch },
      { parent: component, retainOnDelete: true },
    );
  });
  self.statefulSet = new k8s.apps.v1.StatefulSet(
    name,
    {
      metadata: metadataOf({ metadata: { ...sts.metadata, annotations: { ...sts.metadata?.annotations, [DELETION_PROPAGATION_ANNOTATION]: deletion } } }, late),
      spec: sts.spec as k8s.types.input.apps.v1.StatefulSetSpec,
    },
    {
      parent: component,
      replaceOnChanges: sts.metadata?.annotations?.[DATA_UPGRADE_ANNOTATION] === undefined ? STATEFULSET_REPLACE_ON_CHANGES : [...STATEFULSET_REPLACE_ON_CHANGES, DATA_FORMAT_PATH],
      deleteBeforeReplace: true,
      dependsOn: present(...self.claims, self.headlessService, self.secret, self.credentialsSecret, self.configMap, self.engineConfigMap, self.initScriptsConfigMap, self.serviceAccount),
    },
  );
  self.podDisruptionBudget =
    model.podDisruptionBudget &&
    new k8s.policy.v1.PodDisruptionBudget(name, { metadata: metadataOf(model.podDisruptionBudget, late), spec: model.podDisruptionBudget.spec }, parent);

  self.podMonitor = createCustomResource(component, name, model.podMonitor, late, [self.statefulSet]);
  // The pods wait for the Secret it writes (the kubelet retries the mount): no ordering needed.
  self.certificate = createCustomResource(component, `${name}-tls`, model.certificate && { ...model.certificate, spec: atNamespace((m) => m.certificate!.spec) }, late, []);
  self.tlsSecretName = model.tlsSecretName;
  self.networkPolicy =
    model.networkPolicy &&
    new k8s.networking.v1.NetworkPolicy(name, { metadata: metadataOf(model.networkPolicy, late), spec: model.networkPolicy.spec as k8s.types.input.networking.v1.NetworkPolicySpec }, parent);

  const backup = model.backup;
  if (backup) {
    // The backups outlive the component, as the data claims do: `pulumi destroy` keeps them.
    self.backupClaim =
      backup.claim &&
      new k8s.core.v1.PersistentVolumeClaim(`${name}-backups`, { metadata: metadataOf(backup.claim, late), spec: backup.claim.spec as k8s.types.input.core.v1.PersistentVolumeClaimSpec }, { parent: component, retainOnDelete: true });
    const scripts = new k8s.core.v1.ConfigMap(`${name}-backup-scripts`, { metadata: metadataOf(backup.scripts, late), data: backup.scripts.data }, parent);
    const cronJob = (object: typeof backup.backupCronJob) =>
      new k8s.batch.v1.CronJob(object.metadata!.name!, { metadata: metadataOf(object, late), spec: object.spec as k8s.types.input.batch.v1.CronJobSpec }, { parent: component, dependsOn: present(scripts, self.backupClaim) });
    self.backupCronJob = cronJob(backup.backupCronJob);
    self.restoreCronJob = cronJob(backup.restoreCronJob);
  }

  return self;
}

/**
 * The outputs a StatefulDatabase registers: its names and DNS names.
 * @internal
 */
export function statefulDatabaseOutputs(component: StatefulDatabaseResources): pulumi.Inputs {
  return {
    name: component.name,
    namespace: component.namespace,
    headlessServiceName: component.headlessServiceName,
    serviceName: component.serviceName,
    replicas: component.replicas,
    podNames: component.podNames,
    podDnsNames: component.podDnsNames,
    host: component.host,
    port: component.port,
    primaryHost: component.primaryHost,
    readHost: component.readHost,
    connectionString: component.connectionString,
  };
}

/** The engine's credentials Secret, from `credentials`. */
function createCredentialsSecret(
  component: pulumi.ComponentResource,
  name: string,
  model: StatefulDatabaseModel,
  credentials: { [key: string]: pulumi.Input<string> },
  late: pulumi.Output<string> | undefined,
): k8s.core.v1.Secret {
  const secretName = credentialsSecretName(name, model);
  const keys = Object.keys(validate.object(name, 'credentials', credentials));
  keys.forEach((key) => {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      validate.fail(name, 'credentials key', key, "is not a valid Secret key: use letters, digits, '-', '_' and '.'");
    }
  });
  return createOpaqueSecret(component, `${name}-credentials`, secretName, credentials, model.service, late);
}

/** The Secret the engine reads its credentials from. */
function credentialsSecretName(name: string, model: StatefulDatabaseModel): string {
  if (model.credentialsSecretName === undefined) {
    validate.fail(name, 'credentials', '(given)', 'needs an engine that reads a credentials Secret: postgres, mysql, mariadb, mongodb, redis, or zookeeper, kafka and cassandra with authentication');
  }
  return model.credentialsSecretName;
}
