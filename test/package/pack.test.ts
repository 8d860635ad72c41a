/**
 * The published package works for another project: `npm pack`, install the tarball into an
 * empty project, then use it through plain `require` and through a strict TypeScript `import`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm package', () => {
  let project: string;
  let tarballFiles: string[];

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'kube-patterns-consumer-'));
    run('npm', ['run', 'build'], ROOT);
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', project], ROOT));
    tarballFiles = packed[0].files.map((f: { path: string }) => f.path);
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    // Peer dependencies (cdk8s, constructs, cdk8s-plus-28) are installed by npm itself.
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`, 'typescript@~5.9.3', '@types/node@^20'], project);
  }, 300000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  test('the tarball holds the compiled library and its declarations, not tests or sources', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/core/stateful-database.d.ts', 'build/lib/core/engines/scripts/cassandra-start.sh', 'build/lib/core/engines/files/cassandra-jmx-exporter.yaml']));
    expect(tarballFiles.filter((f) => !f.startsWith('build/lib/') && !['package.json', 'README.md'].includes(f))).toEqual([]);
    expect(tarballFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test("plain require('kube-patterns') synthesizes a StatefulDatabase", () => {
    const script = `
      const { App, Chart } = require('cdk8s');
      const { StatefulDatabase, ValidationError } = require('kube-patterns');
      const app = new App();
      const chart = new Chart(app, 'c');
      const db = new StatefulDatabase(chart, 'db', { image: 'postgres:16', port: 5432, storage: { size: '1Gi', mountPath: '/data' } });
      let error;
      try { new StatefulDatabase(chart, 'bad', { image: 'x', port: 0, storage: { size: '1Gi', mountPath: '/d' } }); } catch (e) { error = e; }
      console.log(JSON.stringify({ host: db.host, kinds: chart.toJson().map(o => o.kind), isValidationError: error instanceof ValidationError }));
    `;
    expect(JSON.parse(run('node', ['-e', script], project))).toEqual({
      host: 'db.default.svc.cluster.local',
      kinds: ['Service', 'Service', 'StatefulSet', 'NetworkPolicy'],
      isValidationError: true,
    });
  });

  test("the shipped scripts and configuration files are found: a Cassandra ring with metrics synthesizes", () => {
    const script = `
      const { App, Chart } = require('cdk8s');
      const { DatabaseEngine, StatefulDatabase } = require('kube-patterns');
      const chart = new Chart(new App(), 'c');
      const ring = new StatefulDatabase(chart, 'ring', { engine: DatabaseEngine.cassandra(), metrics: {} });
      console.log(JSON.stringify(Object.keys(ring.configMap.toJson().data).sort()));
    `;
    expect(JSON.parse(run('node', ['-e', script], project))).toEqual(expect.arrayContaining(['cassandra-jmx-exporter.yaml', 'cassandra-start.sh', 'java-agent-fetch.sh']));
  });

  test("require('kube-patterns') needs no Pulumi installed", () => {
    expect(run('node', ['-e', "try { require.resolve('@pulumi/pulumi'); console.log('installed') } catch { console.log('absent') }"], project).trim()).toBe('absent');
  });

  test("'kube-patterns/pulumi' works once the optional Pulumi peers are installed", () => {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '@pulumi/pulumi@~3.248.0', '@pulumi/kubernetes@^4.34.2'], project);
    const script = `
      const pulumi = require('@pulumi/pulumi');
      const types = [];
      pulumi.runtime.setMocks({ newResource: (a) => { types.push(a.type); return { id: a.name, state: a.inputs }; }, call: (a) => a.inputs }, 'p', 's', false);
      const { StatelessWeb } = require('kube-patterns/pulumi');
      const web = new StatelessWeb('web', { image: 'nginx:1.27', port: 8080, replicas: 1 });
      web.deployment.urn.apply(() => web.service.urn.apply(() => console.log(JSON.stringify(types.sort()))));
    `;
    expect(JSON.parse(run('node', ['-e', script], project))).toEqual(['kube-patterns:index:StatelessWeb', 'kubernetes:apps/v1:Deployment', 'kubernetes:core/v1:Service']);
  }, 300000);

  test('a strict TypeScript import type-checks, compiles and synthesizes YAML', () => {
    writeFileSync(
      join(project, 'main.ts'),
      `import { App, Chart } from 'cdk8s';
import { AccessMode, StatelessWeb, StatelessWebProps } from 'kube-patterns';
const props: StatelessWebProps = { image: 'nginx:1.27', port: 8080, replicas: 3, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_MANY } };
const app = new App();
const web: StatelessWeb = new StatelessWeb(new Chart(app, 'c'), 'web', props);
const name: string = web.name;
console.log(name + '\\n' + app.synthYaml());
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', outDir: 'out', types: ['node'], skipLibCheck: false } }),
    );
    run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], project);
    const output = run('node', ['out/main.js'], project);
    expect(output).toMatch(/^web\n/);
    expect(output).toContain('kind: Deployment');
    expect(output).toContain('claimName: web-shared');
  });
});
