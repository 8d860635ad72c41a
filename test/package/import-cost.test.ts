/**
 * Importing the cdk8s entry point must not load Pulumi (a cdk8s user must not pay for it), nor
 * cdk8s-plus-28 until a network policy needs a pod selector. Measured in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function loadedModules(script: string): string[] {
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', `${script}; console.log(JSON.stringify(Object.keys(require.cache)))`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

describe('import cost', () => {
  test("require('kube-patterns') loads no @pulumi module and not cdk8s-plus-28", () => {
    const modules = loadedModules("require('./lib')");
    expect(modules.some((m) => m.includes(join('lib', 'core', 'stateful-database')))).toBe(true);
    expect(modules.filter((m) => m.includes(`${join('node_modules', '@pulumi')}`))).toEqual([]);
    expect(modules.filter((m) => m.includes(join('node_modules', 'cdk8s-plus-28')))).toEqual([]);
    // The command line's Kubernetes client and argument parser are not the library's.
    expect(modules.filter((m) => m.includes(join('node_modules', '@kubernetes', 'client-node')) || m.includes(join('node_modules', 'commander')))).toEqual([]);
  });

  test('cdk8s-plus-28 is loaded once a pod selector is asked for', () => {
    const modules = loadedModules(`
      const { App, Chart } = require('cdk8s');
      const { StatelessWeb } = require('./lib');
      new StatelessWeb(new Chart(new App(), 'c'), 'web', { image: 'nginx', port: 80 }).toPodSelectorConfig();
    `);
    expect(modules.some((m) => m.includes(join('node_modules', 'cdk8s-plus-28')))).toBe(true);
  });
});
