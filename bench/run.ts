/**
 * `npm run bench`: synth cost, scaling, import cost and Pulumi registration of kube-patterns,
 * measured side by side with hand-written cdk8s ApiObjects and cdk8s-plus-28 in one run, each
 * measurement in a fresh process, repetitions interleaved so that machine noise hits every path
 * alike. Prints markdown tables and whether each target holds. A script, not a test.
 *
 *   npm run bench                  # full run (a few minutes on 2 cores)
 *   npm run bench -- --quick       # smaller sizes, one repetition
 *   npm run bench -- --reps 5
 */
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import type { Kind, Path } from './workloads';

const ROOT = join(__dirname, '..');
const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, reps: { type: 'string' } } });
const reps = Number(args.reps ?? (args.quick ? 1 : 3));
const SYNTH_SIZES = args.quick ? [10, 100, 1000] : [10, 100, 500, 1000, 5000];
const PULUMI_SIZES = args.quick ? [10, 100] : [10, 100, 1000];
const PATHS: Path[] = ['kube-patterns', 'hand-written', 'cdk8s-plus-28'];
const KINDS: Kind[] = ['database', 'web'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, digits = 1) => x.toFixed(digits);

function node(script: string, ...argv: string[]): any {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, script), ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The hand-written baseline must produce exactly our objects, or the comparison means nothing. */
function checkBaseline(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addInstance } = require('./workloads') as typeof import('./workloads');
  for (const kind of KINDS) {
    const charts = (['kube-patterns', 'hand-written'] as const).map((path) => {
      const chart = new Chart(new App(), 'check');
      addInstance(chart, path, kind, 0);
      return chart.toJson();
    });
    if (!isDeepStrictEqual(charts[0], charts[1])) {
      throw new Error(`the hand-written ${kind} baseline differs from what kube-patterns synthesizes; fix bench/workloads.ts`);
    }
  }
}

function main(): void {
  const started = new Date();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  checkBaseline();
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(`# kube-patterns benchmark\n\n${started.toISOString()}, Node ${process.version}, ${cpu}, ${reps} repetition(s), medians.\n`);

  // 1 and 2. Synth cost and scaling.
  const synth = new Map<string, any[]>();
  for (const n of SYNTH_SIZES) {
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of KINDS) {
        for (const path of PATHS) {
          const key = `${path}/${kind}/${n}`;
          synth.set(key, [...(synth.get(key) ?? []), node('synth-worker.ts', path, kind, String(n))]);
          process.stderr.write('.');
        }
      }
    }
  }
  process.stderr.write('\n');
  const ms = (path: Path, kind: Kind, n: number) => median(synth.get(`${path}/${kind}/${n}`)!.map((r) => r.ms));
  const one = (path: Path, kind: Kind, n: number) => synth.get(`${path}/${kind}/${n}`)![0];
  const rss = (path: Path, kind: Kind, n: number) => Math.max(...synth.get(`${path}/${kind}/${n}`)!.map((r) => r.maxRssMiB));

  console.log('## 1. Synth cost (construct + `app.synthYaml()`)\n');
  const synthRows: Array<Array<string | number>> = [];
  for (const kind of KINDS) {
    for (const n of SYNTH_SIZES) {
      for (const path of PATHS) {
        const objects = one(path, kind, n).objects;
        synthRows.push([
          kind,
          n,
          path,
          objects,
          fmt(ms(path, kind, n)),
          fmt((ms(path, kind, n) / objects) * 1000, 0),
          fmt(ms(path, kind, n) / ms('hand-written', kind, n), 2),
          fmt(ms(path, kind, n) / ms('cdk8s-plus-28', kind, n), 2),
          fmt(rss(path, kind, n), 0),
        ]);
      }
      const floor = one('kube-patterns', kind, n);
      synthRows.push([kind, n, 'serialize only (JSON / YAML)', floor.objects, `${fmt(floor.jsonMs)} / ${fmt(floor.yamlMs)}`, '', '', '', '']);
    }
  }
  console.log(
    table(['kind', 'N', 'path', 'objects', 'ms', 'µs/object', 'vs hand-written', 'vs cdk8s-plus-28 (per instance)', 'peak RSS MiB'], synthRows),
  );
  console.log('\ncdk8s-plus-28 makes fewer objects (no volumeClaimTemplates or PodDisruptionBudget exist there), so compare it per instance.\n');

  console.log('## 2. Scaling: time(10N) / time(N)\n');
  const steps = SYNTH_SIZES.flatMap((n) => (SYNTH_SIZES.includes(n * 10) ? [[n, n * 10]] : []));
  const scalingRows: Array<Array<string | number>> = [];
  let worstScaling = 0;
  for (const kind of KINDS) {
    for (const path of PATHS) {
      const ratios = steps.map(([a, b]) => ms(path, kind, b) / ms(path, kind, a));
      worstScaling = Math.max(worstScaling, ...(path === 'kube-patterns' ? ratios : []));
      scalingRows.push([kind, path, ...ratios.map((r) => fmt(r, 2))]);
    }
  }
  console.log(table(['kind', 'path', ...steps.map(([a, b]) => `${b}/${a}`)], scalingRows));

  // 3. Import cost.
  console.log('\n## 3. Import cost (fresh process, `require` only)\n');
  const targets = [
    ['kube-patterns', './build/lib'],
    ['kube-patterns/pulumi', './build/lib/pulumi'],
    ['cdk8s-plus-28', 'cdk8s-plus-28'],
    ['@pulumi/kubernetes', '@pulumi/kubernetes'],
  ];
  const importMs = new Map<string, number[]>();
  let pulumiLoadedByCdk8sEntry = -1;
  for (let rep = 0; rep < Math.max(5, reps); rep++) {
    for (const [label, module] of targets) {
      const out = execFileSync(
        process.execPath,
        [
          '-e',
          `const t = process.hrtime.bigint(); require(${JSON.stringify(module)}); const ms = Number(process.hrtime.bigint() - t) / 1e6;
           console.log(JSON.stringify({ ms, pulumi: Object.keys(require.cache).filter((m) => m.includes('@pulumi')).length }));`,
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      const result = JSON.parse(out);
      importMs.set(label, [...(importMs.get(label) ?? []), result.ms]);
      if (label === 'kube-patterns') pulumiLoadedByCdk8sEntry = result.pulumi;
    }
  }
  const imp = (label: string) => median(importMs.get(label)!);
  console.log(
    table(
      ['module', 'ms', 'ratio'],
      [
        ['kube-patterns', fmt(imp('kube-patterns')), `${fmt(imp('kube-patterns') / imp('cdk8s-plus-28'), 2)} × cdk8s-plus-28`],
        ['cdk8s-plus-28', fmt(imp('cdk8s-plus-28')), ''],
        ['kube-patterns/pulumi', fmt(imp('kube-patterns/pulumi')), `${fmt(imp('kube-patterns/pulumi') / imp('@pulumi/kubernetes'), 2)} × @pulumi/kubernetes`],
        ['@pulumi/kubernetes', fmt(imp('@pulumi/kubernetes')), ''],
      ],
    ),
  );
  console.log(`\n\`require('kube-patterns')\` loaded ${pulumiLoadedByCdk8sEntry} @pulumi modules.`);

  // 4. Pulumi registration.
  console.log('\n## 4. Pulumi registration under mocks (StatefulDatabase: 4 resources each, plus the component)\n');
  const pulumi = new Map<string, number[]>();
  for (const n of PULUMI_SIZES) {
    for (let rep = 0; rep < reps; rep++) {
      for (const path of ['kube-patterns', 'hand-written']) {
        const key = `${path}/${n}`;
        pulumi.set(key, [...(pulumi.get(key) ?? []), node('pulumi-worker.ts', path, String(n)).ms]);
        process.stderr.write('.');
      }
    }
  }
  process.stderr.write('\n');
  const pms = (path: string, n: number) => median(pulumi.get(`${path}/${n}`)!);
  console.log(
    table(
      ['N', 'kube-patterns ms', 'hand-written ms', 'ratio'],
      PULUMI_SIZES.map((n) => [n, fmt(pms('kube-patterns', n)), fmt(pms('hand-written', n)), fmt(pms('kube-patterns', n) / pms('hand-written', n), 2)]),
    ),
  );

  // Targets.
  const largest = SYNTH_SIZES[SYNTH_SIZES.length - 1];
  const vsHand = Math.max(...KINDS.map((k) => ms('kube-patterns', k, largest) / ms('hand-written', k, largest)));
  const vsPlus = Math.max(...KINDS.map((k) => ms('kube-patterns', k, largest) / ms('cdk8s-plus-28', k, largest)));
  const pulumiRatio = pms('kube-patterns', PULUMI_SIZES[PULUMI_SIZES.length - 1]) / pms('hand-written', PULUMI_SIZES[PULUMI_SIZES.length - 1]);
  const verdict = (ok: boolean) => (ok ? 'holds' : 'MISSED');
  console.log('\n## Targets\n');
  console.log(
    table(
      ['target', 'measured', 'verdict'],
      [
        [`synth ≤ 1.2 × hand-written ApiObjects (N=${largest}, worst kind)`, `${fmt(vsHand, 2)} ×`, verdict(vsHand <= 1.2)],
        [`synth ≤ cdk8s-plus-28 per instance (N=${largest}, worst kind)`, `${fmt(vsPlus, 2)} ×`, verdict(vsPlus <= 1)],
        ['linear: time(10N)/time(N) ≤ 11', `worst ${fmt(worstScaling, 2)}`, verdict(worstScaling <= 11)],
        ['require(kube-patterns) ≤ 1.2 × require(cdk8s-plus-28)', `${fmt(imp('kube-patterns') / imp('cdk8s-plus-28'), 2)} ×`, verdict(imp('kube-patterns') <= 1.2 * imp('cdk8s-plus-28'))],
        ['require(kube-patterns) loads no Pulumi', `${pulumiLoadedByCdk8sEntry} modules`, verdict(pulumiLoadedByCdk8sEntry === 0)],
        ['Pulumi registration ≤ 1.2 × hand-written', `${fmt(pulumiRatio, 2)} ×`, verdict(pulumiRatio <= 1.2)],
      ],
    ),
  );
}

main();
