/**
 * The one error type kube-patterns throws for invalid props.
 *
 * It is thrown at construction (synth) time, never deferred to the API server, so that
 * a bad prop never becomes a broken manifest. The message has the form
 *
 * ```
 * [<scope>] <prop> <value> <what is wrong>; <what is allowed and why>
 * ```
 *
 * for example
 * `[app/web] sharedVolume.accessMode 'ReadWriteOnce' cannot be shared by 3 replicas; ...`.
 *
 * The parts are also available as fields, so tools can report them without parsing text.
 */
export class ValidationError extends Error {
  /**
   * Where the bad prop was given: the cdk8s construct path (`chart/db`) or the Pulumi
   * component name.
   */
  public readonly scope: string;

  /** The prop path, in the props' own spelling (`storage.size`, `sharedVolume.accessMode`). */
  public readonly prop: string;

  /** The value received, unchanged. */
  public readonly value: unknown;

  /** What is wrong, what is allowed and why (the message without scope, prop and value). */
  public readonly reason: string;

  /**
   * @param scope construct path or component name the props belong to
   * @param prop the prop path, e.g. `storage.size`
   * @param value the value received
   * @param reason what is wrong, what is allowed and why
   */
  public constructor(scope: string, prop: string, value: unknown, reason: string) {
    super(`[${scope}] ${prop} ${renderValue(value)} ${reason}`);
    this.name = 'ValidationError';
    this.scope = scope;
    this.prop = prop;
    this.value = value;
    this.reason = reason;
  }
}

/**
 * Renders a received value for an error message: strings quoted, everything else as JSON.
 * @internal
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
