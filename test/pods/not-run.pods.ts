/**
 * The presets this suite does not run, each listed with the reason (jest reports them as todo).
 * Everything they synthesize is still checked by the unit tests and applied to a real API server
 * by test:cluster.
 */

const NOT_RUN: Record<string, string> = {
  'MongoDB preset (1 and 3 replicas)':
    'no MongoDB server can be installed here: Debian does not ship it (SSPL licence) and only Debian, PyPI, Maven Central and the Go module proxy are reachable',
};

describe('presets not run on a real kubelet', () => {
  for (const [preset, reason] of Object.entries(NOT_RUN)) test.todo(`${preset}: ${reason}`);
});
