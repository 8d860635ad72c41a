/**
 * Container image references, parsed with `@swimlane/docker-reference` (a port of the
 * `distribution/reference` grammar the container runtimes use), so a reference the runtime
 * would refuse is refused at synth instead of failing every pull.
 *
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */
import { parseQualifiedName } from '@swimlane/docker-reference';

/**
 * Image reference checks.
 * @internal
 */
export const DockerReference = {
  /**
   * What is wrong with a reference, in the parser's words, or `undefined` when it is valid.
   * @param reference e.g. `postgres:16`, `registry.example.com:5000/team/app@sha256:...`
   */
  problem(reference: string): string | undefined {
    try {
      parseQualifiedName(reference);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  },
};
