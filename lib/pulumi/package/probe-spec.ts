/**
 * Probes as data, for the Pulumi component package: a handler name and its parameters instead of
 * a `Probe` instance, which other languages cannot build.
 */
import { Probe, ProbeOptions } from '../../core/probe';
import * as validate from '../../core/validate';

/** How a probe checks the container (the `Probe` factory of the same name). */
export enum ProbeKind {
  /** Open a TCP connection to the container's port (`Probe.tcpSocket`). */
  TCP_SOCKET = 'tcpSocket',
  /** HTTP GET of `path` on the container's port; 200 to 399 pass (`Probe.httpGet`). */
  HTTP_GET = 'httpGet',
  /** Run `command` in the container; exit status 0 passes (`Probe.exec`). */
  EXEC = 'exec',
  /** No probe at all (`Probe.none`). */
  NONE = 'none',
}

/**
 * A probe as plain data: its kind, the kind's parameter, and its timing in seconds.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
 */
export interface ProbeSpec extends ProbeOptions {
  /** The handler. */
  readonly kind: ProbeKind;
  /**
   * `httpGet` only, and required there: the request path, starting with '/', e.g. `/healthz`.
   */
  readonly path?: string;
  /**
   * `exec` only, and required there: the argv, not run in a shell, e.g. `['pg_isready', '-U', 'postgres']`.
   */
  readonly command?: string[];
}

/**
 * The probe that `args` describes; undefined when `args` is.
 * @param scope the component's name; @param prop the prop's name, for error messages
 * @throws ValidationError when the kind is unknown, or its parameter is missing or given to another kind
 */
export function probeFromSpec(scope: string, prop: string, args: ProbeSpec | undefined): Probe | undefined {
  if (args === undefined) {
    return undefined;
  }
  const { kind, path, command, ...options } = validate.record(scope, prop, args);
  const handler = validate.oneOf(scope, `${prop}.kind`, kind, ProbeKind);
  const only = (param: string, value: unknown, owner: ProbeKind): void => {
    if (value !== undefined && handler !== owner) {
      validate.fail(scope, `${prop}.${param}`, value, `applies only to ${prop}.kind '${owner}', not '${handler}'`);
    }
    if (value === undefined && handler === owner) {
      validate.fail(scope, `${prop}.${param}`, value, `is required with ${prop}.kind '${owner}'`);
    }
  };
  only('path', path, ProbeKind.HTTP_GET);
  only('command', command, ProbeKind.EXEC);
  switch (handler) {
    case ProbeKind.TCP_SOCKET:
      return Probe.tcpSocket(options);
    case ProbeKind.HTTP_GET:
      return Probe.httpGet(path!, options);
    case ProbeKind.EXEC:
      return Probe.exec(command!, options);
    case ProbeKind.NONE:
      if (Object.keys(options).length > 0) {
        validate.fail(scope, prop, options, `has timings, which ${prop}.kind 'none' does not take`);
      }
      return Probe.none();
  }
}
