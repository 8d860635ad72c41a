/**
 * Engine settings beyond the preset: server configuration (`config`), rendered into each engine's
 * own mechanism, and first-initialization scripts (`initScripts`), run by the image's entrypoint
 * from `/docker-entrypoint-initdb.d`.
 */
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { EnvValue } from '../env';
import * as validate from '../validate';
import type { PodVolume } from '../workload';
import { EnginePreset } from './engine';

/**
 * Server settings by name; values are written in the engine's syntax (booleans as `on`/`yes`...).
 * A map type, not an interface with an index signature, which jsii cannot translate.
 */
export type EngineConfig = { readonly [setting: string]: string | number | boolean };

/**
 * Scripts run once, when the server initializes an empty data directory: either files by name
 * (created as the ConfigMap `{name}-initdb`), or an existing ConfigMap. Give exactly one.
 */
export interface InitScripts {
  /**
   * File contents by file name, e.g. `{ '01-schema.sql': 'CREATE TABLE ...' }`; run in name
   * order. Extensions: `.sh`, `.sql` (and `.sql.gz`, `.sql.xz`, `.sql.zst`) for PostgreSQL, MySQL
   * and MariaDB; `.sh`, `.js` for MongoDB.
   * @default - none
   */
  readonly files?: { readonly [fileName: string]: string };
  /**
   * An existing ConfigMap whose keys are the files.
   * @default - none
   */
  readonly configMap?: string;
}

/** Where the image's entrypoint looks for first-initialization scripts. */
export const INITDB_DIR = '/docker-entrypoint-initdb.d';

/**
 * What `config` and `initScripts` add to a preset: args and env for the container, volumes, and
 * the ConfigMap data to create (`{name}-config`, `{name}-initdb`).
 * @internal
 */
export interface EngineSettings {
  readonly args: string[];
  readonly env: Record<string, EnvValue>;
  readonly volumes: PodVolume[];
  readonly configData?: Record<string, string>;
  readonly initdbData?: Record<string, string>;
}

/**
 * Validates `config` and `initScripts` against the preset and renders them.
 * @throws ValidationError for a setting the preset owns, a malformed name or value, an engine
 *   without the mechanism, or a script the image would not run
 * @internal
 */
export function engineSettings(scope: string, engine: string, name: string, preset: EnginePreset | undefined, config: EngineConfig | undefined, initScripts: InitScripts | undefined): EngineSettings {
  const settings: EngineSettings = { args: [], env: {}, volumes: [] };
  if (config !== undefined) Object.assign(settings, renderConfig(scope, engine, name, preset, config));
  if (initScripts !== undefined) {
    const rendered = renderInitScripts(scope, engine, name, preset, initScripts);
    settings.volumes.push(rendered.volume);
    Object.assign(settings, { initdbData: rendered.data });
  }
  return settings;
}

function renderConfig(scope: string, engine: string, name: string, preset: EnginePreset | undefined, config: EngineConfig): Partial<EngineSettings> {
  if (preset === undefined) {
    validate.fail(scope, 'config', config, 'needs an engine preset, which knows how its server reads settings; without one, pass them through args or env');
  }
  const mechanism = preset.config;
  if (mechanism === undefined) {
    validate.fail(scope, 'config', config, `is not supported by the ${engine} preset: ${preset.configInstead}`);
  }
  // In key order, not the map's insertion order: the same settings always render the same args
  // and file, whichever order a program built the map in (a Pulumi program in another language
  // passes it through the engine, which does not keep the order).
  const entries = Object.entries(validate.object(scope, 'config', config)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const normalize = mechanism.normalize ?? ((key: string) => key);
  const owned = mechanism.owned.map(normalize);
  const seen = new Map<string, string>();
  const settings = entries.map(([key, value]) => {
    const prop = `config['${key}']`;
    if (!mechanism.keyPattern.test(key)) validate.fail(scope, prop, value, `is not a setting name ${engine} accepts (${mechanism.describe})`);
    const normal = normalize(key);
    if ((mechanism.ownedByTls ?? []).map(normalize).includes(normal)) {
      validate.fail(scope, prop, value, `is set from tls (the server's certificate and key); change tls instead`);
    }
    if ((mechanism.tlsPrefixes ?? []).some((prefix) => normal.startsWith(prefix))) {
      validate.fail(scope, prop, value, `is set by the ${engine} preset from tls (the server's certificate and key); set tls instead`);
    }
    if (owned.includes(normal) || (mechanism.ownedPrefixes ?? []).some((prefix) => normal.startsWith(prefix))) {
      validate.fail(scope, prop, value, `is set by the ${engine} preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)`);
    }
    const earlier = seen.get(normal);
    if (earlier !== undefined) validate.fail(scope, prop, value, `is the same setting as config['${earlier}']`);
    seen.set(normal, key);
    let text: string;
    if (typeof value === 'boolean') text = value ? mechanism.booleans[0] : mechanism.booleans[1];
    else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
    else if (typeof value === 'string' && !/[\n\r\0]/.test(value) && value !== '') text = value;
    else validate.fail(scope, prop, value, 'must be a non-empty string without line breaks, a finite number or a boolean');
    return [key, text] as const;
  });
  const rendered = mechanism.render(settings);
  const volumes: PodVolume[] = rendered.file
    ? [
        {
          prop: 'config',
          volume: { name: 'config', configMap: { name: `${name}-config` } },
          mount: { name: 'config', mountPath: rendered.file.mountPath, readOnly: true },
        },
      ]
    : [];
  return {
    args: [...(rendered.args ?? [])],
    env: { ...rendered.env },
    volumes,
    ...(rendered.file ? { configData: { [rendered.file.key]: rendered.file.content } } : {}),
  };
}

function renderInitScripts(scope: string, engine: string, name: string, preset: EnginePreset | undefined, given: InitScripts): { volume: PodVolume; data?: Record<string, string> } {
  const extensions = preset?.initScriptExtensions;
  if (extensions === undefined) {
    validate.fail(
      scope,
      'initScripts',
      given,
      preset === undefined
        ? `need an engine preset whose image runs ${INITDB_DIR} (postgres, mysql, mariadb, mongodb); without one, mount your scripts with volumes`
        : `are not supported by the ${engine} preset: its image runs nothing from ${INITDB_DIR}; use initContainers or a Job instead`,
    );
  }
  const props = validate.record(scope, 'initScripts', given);
  validate.knownKeys(scope, 'initScripts', props, ['files', 'configMap']);
  if ((props.files === undefined) === (props.configMap === undefined)) {
    validate.fail(scope, 'initScripts', given, 'must have exactly one of files and configMap');
  }
  const mount = { name: 'initdb', mountPath: INITDB_DIR, readOnly: true };
  if (props.configMap !== undefined) {
    const configMap = validate.dns1123Subdomain(scope, 'initScripts.configMap', props.configMap);
    return { volume: { prop: 'initScripts', volume: { name: 'initdb', configMap: { name: configMap } }, mount } };
  }
  const files = Object.entries(validate.object(scope, 'initScripts.files', props.files));
  if (files.length === 0) validate.fail(scope, 'initScripts.files', props.files, 'must hold at least one file');
  for (const [file, content] of files) {
    const prop = `initScripts.files['${file}']`;
    if (!validate.isDataKey(file)) validate.fail(scope, prop, file, "is not a valid file name: use letters, digits, '-', '_' and '.'");
    if (!extensions.some((ext) => file.endsWith(ext))) {
      validate.fail(scope, prop, file, `would be ignored by the ${engine} image, which runs ${extensions.join(', ')} files only`);
    }
    if (typeof content !== 'string') validate.fail(scope, prop, content, 'is not a string');
  }
  return {
    volume: { prop: 'initScripts', volume: { name: 'initdb', configMap: { name: `${name}-initdb` } }, mount },
    data: Object.fromEntries(files),
  };
}

/**
 * The ConfigMap for generated settings data.
 * @internal
 */
export function settingsConfigMap(metadata: ConfigMap['metadata'], data: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}
