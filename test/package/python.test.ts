/**
 * The Python bindings (issue #16): jsii-pacmak builds the wheel from lib/bindings.ts, a venv
 * installs it with cdk8s and cdk8s-plus-28 from PyPI (the versions in node_modules), and
 * examples/python/app.py synthesizes the example app, which must equal the TypeScript app's
 * output object for object.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HOSTNAME_TOPOLOGY_KEY, LABEL_INSTANCE, LABEL_PATTERN, MANAGED_BY, MAX_REPLICAS, parseQuantity, podDnsName, ZONE_TOPOLOGY_KEY } from '../../lib';
import { buildApp } from '../../examples/app';
import { compileJsiiProject, JsiiProject, ROOT } from '../../scripts/jsii-project';
import { KubeObject, synthApp } from '../support/objects';

/** Runs a command; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  return result.stdout;
}

const version = (pkg: string): string => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const key = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
const byKey = (objects: KubeObject[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));

describe('Python bindings', () => {
  let project: JsiiProject;
  let out: string;
  let python: KubeObject[];
  let venvPython: string;

  beforeAll(() => {
    project = compileJsiiProject();
    if (project.status !== 0) throw new Error(`jsii failed:\n${project.output}`);
    run(join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--targets', 'python'], project.dir);
    const wheel = readdirSync(join(project.dir, 'dist', 'python')).find((f) => f.endsWith('.whl'))!;
    // A venv kept beside the other test tools; the wheel is reinstalled every run.
    const venv = join(ROOT, 'node_modules', '.cache', 'kube-patterns-python-bindings');
    if (!existsSync(join(venv, 'bin', 'python'))) {
      mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
      run('python3', ['-m', 'venv', venv], ROOT);
    }
    const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];
    run(join(venv, 'bin', 'python'), [...pip, `cdk8s==${version('cdk8s')}`, `cdk8s-plus-28==${version('cdk8s-plus-28')}`, `constructs==${version('constructs')}`], ROOT);
    run(join(venv, 'bin', 'python'), [...pip, '--force-reinstall', '--no-deps', join(project.dir, 'dist', 'python', wheel)], ROOT);
    venvPython = join(venv, 'bin', 'python');
    out = mkdtempSync(join(tmpdir(), 'kube-patterns-python-app-'));
    run(join(venv, 'bin', 'python'), [join(ROOT, 'examples', 'python', 'app.py'), out], ROOT);
    python = readdirSync(out)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(readFileSync(join(out, f), 'utf8')).map((d) => d.toJS() as KubeObject));
  }, 600000);

  afterAll(() => {
    if (project) rmSync(project.dir, { recursive: true, force: true });
    if (out) rmSync(out, { recursive: true, force: true });
  });

  test('examples/python/app.py synthesizes the example app: the same objects as the TypeScript app', () => {
    const typescript = synthApp(buildApp());
    expect(python.map(key).sort()).toEqual(typescript.map(key).sort());
    expect(byKey(python)).toEqual(byKey(typescript));
  });

  test('the free functions and constants jsii drops have static twins with the same values', () => {
    const script = [
      'import json, kube_patterns as kp',
      'print(json.dumps({',
      '  "parse": kp.Quantity.parse("1Gi"), "invalid": kp.Quantity.parse("10GB"),',
      '  "instance": kp.KubernetesLabels.INSTANCE, "pattern": kp.KubernetesLabels.PATTERN, "managedBy": kp.KubernetesLabels.MANAGED_BY_VALUE,',
      '  "zone": kp.TopologyKeys.ZONE, "hostname": kp.TopologyKeys.HOSTNAME, "maxReplicas": kp.StatefulDatabase.MAX_REPLICAS,',
      '  "podDnsName": kp.KubernetesDns.pod_dns_name("db-0", "db-headless", "shop", "cluster.local"),',
      '}))',
    ].join('\n');
    expect(JSON.parse(run(venvPython, ['-c', script], ROOT))).toEqual({
      parse: parseQuantity('1Gi'),
      invalid: null,
      instance: LABEL_INSTANCE,
      pattern: LABEL_PATTERN,
      managedBy: MANAGED_BY,
      zone: ZONE_TOPOLOGY_KEY,
      hostname: HOSTNAME_TOPOLOGY_KEY,
      maxReplicas: MAX_REPLICAS,
      podDnsName: podDnsName('db-0', 'db-headless', 'shop', 'cluster.local'),
    });
  });

  test("Kubernetes' names that are Python keywords keep working, escaped by the generator (except becomes except_)", () => {
    // The props keep the API's names (`except`, `namespace`, `operator`, `type`); jsii-pacmak
    // escapes each in the languages where it is reserved, as it does for cdk8s-plus.
    const script = [
      'import json, cdk8s, kube_patterns as kp',
      'app = cdk8s.App()',
      'chart = cdk8s.Chart(app, "c", namespace="shop")',
      'kp.StatefulDatabase(chart, "db", engine=kp.DatabaseEngine.redis(), network_policy=kp.DatabaseNetworkPolicyProps(',
      '  allow_from=[kp.NetworkPeer.ip_block("10.0.0.0/8", except_=["10.1.0.0/16"])]),',
      '  node_affinity=kp.NodeAffinityProps(required=[[kp.NodeLabelRequirement(key="disktype", operator="In", values=["ssd"])]]))',
      'objects = {o["kind"]: o for o in chart.to_json()}',
      'print(json.dumps({"policy": objects["NetworkPolicy"]["spec"]["ingress"], "affinity": objects["StatefulSet"]["spec"]["template"]["spec"]["affinity"]}))',
    ].join('\n');
    const result = JSON.parse(run(venvPython, ['-c', script], ROOT));
    expect(result.policy.flatMap((rule: any) => rule.from ?? [])).toContainEqual({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } });
    expect(result.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([{ key: 'disktype', operator: 'In', values: ['ssd'] }]);
  });

  test('the comparison is not vacuous: the databases, the web tier and their policies are there', () => {
    for (const k of ['StatefulSet/orders-db', 'StatefulSet/sessions', 'Deployment/storefront', 'NetworkPolicy/orders-db', 'CronJob/orders-db-backup', 'Ingress/shop']) {
      expect(python.map(key)).toContain(k);
    }
  });
});
