/**
 * The cdk8s surface stays translatable to the jsii languages (Python, Java, Go, .NET; issue #16):
 * `lib/bindings.ts` is compiled with jsii, in a copy of the library that holds only what a jsii
 * package would (no Pulumi, no CLI), and the assembly must hold the constructs, the presets and
 * their props as jsii types.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('jsii', () => {
  let project: string;
  let result: { status: number | null; output: string };
  let types: Record<string, { kind: string; datatype?: boolean; properties?: { name: string }[] }>;

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'kube-patterns-jsii-'));
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // The frameworks jsii knows (cdk8s, constructs, cdk8s-plus-28) stay peers; the rest is bundled.
    const { '@pulumi/kubernetes': _k, '@pulumi/pulumi': _p, ...peers } = ours.peerDependencies;
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: ours.name,
        version: ours.version,
        license: ours.license,
        description: ours.description,
        author: { name: 'kube-patterns', organization: true },
        repository: { type: 'git', url: 'https://example.invalid/kube-patterns.git' },
        main: 'lib/bindings.js',
        types: 'lib/bindings.d.ts',
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
    cpSync(join(ROOT, 'lib'), join(project, 'lib'), { recursive: true, filter: (src) => !/\/lib\/(pulumi|cli|migrate)(\/|$)/.test(src) });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    // Reserved words (`namespace` in C#, `type` in Go...) are renamed by the generators; reported, not fatal.
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], { cwd: project, encoding: 'utf8' });
    result = { status: run.status, output: `${run.stdout}${run.stderr}` };
    types = result.status === 0 ? JSON.parse(readFileSync(join(project, '.jsii'), 'utf8')).types : {};
  }, 180000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  test('lib/bindings.ts compiles with jsii, without errors', () => {
    expect(result.output).not.toMatch(/error JSII\d+/);
    expect(result.status).toBe(0);
  });

  test('the constructs and the presets are classes, their props are structs', () => {
    for (const name of ['StatefulDatabase', 'StatelessWeb', 'DatabaseEngine', 'EnvValue', 'Probe', 'NetworkPeer', 'VolumeSource']) {
      expect(types[`kube-patterns.${name}`]).toMatchObject({ kind: 'class' });
    }
    for (const name of ['StatefulDatabaseProps', 'StatelessWebProps', 'StorageProps', 'BackupProps', 'DatabaseTlsProps', 'PreStopProps', 'ProjectedSourceProps']) {
      expect(types[`kube-patterns.${name}`]).toMatchObject({ kind: 'interface', datatype: true });
    }
    expect(types['kube-patterns.IDatabaseEngine']).toMatchObject({ kind: 'interface' });
    expect(types['kube-patterns.PodManagementPolicy']).toMatchObject({ kind: 'enum' });
  });

  test('every prop of StatefulDatabaseProps reaches the bindings', () => {
    const props = (name: string): string[] => {
      const type = types[`kube-patterns.${name}`];
      const inherited = ((type as { interfaces?: string[] }).interfaces ?? []).flatMap((fqn) => props(fqn.replace(/^kube-patterns\./, '')));
      return [...(type.properties ?? []).map((p) => p.name), ...inherited];
    };
    expect(props('StatefulDatabaseProps')).toEqual(expect.arrayContaining(['engine', 'storage', 'replicas', 'backup', 'tls', 'networkPolicy', 'config', 'env', 'sidecars', 'preStop']));
  });
});
