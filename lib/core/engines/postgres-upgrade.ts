/**
 * How the data of a running PostgreSQL instance reaches a new major version. A PostgreSQL server
 * refuses the data directory of another major, so a change of major is never a plain re-apply:
 * the claim template records the data's format (`kube-patterns.io/data-format`), the API server
 * refuses to change it, and `kube-patterns plan` refuses it too, unless the props name how the
 * data is upgraded. This file is that name and what it renders.
 *
 * @see https://www.postgresql.org/docs/current/upgrading.html
 * @see https://www.postgresql.org/docs/current/pgupgrade.html
 */
import { ContainerSpecProps } from '../containers';
import { EnvValue } from '../env';
import { ResourceProps } from '../resources';
import { definedOnly } from '../util';
import * as validate from '../validate';
import { scriptCommand } from './common';
import { SCRIPTS_DIR } from './engine';

/** How pg_upgrade moves the data files into the new cluster (its `--copy`, `--link`, `--clone`). */
export enum PgUpgradeTransfer {
  /**
   * Copy every file: needs free space for a second copy of the data on the claim, takes time in
   * proportion to its size, and leaves the old cluster intact to roll back to.
   */
  COPY = 'copy',
  /**
   * Hard-link the files: seconds and no extra space, whatever the size; the old cluster is
   * unusable once the new server has started.
   */
  LINK = 'link',
  /** Clone the files (reflinks): as fast as `link` and as safe as `copy`, on file systems that support it (XFS, Btrfs). */
  CLONE = 'clone',
}

/** Options of {@link PostgresMajorUpgrade.pgUpgrade}. */
export interface PgUpgradeOptions {
  /**
   * The major version the data on the claims was written by, such as `'16'`: lower than the
   * engine `version`'s major. The upgrade checks it against the data directory's `PG_VERSION`
   * and stops (the pod does not start) on a mismatch.
   */
  readonly fromVersion: string;
  /**
   * How the files move into the new cluster.
   * @default PgUpgradeTransfer.COPY
   */
  readonly transfer?: PgUpgradeTransfer;
  /**
   * An image with the binaries of both majors under `/usr/lib/postgresql/{major}/bin`, running as
   * the preset's UID 999.
   * @default - `tianon/postgres-upgrade:{fromVersion}-to-{major}`, built on the official image
   * @see https://github.com/tianon/docker-postgres-upgrade
   */
  readonly image?: string;
  /**
   * CPU and memory of the upgrade container; pg_upgrade runs the old and the new server in turn.
   * @default - requests 250m / 256Mi, limits 1 / 1Gi
   */
  readonly resources?: ResourceProps;
}

/**
 * What the preset needs from an upgrade: the container and the format it upgrades from.
 * @internal
 */
export interface RenderedUpgrade {
  /** The init container that runs pg_upgrade before the server. */
  readonly initContainer: ContainerSpecProps;
  /** The data format the upgrade reads, `postgresql-{fromVersion}`. */
  readonly fromFormat: string;
  /** A one-line description, for the StatefulSet's annotation and the plan. */
  readonly description: string;
}

/**
 * Where the pod runs the upgrade: the data volume and the data directory on it.
 * @internal
 */
export interface UpgradeTarget {
  readonly scope: string;
  /** The major version the engine runs. */
  readonly toMajor: number;
  /** The data volume's name and mount path. */
  readonly volumeName: string;
  readonly mountPath: string;
  /** `PGDATA`, a directory directly below `mountPath`. */
  readonly pgdata: string;
}

/** The first major whose pg_upgrade gives the new cluster the old one's encoding and locales. */
const FIRST_SELF_LOCALIZING_MAJOR = 16;
const UPGRADE_DOCS = 'https://www.postgresql.org/docs/current/pgupgrade.html';

/**
 * A declared upgrade of the data on the claims from an older PostgreSQL major version to the
 * engine's. Give it with the new `version`, apply with `kube-patterns apply` (or `pulumi up`),
 * which recreate the StatefulSet around the running pod; the pod then restarts on the new image
 * and upgrades its data before the server starts. Remove it once the upgrade is done: it does
 * nothing on data that is already on the new major (and on a new, empty instance).
 *
 * The other ways, which need no option: a new instance (another `name`) filled by
 * `pg_dumpall | psql` or logical replication, then a switch of the clients.
 */
export class PostgresMajorUpgrade {
  /**
   * Upgrades in place with `pg_upgrade`, in an init container that runs before the server: the
   * data stays on the same claim, the old cluster is kept beside it (`pgdata-{fromVersion}`),
   * and an interrupted upgrade resumes or restarts on the next start of the pod.
   *
   * Needs PostgreSQL 16 or later as the target (its pg_upgrade adopts the old cluster's encoding
   * and locales) and the `postgres` superuser as the install user, as the preset sets it up.
   * @throws ValidationError (at synth) when `fromVersion` is not a major version below the engine's
   */
  public static pgUpgrade(options: PgUpgradeOptions): PostgresMajorUpgrade {
    return new PostgresMajorUpgrade(options);
  }

  private constructor(private readonly options: PgUpgradeOptions) {}

  /** @internal */
  public _render(target: UpgradeTarget): RenderedUpgrade {
    const { scope, toMajor } = target;
    const prop = 'engine majorUpgrade';
    const options = validate.object(scope, prop, this.options);
    validate.knownKeys(scope, prop, options, ['fromVersion', 'transfer', 'image', 'resources']);
    const from = options.fromVersion;
    if (typeof from !== 'string' || !/^[1-9]\d*$/.test(from)) {
      validate.fail(scope, `${prop}.fromVersion`, from, "is not a major version: give the major the data was written by, such as '16'");
    }
    if (Number(from) >= toMajor) {
      validate.fail(scope, `${prop}.fromVersion`, from, `is not below the engine's major version ${toMajor}: pg_upgrade only goes forward; to go back, restore a dump into a new instance (see ${UPGRADE_DOCS})`);
    }
    if (toMajor < FIRST_SELF_LOCALIZING_MAJOR) {
      validate.fail(
        scope,
        'engine version',
        toMajor,
        `is below ${FIRST_SELF_LOCALIZING_MAJOR}: before PostgreSQL ${FIRST_SELF_LOCALIZING_MAJOR}, pg_upgrade needs a new cluster created with the old one's encoding and locales, which the upgrade container does not detect; upgrade to ${FIRST_SELF_LOCALIZING_MAJOR} or later, or dump and restore into a new instance (see ${UPGRADE_DOCS})`,
      );
    }
    const transfer = validate.oneOf(scope, `${prop}.transfer`, options.transfer ?? PgUpgradeTransfer.COPY, PgUpgradeTransfer);
    const image = validate.image(scope, `${prop}.image`, options.image ?? `tianon/postgres-upgrade:${from}-to-${toMajor}`);
    const resources = validate.object(scope, `${prop}.resources`, options.resources);
    return {
      fromFormat: `postgresql-${from}`,
      description: `pg_upgrade --${transfer} from PostgreSQL ${from} to ${toMajor}`,
      initContainer: {
        name: 'upgrade-data',
        image,
        command: scriptCommand('postgres-upgrade.sh'),
        env: {
          KP_PGDATA: EnvValue.fromValue(target.pgdata),
          KP_FROM: EnvValue.fromValue(from),
          KP_TO: EnvValue.fromValue(String(toMajor)),
          KP_TRANSFER: EnvValue.fromValue(transfer),
          KP_SUPERUSER: EnvValue.fromValue('postgres'),
        },
        volumeMounts: [
          { volume: target.volumeName, mountPath: target.mountPath },
          { volume: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
        ],
        resources: {
          requests: { cpu: '250m', memory: '256Mi', ...definedOnly(validate.object(scope, `${prop}.resources.requests`, resources.requests)) },
          limits: { cpu: '1', memory: '1Gi', ...definedOnly(validate.object(scope, `${prop}.resources.limits`, resources.limits)) },
        },
      },
    };
  }
}
