/**
 * The jsii package of the cdk8s surface, from which the bindings are built: a copy of lib/ without
 * the Pulumi adapter, the CLI and the planner, whose main is lib/bindings.ts, compiled by jsii
 * (issue #16). Used by npm run bindings and by test/package/jsii.test.ts and python.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export const ROOT = join(__dirname, '..');

/** A compiled (or failed) jsii project. */
export interface JsiiProject {
  /** Its directory (remove it when done). */
  readonly dir: string;
  /** jsii's exit status and output. */
  readonly status: number | null;
  readonly output: string;
}

/**
 * The project's node_modules: real copies of the bundled dependencies and of every package they
 * need at the top level (npm pack bundles them, and through a symlinked node_modules it would
 * write paths with `..` into the tarball, which the jsii kernel refuses); symlinks to the
 * repository's node_modules for the rest (the frameworks, the type definitions jsii compiles
 * against).
 */
function linkNodeModules(dir: string, bundled: string[]): void {
  const modules = join(ROOT, 'node_modules');
  // The directory of `name` as Node resolves it from `from` (a package directory), up to the root.
  const locate = (name: string, from: string): string | undefined => {
    for (let base = from; base.startsWith(ROOT); base = dirname(base)) {
      const candidate = join(base, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    return undefined;
  };
  const topLevel = new Set<string>();
  const visited = new Set<string>();
  const visit = (name: string, from: string) => {
    const location = locate(name, from);
    if (location === undefined || visited.has(location)) return;
    visited.add(location);
    if (dirname(location) === modules || dirname(dirname(location)) === modules) topLevel.add(relative(modules, location));
    const manifest = JSON.parse(readFileSync(join(location, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dep, location);
  };
  bundled.forEach((name) => visit(name, ROOT));
  for (const entry of readdirSync(modules)) {
    const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const target = join(dir, 'node_modules', name);
      mkdirSync(dirname(target), { recursive: true });
      if (topLevel.has(name)) cpSync(join(modules, name), target, { recursive: true, dereference: true });
      else symlinkSync(join(modules, name), target);
    }
  }
}

/** Creates the project in a new temporary directory and runs jsii there. */
export function compileJsiiProject(): JsiiProject {
  const dir = mkdtempSync(join(tmpdir(), 'kube-patterns-jsii-'));
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  // The frameworks jsii knows (cdk8s, constructs, cdk8s-plus-28) stay peers; the rest is bundled.
  const { '@pulumi/kubernetes': _k, '@pulumi/pulumi': _p, ...peers } = ours.peerDependencies;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: ours.name,
      version: ours.version,
      license: ours.license,
      description: ours.description,
      author: { name: 'kube-patterns', organization: true },
      repository: { type: 'git', url: 'https://example.invalid/kube-patterns.git' },
      main: 'lib/bindings.js',
      types: 'lib/bindings.d.ts',
      files: ['.jsii', 'lib/**/*.js', 'lib/**/*.d.ts', 'lib/**/*.sh', 'lib/core/engines/files/*'],
      dependencies: ours.dependencies,
      bundledDependencies: Object.keys(ours.dependencies),
      peerDependencies: peers,
      jsii: {
        outdir: 'dist',
        excludeTypescript: ['lib/pulumi/**', 'lib/cli/**', 'lib/migrate/**'],
        targets: {
          python: { module: 'kube_patterns', distName: 'kube-patterns' },
          java: { package: 'io.kubepatterns', maven: { groupId: 'io.kubepatterns', artifactId: 'kube-patterns' } },
          go: { moduleName: 'example.invalid/kube-patterns' },
          dotnet: { namespace: 'KubePatterns', packageId: 'KubePatterns' },
        },
      },
    }),
  );
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true, filter: (src) => !/\/lib\/(pulumi|cli|migrate)(\/|$)/.test(src) });
  linkNodeModules(dir, Object.keys(ours.dependencies));
  // Reserved words (`namespace` in C#, `type` in Go, `except` in Python: the Kubernetes API's names, kept) are
  // escaped by the generators (Python `except_`, tested in python.test.ts); their warnings are silenced.
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], { cwd: dir, encoding: 'utf8' });
  return { dir, status: run.status, output: `${run.stdout}${run.stderr}` };
}
