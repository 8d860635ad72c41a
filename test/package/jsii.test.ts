/**
 * The cdk8s surface stays translatable to the jsii languages (Python, Java, Go, .NET; issue #16):
 * `lib/bindings.ts` is compiled with jsii, in a copy of the library that holds only what a jsii
 * package would (no Pulumi, no CLI), and the assembly must hold the constructs, the presets and
 * their props as jsii types.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compileJsiiProject, JsiiProject } from '../../scripts/jsii-project';

describe('jsii', () => {
  let project: JsiiProject;
  let types: Record<string, { kind: string; datatype?: boolean; properties?: { name: string }[] }>;

  beforeAll(() => {
    project = compileJsiiProject();
    types = project.status === 0 ? JSON.parse(readFileSync(join(project.dir, '.jsii'), 'utf8')).types : {};
  }, 180000);

  afterAll(() => {
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  test('lib/bindings.ts compiles with jsii, without errors', () => {
    expect(project.output).not.toMatch(/error JSII\d+/);
    expect(project.status).toBe(0);
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
