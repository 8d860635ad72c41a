/**
 * One synth measurement in a fresh process:
 *   node -r ts-node/register/transpile-only bench/synth-worker.ts <path> <kind> <n>
 * Prints JSON: construct+synth milliseconds, the object count, the serialize-only floor
 * (JSON.stringify and YAML dump of the final objects), and the process's peak RSS.
 */
import { App, Chart, Yaml } from 'cdk8s';
import { performance } from 'node:perf_hooks';
import { addInstance, Kind, Path } from './workloads';

const [path, kind, count] = process.argv.slice(2) as [Path, Kind, string];
const n = Number(count);

const app = new App();
const chart = new Chart(app, 'bench');
const start = performance.now();
for (let i = 0; i < n; i++) {
  addInstance(chart, path, kind, i);
}
const yaml = app.synthYaml();
const ms = performance.now() - start;

const objects = chart.toJson();
const jsonStart = performance.now();
JSON.stringify(objects);
const jsonMs = performance.now() - jsonStart;
const yamlStart = performance.now();
Yaml.stringify(...objects);
const yamlMs = performance.now() - yamlStart;

process.stdout.write(
  JSON.stringify({ path, kind, n, ms, objects: objects.length, bytes: yaml.length, jsonMs, yamlMs, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
