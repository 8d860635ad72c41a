/** Helpers the engine presets share. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvValue } from '../env';
import { Probe, ProbeOptions } from '../probe';
import * as validate from '../validate';
import type { PodVolume } from '../workload';
import { EngineContext, EngineOptions, SCRIPTS_DIR } from './engine';

/**
 * The major version of a tag such as `16`, `16.4` or `18-bookworm`.
 * @throws ValidationError when the tag does not start with a number
 */
export function majorVersion(scope: string, version: string): number {
  const match = /^(\d+)/.exec(typeof version === 'string' ? version : '');
  if (!match) {
    validate.fail(scope, 'engine version', version, "does not start with a major version number; give a tag such as '16' or '16.4'");
  }
  return Number(match[1]);
}

/**
 * The engine's options, checked: an object with known keys only, so that `null` or a misspelt
 * option (`verison`) is refused instead of being ignored.
 * @throws ValidationError otherwise
 */
export function engineOptions<T extends EngineOptions>(ctx: EngineContext, options: T, engine: string, extraKeys: readonly string[] = []): T {
  const value = validate.object(ctx.scope, `engine options (DatabaseEngine.${engine}())`, options);
  validate.knownKeys(ctx.scope, 'engine options', value, ['version', 'credentialsSecretName', ...extraKeys]);
  return value;
}

/** The image tag, validated as a tag. */
export function tag(scope: string, options: EngineOptions, fallback: string): string {
  const version = options.version ?? fallback;
  if (typeof version !== 'string' || !/^[\w][\w.-]{0,127}$/.test(version)) {
    validate.fail(scope, 'engine version', version, "is not an image tag: use letters, digits, '_', '.' and '-', e.g. '16.4'");
  }
  return version;
}

/** Where presets mount the credentials Secret's keys, read-only, one file per key. */
export const CREDENTIALS_DIR = '/etc/kube-patterns/credentials';

/**
 * The credentials Secret as files: the given keys at `{CREDENTIALS_DIR}/{key}`, read-only, mode
 * 0440 (owner root, group the pod's fsGroup, which the preset's user belongs to). Files rather
 * than variables: a variable is visible to every process of the container and in crash dumps and
 * `/proc/<pid>/environ`, and linters (checkov CKV_K8S_35) flag it.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
 */
export function credentialsFiles(secret: string, keys: readonly string[]): PodVolume {
  return {
    prop: 'engine (credentials)',
    volume: { name: 'credentials', secret: { secretName: secret, items: keys.map((key) => ({ key, path: key })), defaultMode: 0o440 } },
    mount: { name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true },
  };
}

/** The path of one key of the credentials Secret, as {@link credentialsFiles} mounts it. */
export function credentialsFile(key: string): EnvValue {
  return EnvValue.fromValue(`${CREDENTIALS_DIR}/${key}`);
}

/** The credentials Secret's name: the option, or `{name}-credentials`. */
export function credentialsSecret(ctx: EngineContext, options: EngineOptions): string {
  return validate.dns1123Subdomain(ctx.scope, 'engine credentialsSecretName', options.credentialsSecretName ?? `${ctx.name}-credentials`);
}

/**
 * The password login of the presets whose `authentication` option turns it on or off (ZooKeeper,
 * Kafka, Cassandra): the option, checked (default true), and when it is on the credentials
 * Secret's `username` and `password` as files and the variables that name them
 * (`KP_USERNAME_FILE`, `KP_PASSWORD_FILE`), which the presets' scripts read.
 * @throws ValidationError when `authentication` is not a boolean
 */
export function passwordLogin(
  ctx: EngineContext,
  options: EngineOptions & { readonly authentication?: boolean },
): {
  readonly enabled: boolean;
  readonly secret?: string;
  readonly env: { readonly [name: string]: EnvValue };
  readonly volumes: PodVolume[];
} {
  const enabled = validate.boolean(ctx.scope, 'engine authentication', options.authentication ?? true);
  if (!enabled) return { enabled, env: {}, volumes: [] };
  const secret = credentialsSecret(ctx, options);
  return {
    enabled,
    secret,
    env: { KP_USERNAME_FILE: credentialsFile('username'), KP_PASSWORD_FILE: credentialsFile('password') },
    volumes: [credentialsFiles(secret, ['username', 'password'])],
  };
}

/**
 * The SASL login of the presets that authenticate through a JAAS file their start script writes
 * (ZooKeeper, Kafka): {@link passwordLogin}, with `sasl-credentials.sh` (which reads the files for
 * the JAAS file) and the members' authentication of each other (`sasl` or `none`).
 * @throws ValidationError when `authentication` is not a boolean
 */
export function saslLogin(
  ctx: EngineContext,
  options: EngineOptions & { readonly authentication?: boolean },
): ReturnType<typeof passwordLogin> & { readonly scripts: string[]; readonly peerAuthentication: 'sasl' | 'none' } {
  const login = passwordLogin(ctx, options);
  return { ...login, scripts: login.enabled ? ['sasl-credentials.sh', 'secret-login.sh'] : [], peerAuthentication: login.enabled ? 'sasl' : 'none' };
}

/**
 * Refuses replicas > 1 for an engine whose preset does not replicate: N pods would be N
 * independent primaries that silently diverge.
 * @throws ValidationError for replicas > 1
 */
export function requireSingleReplica(ctx: EngineContext, engine: string, operators: string): void {
  if (ctx.replicas > 1) {
    validate.fail(
      ctx.scope,
      'replicas',
      ctx.replicas,
      `is more than 1, but the ${engine} preset does not set up replication: each pod would be an independent primary and their data would silently diverge; use replicas: 1, or an operator that manages ${engine} replication and failover (${operators})`,
    );
  }
}

/**
 * Requires a quorum-friendly size: 1 (standalone) or an odd number. An even ensemble tolerates
 * no more failures than the odd one below it and is more likely to split.
 * @throws ValidationError for an even replica count above 0
 */
export function requireOddQuorum(ctx: EngineContext, engine: string): void {
  if (ctx.replicas > 1 && ctx.replicas % 2 === 0) {
    validate.fail(
      ctx.scope,
      'replicas',
      ctx.replicas,
      `is even; a ${engine} quorum of ${ctx.replicas} tolerates no more failures than ${ctx.replicas - 1} and can split evenly, so use 1, 3, 5 or another odd number`,
    );
  }
}

/** `KP_POD_NAME`: the pod name (`{name}-{ordinal}`), from the downward API, for scripts. */
export const POD_NAME_ENV = { KP_POD_NAME: EnvValue.fromFieldRef('metadata.name') };

/** A probe that runs a preset script, with `args`. */
export function scriptProbe(script: string, options: ProbeOptions = {}, args: readonly string[] = []): Probe {
  return Probe.exec([`${SCRIPTS_DIR}/${script}`, ...args], options);
}

/** The command that runs a preset script as the container's entrypoint. */
export function scriptCommand(script: string): string[] {
  return [`${SCRIPTS_DIR}/${script}`];
}

/** A memory-backed /dev/shm (the container runtime's default is 64Mi). */
export function sharedMemory(sizeLimit: string): PodVolume {
  return {
    prop: 'engine (shared memory)',
    volume: { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit } },
    mount: { name: 'dshm', mountPath: '/dev/shm' },
  };
}

const packagedCache = new Map<string, string>();

/** A text file shipped with the package below lib/core/engines, read once. */
function packagedText(dir: 'scripts' | 'files', file: string): string {
  const key = `${dir}/${file}`;
  let text = packagedCache.get(key);
  if (text === undefined) {
    text = readFileSync(join(__dirname, dir, file), 'utf8');
    packagedCache.set(key, text);
  }
  return text;
}

/**
 * The text of a preset script (lib/core/engines/scripts), read once.
 * @internal
 */
export function scriptText(file: string): string {
  return packagedText('scripts', file);
}

/**
 * The text of a configuration file a preset ships (lib/core/engines/files), read once.
 * @internal
 */
export function configFileText(file: string): string {
  return packagedText('files', file);
}
