/**
 * Init containers and sidecars as data, for the Pulumi component package: the container props
 * that are data already, with environment values, `envFrom` sources and probes as data.
 */
import type { ContainerDataProps, ContainerSpecProps } from '../../core/containers';
import * as validate from '../../core/validate';
import type { ImagePullPolicy } from '../../core/workload';
import { ProbeSpec, probeFromSpec } from './probe-spec';
import { envFromData, optional } from './data';

/**
 * Every key of a ConfigMap or a Secret as environment variables (see `EnvFromProps`), by name.
 * Exactly one of `configMap` and `secret`.
 */
export interface EnvFromSpec {
  /** The ConfigMap's name. */
  readonly configMap?: string;
  /** The Secret's name. */
  readonly secret?: string;
  /**
   * A prefix for every variable name.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Whether the pod starts when the source is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * An init container or a sidecar as plain data (see `ContainerSpecProps`).
 */
export interface ContainerSpec extends ContainerDataProps {
  /**
   * When the image is pulled.
   * @default - Kubernetes decides
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Literal environment variables, by name (secrets: `envFrom` a Secret).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Every key of ConfigMaps or Secrets as variables.
   * @default - none
   */
  readonly envFrom?: EnvFromSpec[];
  /**
   * Readiness probe (sidecars only).
   * @default - none
   */
  readonly readinessProbe?: ProbeSpec;
  /**
   * Liveness probe (sidecars only).
   * @default - none
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * Startup probe (sidecars only).
   * @default - none
   */
  readonly startupProbe?: ProbeSpec;
}

/**
 * The container that `spec` describes: environment values and probes built from their data;
 * everything else passed on, to be validated by the core.
 * @param scope the component's name; @param prop the prop's name, e.g. `initContainers[0]`
 * @throws ValidationError when an environment value is not a string, or a probe is invalid
 */
export function containerFromSpec(scope: string, prop: string, spec: ContainerSpec): ContainerSpecProps {
  const { env, readinessProbe, livenessProbe, startupProbe, ...rest } = validate.record(scope, prop, spec);
  return { ...rest, ...envAndProbesFromData(scope, `${prop}.`, { env, readinessProbe, livenessProbe, startupProbe }) };
}

/** A container's environment values and probes, as data (the main container's and the others'). */
export interface EnvAndProbesData {
  readonly env?: { [name: string]: string };
  readonly readinessProbe?: ProbeSpec;
  readonly livenessProbe?: ProbeSpec;
  readonly startupProbe?: ProbeSpec;
}

/**
 * `EnvValue`s and `Probe`s for a container's environment and probes given as data; only the
 * keys that were given.
 * @param scope the component's name; @param prefix the container's prop path with its dot, e.g. `sidecars[0].`, or '' for the main container
 * @throws ValidationError when an environment value is not a string, or a probe is invalid
 */
export function envAndProbesFromData(scope: string, prefix: string, data: EnvAndProbesData): Pick<ContainerSpecProps, 'env' | 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
  return {
    ...optional('env', envFromData(scope, `${prefix}env`, data.env)),
    ...optional('readinessProbe', probeFromSpec(scope, `${prefix}readinessProbe`, data.readinessProbe)),
    ...optional('livenessProbe', probeFromSpec(scope, `${prefix}livenessProbe`, data.livenessProbe)),
    ...optional('startupProbe', probeFromSpec(scope, `${prefix}startupProbe`, data.startupProbe)),
  };
}
