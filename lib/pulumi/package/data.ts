/**
 * Small helpers of the data args' mapping onto the TypeScript API.
 */
import { EnvValue } from '../../core/env';
import * as validate from '../../core/validate';

/** `{ [key]: value }`, or nothing when the value is undefined (so the core sees no key). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/**
 * Literal environment variables as `EnvValue`s; undefined when `env` is.
 * @param scope the component's name; @param prop the prop's name, e.g. `env`
 * @throws ValidationError when a value is not a string
 */
export function envFromData(scope: string, prop: string, env: { [name: string]: string } | undefined): { [name: string]: EnvValue } | undefined {
  if (env === undefined) return undefined;
  const entries = Object.entries(validate.record(scope, prop, env)).map(([key, value]) => {
    if (typeof value !== 'string') {
      validate.fail(scope, `${prop}['${key}']`, value, 'must be a string: only literal values can be given here (secrets: secretEnv, or envFrom a Secret)');
    }
    return [key, EnvValue.fromValue(value)] as const;
  });
  return Object.fromEntries(entries);
}

/** A parameter of a data spec, the kinds it belongs to, and whether those kinds require it. */
export type KindParameter<S> = readonly [param: keyof S & string, kinds: readonly string[], required: boolean];

/**
 * Checks that each parameter is given only to the kinds it belongs to, and to each kind that
 * requires it.
 * @param scope the component's name; @param prop the spec's prop, e.g. `volumes[0]`
 * @param kindProp the name of the spec's kind field, e.g. `kind` or `type`
 * @throws ValidationError naming the parameter, its value, and the kinds it belongs to
 */
export function checkKindParameters<S extends object>(scope: string, prop: string, spec: S, kindProp: string, kind: string, parameters: ReadonlyArray<KindParameter<S>>): void {
  for (const [param, kinds, required] of parameters) {
    const value = spec[param];
    if (value !== undefined && !kinds.includes(kind)) {
      validate.fail(scope, `${prop}.${param}`, value, `applies only to ${prop}.${kindProp} ${kinds.map((k) => `'${k}'`).join(' or ')}, not '${kind}'`);
    }
    if (value === undefined && kinds.includes(kind) && required) {
      validate.fail(scope, `${prop}.${param}`, value, `is required with ${prop}.${kindProp} '${kind}'`);
    }
  }
}

/**
 * Each spec of a list turned into what it describes; undefined when `list` is.
 * @param scope the component's name; @param prop the list's prop, e.g. `volumes`
 * @throws ValidationError when `list` is not a list, or from `from`
 */
export function eachSpec<S, T>(scope: string, prop: string, list: S[] | undefined, from: (scope: string, prop: string, spec: S) => T): T[] | undefined {
  return list === undefined ? undefined : validate.list(scope, prop, list).map((spec, i) => from(scope, `${prop}[${i}]`, spec));
}
