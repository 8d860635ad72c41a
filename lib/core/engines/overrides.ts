/**
 * How a user's props combine with an engine preset's: every prop the user gives wins, nested
 * objects merge per field, and `args`, `env` and `securityContext.writablePaths` merge with the
 * preset's, except where the preset owns a setting (data directory, ports, credentials,
 * clustering). Those are refused with a message that says what to do, because overriding them
 * would move the data off the volume or break replication without an error.
 */
import { EnvValue } from '../env';
import type { StatefulDatabaseProps } from '../stateful-database';
import { definedOnly } from '../util';
import * as validate from '../validate';
import { CREDENTIALS_DIR } from './common';
import { EnginePreset } from './engine';

/** Props whose object values merge field by field with the preset's. */
const MERGED_PROPS = ['storage', 'env', 'labels', 'podAnnotations', 'nodeSelector'] as const;

/** Variables whose name says they hold a secret, except switches that only mention one. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE)$/i;
const NOT_A_SECRET = /(ALLOW_EMPTY|RANDOM_ROOT|SKIP|HOST_AUTH_METHOD|_FILE$)/i;

/**
 * The preset's props with the user's on top.
 * @throws ValidationError when the user overrides a setting the preset owns, or passes a
 *   password as a literal
 * @internal
 */
export function withPreset(scope: string, engine: string, preset: EnginePreset, user: StatefulDatabaseProps): StatefulDatabaseProps {
  const presetProps = preset.props;
  const merged: Record<string, unknown> = { ...presetProps, ...definedOnly(user) };
  for (const key of MERGED_PROPS) {
    if (presetProps[key] !== undefined && user[key] !== undefined) {
      merged[key] = { ...presetProps[key], ...definedOnly(validate.object(scope, key, user[key] as object)) };
    }
  }
  if (user.env !== undefined) {
    checkEnv(scope, engine, preset, validate.object(scope, 'env', user.env));
  }
  if (user.command !== undefined && presetProps.command !== undefined) {
    validate.fail(
      scope,
      'command',
      user.command,
      `cannot replace the ${engine} preset's start script (${presetProps.command.join(' ')}), which sets up its data directory, port, credentials and replication from the pod's ordinal; without it every pod would start as an independent server. Pass server options through args or env instead`,
    );
  }
  if (presetProps.initContainers !== undefined && user.initContainers !== undefined) {
    // The preset's run first: they prepare the data the user's may read.
    merged.initContainers = [...presetProps.initContainers, ...validate.list(scope, 'initContainers', user.initContainers)];
  }
  if (user.args !== undefined) {
    merged.args = mergeArgs(scope, engine, preset, validate.stringList(scope, 'args', user.args));
  }
  if (presetProps.securityContext !== undefined && user.securityContext !== undefined) {
    const given = validate.object(scope, 'securityContext', user.securityContext);
    const paths = [...(presetProps.securityContext.writablePaths ?? []), ...(given.writablePaths === undefined ? [] : validate.stringList(scope, 'securityContext.writablePaths', given.writablePaths))];
    merged.securityContext = { ...presetProps.securityContext, ...definedOnly(given), writablePaths: [...new Set(paths)] };
  }
  if (presetProps.resources !== undefined && user.resources !== undefined) {
    const given = validate.object(scope, 'resources', user.resources);
    merged.resources = {
      ...given,
      requests: { ...presetProps.resources.requests, ...definedOnly(validate.object(scope, 'resources.requests', given.requests)) },
      limits: { ...presetProps.resources.limits, ...definedOnly(validate.object(scope, 'resources.limits', given.limits)) },
    };
  }
  return merged as StatefulDatabaseProps;
}

function checkEnv(scope: string, engine: string, preset: EnginePreset, env: Readonly<Record<string, EnvValue>>): void {
  const owned = Object.keys(preset.props.env ?? {}).filter((name) => !(preset.tunableEnv ?? []).includes(name));
  for (const [name, value] of Object.entries(env)) {
    if (owned.includes(name)) {
      validate.fail(scope, `env['${name}']`, describe(value), `is set by the ${engine} preset: ${ownedBecause(preset, preset.props.env![name])}`);
    }
    if (owned.includes(`${name}_FILE`) && preset.credentialsSecretName !== undefined) {
      validate.fail(
        scope,
        `env['${name}']`,
        describe(value),
        `conflicts with the ${engine} preset's ${name}_FILE, which reads it from the credentials Secret '${preset.credentialsSecretName}' mounted as files (the image refuses both); put the value into that Secret, or choose another Secret with the engine's credentialsSecretName option`,
      );
    }
    if (value instanceof EnvValue && value._valueFrom === undefined && SECRET_NAME.test(name) && !NOT_A_SECRET.test(name)) {
      validate.fail(
        scope,
        `env['${name}']`,
        '(a literal value)',
        `would write a password into the manifest in plain text; keep it in a Secret and use EnvValue.fromSecretKeyRef('<secret>', '<key>') (the ${engine} preset reads its own credentials from the engine's credentials Secret)`,
      );
    }
  }
}

function mergeArgs(scope: string, engine: string, preset: EnginePreset, args: string[]): string[] {
  const policy = preset.args;
  if (policy.kind === 'refused') {
    if (args.length > 0) {
      validate.fail(scope, 'args', args, `are not passed on by the ${engine} preset: ${policy.instead}`);
    }
    return [...(preset.props.args ?? [])];
  }
  args.forEach((arg, i) => {
    for (const rule of policy.owned) {
      if (rule.pattern.test(arg)) {
        validate.fail(scope, `args[${i}]`, arg, `is not allowed with the ${engine} preset: ${rule.instead}`);
      }
    }
  });
  return [...(preset.props.args ?? []), ...args];
}

/** Why a preset's variable cannot be overridden, from what the preset puts in it. */
function ownedBecause(preset: EnginePreset, value: EnvValue): string {
  const ref = value._valueFrom?.secretKeyRef;
  if (ref) {
    return `it reads the credentials from key '${ref.key}' of the Secret '${ref.name}'; put the value there (or choose the Secret with the engine's credentialsSecretName option)`;
  }
  const literal = value.value ?? '';
  if (preset.credentialsSecretName !== undefined && literal.startsWith(`${CREDENTIALS_DIR}/`)) {
    return `it names the file of key '${literal.slice(CREDENTIALS_DIR.length + 1)}' of the credentials Secret '${preset.credentialsSecretName}'; put the value there (or choose the Secret with the engine's credentialsSecretName option)`;
  }
  if (literal !== '' && (literal === preset.dataDirectory || literal.startsWith(`${preset.props.storage?.mountPath}/`) || literal === preset.props.storage?.mountPath)) {
    return `it is the data directory (${literal}), which must lie on the data volume; set storage.mountPath and the data directory follows it`;
  }
  if (value._valueFrom?.fieldRef) {
    return `it tells the preset's scripts which pod they run in (${value._valueFrom.fieldRef.fieldPath}); the scripts cannot work without it`;
  }
  return 'it wires the listen port, replication or cluster membership from the name, namespace, port and replicas props; change those props instead';
}

/** An env value for an error message, without ever printing a literal's text (it may be a secret). */
function describe(value: unknown): unknown {
  if (value instanceof EnvValue) {
    return value._valueFrom ?? '(a literal value)';
  }
  return value;
}
