/** Finding synthesized objects by kind and name, never by position. */
import { App, Chart, Testing } from 'cdk8s';

/** A Kubernetes object as synthesized (plain JSON). */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** Synthesizes a chart to plain objects. */
export function synth(chart: Chart): KubeObject[] {
  return Testing.synth(chart) as KubeObject[];
}

/** Synthesizes every chart of an app. */
export function synthApp(app: App): KubeObject[] {
  return app.charts.flatMap((chart) => synth(chart));
}

/** The one object of this kind and name; fails the test when there is not exactly one. */
export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const matches = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (matches.length !== 1) {
    throw new Error(`expected exactly one ${kind} named '${name}', found ${matches.length} among: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  }
  return matches[0];
}

/** All objects of a kind. */
export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** A fresh chart for a test. */
export function testChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', namespace === undefined ? {} : { namespace });
}

/**
 * Synthesizes one construct in a chart of its own (namespace `shop` unless given).
 * @param add creates the construct in the chart, e.g. `(chart) => new StatelessWeb(chart, 'web', props)`
 */
export function synthOne(add: (chart: Chart) => unknown, namespace = 'shop'): KubeObject[] {
  const chart = new Chart(Testing.app(), 'app', { namespace });
  add(chart);
  return synth(chart);
}

/**
 * The message of the ValidationError that `build` throws, without its `[scope] ` prefix; fails
 * the test when it throws nothing or another error.
 */
export function validationMessage(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    expect((e as Error).name).toBe('ValidationError');
    return (e as Error).message.replace(/^\[[^\]]*\] /, '');
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
