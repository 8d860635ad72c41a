/**
 * `npm run bindings -- [targets...]`: builds the jsii bindings of the cdk8s surface
 * (lib/bindings.ts) with jsii-pacmak into dist/bindings/{target}/, e.g. the Python wheel
 * dist/bindings/python/kube_patterns-{version}-py3-none-any.whl. Targets: python (default),
 * java, go, dotnet; each needs its toolchain on PATH (pip, Maven, Go, the .NET SDK).
 * @see https://aws.github.io/jsii/user-guides/lib-author/toolchain/jsii-pacmak/
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { compileJsiiProject, ROOT } from './jsii-project';

const TARGETS = ['python', 'java', 'go', 'dotnet'];

const program = new Command('bindings')
  .description('build the jsii bindings of kube-patterns into dist/bindings/')
  .argument('[targets...]', `any of ${TARGETS.join(', ')}`, ['python'])
  .action((targets: string[]) => {
    const unknown = targets.filter((t) => !TARGETS.includes(t));
    if (unknown.length > 0) program.error(`unknown target ${unknown.join(', ')}: use ${TARGETS.join(', ')}`);
    const project = compileJsiiProject();
    try {
      if (project.status !== 0) program.error(`jsii failed:\n${project.output}`);
      const pacmak = spawnSync(join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--targets', ...targets], { cwd: project.dir, stdio: 'inherit' });
      if (pacmak.status !== 0) program.error(`jsii-pacmak failed (${pacmak.status})`);
      for (const target of targets) {
        const destination = join(ROOT, 'dist', 'bindings', target);
        rmSync(destination, { recursive: true, force: true });
        cpSync(join(project.dir, 'dist', target), destination, { recursive: true });
        console.log(`${target}: ${destination}`);
      }
    } finally {
      rmSync(project.dir, { recursive: true, force: true });
    }
  });

program.parse();
