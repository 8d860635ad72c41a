/**
 * Container probes: how the kubelet tells that a container has started, is alive, and is ready
 * for traffic.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
import type { Probe as KubeProbe } from 'kubernetes-types/core/v1';
import { definedOnly } from './util';
import * as validate from './validate';

/**
 * Timing of a probe. All durations are whole seconds.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
 */
export interface ProbeOptions {
  /**
   * Seconds after the container starts before the first probe (`initialDelaySeconds`).
   * Prefer a startup probe over a long initial delay.
   * @default - the pattern's default for this probe (0)
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes (`periodSeconds`), at least 1.
   * @default - the pattern's default for this probe (10)
   */
  readonly periodSeconds?: number;
  /**
   * Seconds after which one probe attempt times out (`timeoutSeconds`), at least 1.
   * @default - the pattern's default for this probe (5)
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe counts as failed (`failureThreshold`), at least 1.
   * For a startup probe, `failureThreshold * periodSeconds` is the time the container has to
   * start.
   * @default - the pattern's default for this probe (readiness 3, liveness 6, startup 30)
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes after a failure before the probe counts as passing
   * (`successThreshold`). Must be 1 for liveness and startup probes.
   * @default 1
   */
  readonly successThreshold?: number;
}

/** The kinds of probe handler. */
enum ProbeHandler {
  TCP_SOCKET = 'tcpSocket',
  HTTP_GET = 'httpGet',
  EXEC = 'exec',
  NONE = 'none',
}

/**
 * A probe: a handler (TCP connect, HTTP GET, a command, or none) and its timing.
 * Timings not given are filled in with the pattern's defaults for that probe.
 */
export class Probe {
  /**
   * Open a TCP connection to the container's named port.
   * @param options timing; unset fields take the pattern's defaults
   */
  public static tcpSocket(options: ProbeOptions = {}): Probe {
    return new Probe(ProbeHandler.TCP_SOCKET, options);
  }

  /**
   * HTTP GET on the container's named port; any status from 200 to 399 passes.
   * @param path the request path, starting with '/', e.g. `/healthz`
   * @param options timing; unset fields take the pattern's defaults
   */
  public static httpGet(path: string, options: ProbeOptions = {}): Probe {
    return new Probe(ProbeHandler.HTTP_GET, options, path);
  }

  /**
   * Run a command in the container; exit status 0 passes. The command is not run in a shell:
   * wrap it in `['sh', '-c', '...']` if it needs one.
   * @param command the argv, e.g. `['pg_isready', '-U', 'postgres']`
   * @param options timing; unset fields take the pattern's defaults
   */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe(ProbeHandler.EXEC, options, undefined, command);
  }

  /** No probe at all. Use sparingly: without a readiness probe, traffic arrives before the server is ready. */
  public static none(): Probe {
    return new Probe(ProbeHandler.NONE, {});
  }

  private constructor(
    private readonly handler: ProbeHandler,
    /** The timing given by the user. */
    public readonly options: ProbeOptions,
    private readonly path?: string,
    private readonly command?: string[],
  ) {}

  /**
   * Renders the probe for a container.
   * @param prop the prop the probe came from, for error messages
   * @param portName the container port the probe targets
   * @param defaults the pattern's timing for this kind of probe
   * @param mustSucceedOnce true for liveness and startup probes, whose successThreshold must be 1
   * @param hasPort false for a container without ports, which only an exec probe can check
   * @returns the Kubernetes probe, or `undefined` for {@link Probe.none}
   * @internal
   */
  public _render(
    scope: string,
    prop: string,
    portName: string,
    defaults: Required<ProbeOptions>,
    mustSucceedOnce: boolean,
    hasPort = true,
  ): KubeProbe | undefined {
    if (!hasPort && (this.handler === ProbeHandler.TCP_SOCKET || this.handler === ProbeHandler.HTTP_GET)) {
      validate.fail(scope, prop, this.handler, 'needs a port to connect to, and the container has none; give it ports, or use Probe.exec()');
    }
    const timing = { ...defaults, ...definedOnly(validate.object(scope, `${prop} options`, this.options)) };
    validate.integer(scope, `${prop}.initialDelaySeconds`, timing.initialDelaySeconds, 0);
    validate.integer(scope, `${prop}.periodSeconds`, timing.periodSeconds, 1);
    validate.integer(scope, `${prop}.timeoutSeconds`, timing.timeoutSeconds, 1);
    validate.integer(scope, `${prop}.failureThreshold`, timing.failureThreshold, 1);
    validate.integer(scope, `${prop}.successThreshold`, timing.successThreshold, 1);
    if (mustSucceedOnce && timing.successThreshold !== 1) {
      validate.fail(scope, `${prop}.successThreshold`, timing.successThreshold, 'must be 1: Kubernetes requires a successThreshold of 1 for liveness and startup probes');
    }
    switch (this.handler) {
      case ProbeHandler.NONE:
        return undefined;
      case ProbeHandler.TCP_SOCKET:
        return { tcpSocket: { port: portName }, ...timing };
      case ProbeHandler.HTTP_GET:
        return { httpGet: { path: validate.httpPath(scope, `${prop} path`, this.path!), port: portName }, ...timing };
      case ProbeHandler.EXEC:
        return { exec: { command: validate.stringList(scope, `${prop} command`, this.command!, false) }, ...timing };
    }
  }
}
