/**
 * The real Pulumi CLI on a program of this repository: a throw-away project directory per stack
 * (so stack files never land in the repository), a file backend, and no network.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { describeUnless } from '../support/skip';

/** Why the suite is skipped (the toolchain is missing and cannot be built), or undefined. */
export const SKIP_REASON = process.env.KUBE_PATTERNS_PULUMI_SKIP;

/** `describe`, or `describe.skip` with the reason in its title when the toolchain is absent. */
export const describeWithPulumi = (name: string, body: () => void): void => describeUnless(SKIP_REASON, name, body);

const REPOSITORY = resolve(__dirname, '../..');

/** The resource changes of one update, as `pulumi stack history` counts them. */
export type ResourceChanges = Partial<Record<'create' | 'update' | 'delete' | 'replace' | 'same', number>>;

/** One timed `pulumi` step, for the table the suite prints. */
export interface Timing {
  readonly step: string;
  readonly seconds: number;
}

/** Every step timed so far in this test file. */
export const timings: Timing[] = [];

/** Prints the timings as a table (after a file's tests). */
export function printTimings(title: string): void {
  const lines = timings.map((t) => `| ${t.step} | ${t.seconds.toFixed(1)} s |`);
  process.stdout.write(`\n${title}\n| step | time |\n|---|---|\n${lines.join('\n')}\n`);
}

/** A stack of a program in this repository, run by the real Pulumi CLI. */
export class PulumiStack {
  private readonly project: string;
  private readonly env: NodeJS.ProcessEnv;

  /**
   * @param program the program's entry file (TypeScript), or its directory (Python: Pulumi.yaml,
   * `__main__.py` and requirements.txt), relative to the repository root
   * @param stack the stack name
   */
  public constructor(program: string, public readonly stack: string) {
    const bin = process.env.KUBE_PATTERNS_PULUMI_BIN;
    if (!bin) throw new Error('KUBE_PATTERNS_PULUMI_BIN is not set: run through `npm run test:pulumi`');
    const work = mkdtempSync(join(tmpdir(), 'kube-patterns-pulumi-'));
    this.project = join(work, 'project');
    spawnSync('mkdir', ['-p', this.project, join(work, 'state'), join(work, 'home')]);
    if (program.endsWith('.ts')) {
      // The entry is a symbolic link: Node resolves it to the file in the repository, so its relative
      // imports and the repository's node_modules are the ones a user of the example would have.
      symlinkSync(join(REPOSITORY, program), join(this.project, 'index.ts'));
      symlinkSync(join(REPOSITORY, 'node_modules'), join(this.project, 'node_modules'));
      writeFileSync(join(this.project, 'Pulumi.yaml'), `name: kube-patterns-it\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`);
    } else {
      // The program's own files; its local packages' paths made absolute, since the project moved.
      const source = join(REPOSITORY, program);
      const project = YAML.parse(readFileSync(join(source, 'Pulumi.yaml'), 'utf8'));
      for (const [name, path] of Object.entries<string>(project.packages ?? {})) project.packages[name] = resolve(source, path);
      writeFileSync(join(this.project, 'Pulumi.yaml'), YAML.stringify(project));
      copyFileSync(join(source, 'requirements.txt'), join(this.project, 'requirements.txt'));
      // A link, so that the program finds the repository's files beside its real path.
      symlinkSync(join(source, '__main__.py'), join(this.project, '__main__.py'));
    }
    this.env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      PULUMI_HOME: join(work, 'home'),
      PULUMI_BACKEND_URL: `file://${join(work, 'state')}`,
      PULUMI_CONFIG_PASSPHRASE: 'kube-patterns-it',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    };
    this.run(['stack', 'init', stack]);
  }

  /** Runs `pulumi <args>` in the project; throws with its output when it fails, unless `allowFailure`. */
  public run(args: string[], options: { allowFailure?: boolean } = {}): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.env.KUBE_PATTERNS_PULUMI_BIN + '/pulumi', [...args, '--non-interactive', '--color', 'never'], {
      cwd: this.project,
      env: this.env,
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw new Error(`pulumi ${args.join(' ')} did not finish: ${result.error.message}`);
    if (result.status !== 0 && !options.allowFailure) {
      throw new Error(`pulumi ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Sets stack config values (`secret` ones encrypted). */
  public config(values: Record<string, string | number | boolean>, secret = false): void {
    for (const [key, value] of Object.entries(values)) {
      this.run(['config', 'set', ...(secret ? ['--secret'] : []), key, String(value)]);
    }
  }

  /** Removes stack config values. */
  public unsetConfig(...keys: string[]): void {
    for (const key of keys) this.run(['config', 'rm', key]);
  }

  /** `pulumi up --yes`, timed as `step`; returns the update's resource changes and its output. */
  public up(step: string, extra: string[] = []): { changes: ResourceChanges; output: string } {
    const started = Date.now();
    const result = this.run(['up', '--yes', '--skip-preview', ...extra]);
    timings.push({ step, seconds: (Date.now() - started) / 1000 });
    return { changes: this.lastChanges(), output: result.stdout };
  }

  /**
   * `pulumi preview --json`: the planned steps (`op` and resource name), the engine's diagnostics
   * (one message per entry, as printed), or the raw output when it is not JSON.
   */
  public preview(): { status: number | null; steps: { op: string; name: string; type: string }[]; diagnostics: string[]; output: string } {
    const result = this.run(['preview', '--json', '--diff'], { allowFailure: true });
    let steps: { op: string; name: string; type: string }[] = [];
    let diagnostics: string[] = [];
    try {
      const json = JSON.parse(result.stdout);
      steps = (json.steps ?? []).map((s: any) => ({ op: s.op, name: s.urn.split('::').pop(), type: s.urn.split('::')[2] }));
      diagnostics = (json.diagnostics ?? []).map((d: any) => `${d.urn ?? ''} ${d.message ?? ''}`);
    } catch {
      // Not JSON (the CLI failed before planning): the caller reads `output`.
    }
    return { status: result.status, steps, diagnostics, output: result.stdout + result.stderr };
  }

  /** `pulumi destroy --yes`, timed as `step`. */
  public destroy(step: string): ResourceChanges {
    const started = Date.now();
    this.run(['destroy', '--yes', '--skip-preview']);
    timings.push({ step, seconds: (Date.now() - started) / 1000 });
    return this.lastChanges();
  }

  /** The stack's outputs. */
  public outputs(): Record<string, unknown> {
    return JSON.parse(this.run(['stack', 'output', '--json', '--show-secrets']).stdout);
  }

  private lastChanges(): ResourceChanges {
    const history = JSON.parse(this.run(['stack', 'history', '--json', '--show-secrets']).stdout);
    return history[0]?.resourceChanges ?? {};
  }
}
