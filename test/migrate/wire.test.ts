/**
 * The CLI's conversion between manifests and @kubernetes/client-node's models keeps every field.
 * The client is an ES module that jest's CommonJS runtime cannot load, so the check runs in a
 * Node process, from source, as the CLI itself does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const CHECK = `
const { loadSerializer, toModel, toWire } = require('./lib/cli/wire');
const { buildApp } = require('./examples/app');
const { isDeepStrictEqual } = require('node:util');
(async () => {
  const serializer = await loadSerializer();
  const objects = buildApp().charts.flatMap((c) => c.toJson());
  const json = (x) => JSON.parse(JSON.stringify(x));
  const changed = objects.filter((o) => !isDeepStrictEqual(json(toWire(serializer, toModel(serializer, o))), o)).map((o) => o.kind + '/' + o.metadata.name);
  const policy = objects.find((o) => o.kind === 'NetworkPolicy');
  const model = toModel(serializer, policy);
  console.log(JSON.stringify({ count: objects.length, changed, modelFrom: model.spec.ingress[1]._from, wireFrom: policy.spec.ingress[1].from }));
})();
`;

test('every object of the example app survives manifest -> model -> manifest unchanged, NetworkPolicy rules included', () => {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', CHECK], { cwd: ROOT, encoding: 'utf8' });
  expect(result.stderr.replace(/.*ExperimentalWarning.*\n(.*\n)?/g, '')).toBe('');
  const { count, changed, modelFrom, wireFrom } = JSON.parse(result.stdout);
  expect(count).toBeGreaterThan(20);
  expect(changed).toEqual([]);
  // The client's model names the field `_from`: a manifest written as-is would lose its sources.
  expect(modelFrom).toEqual(wireFrom);
});
