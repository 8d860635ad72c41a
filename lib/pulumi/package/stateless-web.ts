/**
 * StatelessWeb in the Pulumi component package (`kube-patterns:index:StatelessWeb`): args as
 * plain data, so that every Pulumi language and Pulumi YAML can give them; the resources are
 * those of the TypeScript class, built by the same function.
 */
import * as pulumi from '@pulumi/pulumi';
import { DeploymentStrategy, PercentOrAbsolute } from '../../core/stateless-web';
import type { StatelessWebServerProps } from '../../core/stateless-web';
import * as validate from '../../core/validate';
import { createStatelessWeb, STATELESS_WEB_TYPE, statelessWebOutputs, StatelessWebArgs as ClassArgs } from '../stateless-web';
import { checkKindParameters, KindParameter, optional } from './data';
import { WorkloadPackageArgs, workloadArgsFromData } from './workload-args';

/** How the Deployment replaces its pods (`spec.strategy.type`). */
export enum DeploymentStrategyType {
  /** Replace pods gradually, new ones first. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Stop every old pod, then start the new ones (for pods that cannot run side by side). */
  RECREATE = 'Recreate',
}

/**
 * The Deployment's strategy as data (see `DeploymentStrategy`). A count is a whole number of pods
 * (`'1'`), a percentage a whole percent of the desired replicas (`'25%'`), as the API field takes
 * them.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export interface DeploymentStrategySpec {
  /** The strategy. */
  readonly type: DeploymentStrategyType;
  /**
   * `RollingUpdate` only: how many pods a rollout may run above the desired count
   * (`spec.strategy.rollingUpdate.maxSurge`).
   * @default '25%'
   */
  readonly maxSurge?: string;
  /**
   * `RollingUpdate` only: how many pods may be unavailable during a rollout
   * (`spec.strategy.rollingUpdate.maxUnavailable`).
   * @default '0'
   */
  readonly maxUnavailable?: string;
}

/**
 * Args of the package's StatelessWeb: the props of the TypeScript class, as plain data.
 * What only TypeScript has: another instance as a network peer (`NetworkPeer.pods(db)`; give its
 * `selectorLabels` output as a `pods` peer instead).
 */
export interface StatelessWebPackageArgs extends WorkloadPackageArgs, StatelessWebServerProps {
  /**
   * How pods are replaced on update (see `StatelessWebProps.strategy`).
   * @default - RollingUpdate with maxSurge 25% and maxUnavailable 0; Recreate when a
   *   single-attach shared volume is mounted
   */
  readonly strategy?: DeploymentStrategySpec;
}

/**
 * The TypeScript class's args for `args`: probes, environment values and the strategy built from
 * their data; everything else passed on, to be validated by the core as the class does.
 * @param scope the component's name, for error messages
 * @throws ValidationError when a data arg is invalid
 */
export function statelessWebArgsFromData(scope: string, args: StatelessWebPackageArgs): ClassArgs {
  const { image, port, strategy, ...rest } = validate.record(scope, 'args', args);
  return { ...workloadArgsFromData(scope, rest), image, port, ...optional('strategy', strategyFromSpec(scope, strategy)) };
}

/** `maxSurge` and `maxUnavailable` belong to RollingUpdate. */
const STRATEGY_PARAMETERS: ReadonlyArray<KindParameter<DeploymentStrategySpec>> = [
  ['maxSurge', [DeploymentStrategyType.ROLLING_UPDATE], false],
  ['maxUnavailable', [DeploymentStrategyType.ROLLING_UPDATE], false],
];

function strategyFromSpec(scope: string, args: DeploymentStrategySpec | undefined): DeploymentStrategy | undefined {
  if (args === undefined) {
    return undefined;
  }
  const given = validate.record(scope, 'strategy', args);
  validate.knownKeys(scope, 'strategy', given, ['type', 'maxSurge', 'maxUnavailable']);
  const type = validate.oneOf(scope, 'strategy.type', given.type, DeploymentStrategyType);
  checkKindParameters(scope, 'strategy', given, 'type', type, STRATEGY_PARAMETERS);
  if (type === DeploymentStrategyType.RECREATE) {
    return DeploymentStrategy.recreate();
  }
  const count = (prop: 'maxSurge' | 'maxUnavailable') => optional(prop, given[prop] === undefined ? undefined : percentOrAbsolute(scope, `strategy.${prop}`, given[prop]));
  return DeploymentStrategy.rollingUpdate({ ...count('maxSurge'), ...count('maxUnavailable') });
}

/**
 * `'25%'` or `'1'` (a number from a language that sends one is taken as a count); the range is
 * checked where the strategy is rendered.
 */
function percentOrAbsolute(scope: string, prop: string, given: unknown): PercentOrAbsolute {
  const text = typeof given === 'number' ? String(given) : given;
  const match = typeof text === 'string' ? /^(\d+)(%?)$/.exec(text) : null;
  if (match === null) {
    validate.fail(scope, prop, given, "is not a count of pods ('1') or a whole percentage of the desired replicas ('25%')");
  }
  const value = Number(match[1]);
  return match[2] === '%' ? PercentOrAbsolute.percent(value) : PercentOrAbsolute.absolute(value);
}

/**
 * Interchangeable servers (`kube-patterns:index:StatelessWeb`), for every Pulumi language: the
 * Deployment, Service, shared claim, autoscaler and disruption budget, exactly as the TypeScript
 * `StatelessWeb` creates them from the same props.
 * @throws ValidationError at construction when an arg is invalid
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class StatelessWeb extends pulumi.ComponentResource {
  /** `metadata.name` of the Deployment, Service, HPA and PDB. */
  public readonly name: pulumi.Output<string>;
  /** The namespace DNS names use (`default` when none is set). */
  public readonly namespace: pulumi.Output<string>;
  /** The Service's name: `{name}`. */
  public readonly serviceName: pulumi.Output<string>;
  /** The Service's DNS name. */
  public readonly host: pulumi.Output<string>;
  /** The Service port. */
  public readonly port: pulumi.Output<number>;
  /** The Deployment's replica count; empty when the autoscaler owns it. */
  public readonly replicas: pulumi.Output<number | undefined>;
  /** The shared claim's name; empty without a shared volume. */
  public readonly sharedClaimName: pulumi.Output<string | undefined>;
  /** The labels that select this instance's pods (a `pods` network peer's `podLabels`). */
  public readonly selectorLabels: pulumi.Output<{ [key: string]: string }>;

  /**
   * @param name the resource name, also the default `metadata.name`
   * @param args the props, as data
   * @param opts Pulumi options (parent, provider, protect...)
   * @throws ValidationError when an arg is invalid
   */
  public constructor(name: string, args: StatelessWebPackageArgs, opts?: pulumi.ComponentResourceOptions) {
    super(STATELESS_WEB_TYPE, name, {}, opts);
    const created = createStatelessWeb(this, name, statelessWebArgsFromData(name, args));
    this.name = pulumi.output(created.name);
    this.namespace = created.namespace;
    this.serviceName = pulumi.output(created.serviceName);
    this.host = created.host;
    this.port = pulumi.output(created.port);
    this.replicas = pulumi.output(created.replicas);
    this.sharedClaimName = pulumi.output(created.sharedClaimName);
    this.selectorLabels = pulumi.output(created.selectorLabels);
    this.registerOutputs({ ...statelessWebOutputs(created), selectorLabels: this.selectorLabels });
  }
}
