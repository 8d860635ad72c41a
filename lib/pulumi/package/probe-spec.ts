/**
 * Probes as data, for the Pulumi component package: a handler name and its parameters instead of
 * a `Probe` instance, which other languages cannot build.
 */
import { Probe, ProbeOptions } from '../../core/probe';
import * as validate from '../../core/validate';
import { checkKindParameters, KindParameter } from './data';

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

/** The handlers' parameters: each belongs to one kind, which requires it. */
const PARAMETERS: ReadonlyArray<KindParameter<ProbeSpec>> = [
  ['path', [ProbeKind.HTTP_GET], true],
  ['command', [ProbeKind.EXEC], true],
];

/**
 * The probe that `args` describes; undefined when `args` is.
 * @param scope the component's name; @param prop the prop's name, for error messages
 * @throws ValidationError when the kind is unknown, or its parameter is missing or given to another kind
 */
export function probeFromSpec(scope: string, prop: string, args: ProbeSpec | undefined): Probe | undefined {
  if (args === undefined) {
    return undefined;
  }
  const given = validate.record(scope, prop, args);
  const handler = validate.oneOf(scope, `${prop}.kind`, given.kind, ProbeKind);
  checkKindParameters(scope, prop, given, 'kind', handler, PARAMETERS);
  const { kind: _kind, path, command, ...options } = given;
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
