/**
 * The provider of the component package: Pulumi's component provider, which reads the schema
 * from the components' TypeScript declarations, with the schema's enum members named the way
 * Pulumi's code generators expect (PascalCase, as in other Pulumi packages).
 */
import { ComponentProvider } from '@pulumi/pulumi/provider/experimental';
import { StatefulDatabase } from './stateful-database';
import { StatelessWeb } from './stateless-web';

/** The package name, and the first part of its type tokens (`kube-patterns:index:StatefulDatabase`). */
export const PACKAGE_NAME = 'kube-patterns';

/**
 * Pulumi's component provider for StatefulDatabase and StatelessWeb, with a tidied schema (see
 * {@link tidySchema}).
 * @see https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/build-a-component/
 */
export class KubePatternsProvider extends ComponentProvider {
  /**
   * @param dirname the package directory: its package.json gives the version, its tsconfig.json
   * the sources the schema is read from
   */
  public constructor(dirname: string) {
    super({ name: PACKAGE_NAME, dirname, components: [StatefulDatabase, StatelessWeb] });
  }

  /** The package schema (JSON), with enum members renamed by {@link tidySchema}. */
  public override async getSchema(): Promise<string> {
    return JSON.stringify(tidySchema(JSON.parse(await super.getSchema())));
  }
}

/** An enum member of a package schema. */
interface EnumMember {
  name?: string;
  value: string | number;
  description?: string;
}

/**
 * Names every enum member after its value, in PascalCase (`ReadWriteOnce`, `tcpSocket` becomes
 * `TcpSocket`). The analyzer takes the TypeScript member names (`READ_WRITE_ONCE`), which the
 * code generators read as PascalCase words and mangle (`REA_D_WRIT_E_ONCE` in Python); from
 * PascalCase they derive each language's own style (`READ_WRITE_ONCE` in Python, `ReadWriteOnce`
 * in Go and .NET).
 * @param schema a package schema; changed in place and returned
 * @see https://www.pulumi.com/docs/iac/extending-pulumi/schema/#enum
 */
export function tidySchema<S extends { types?: { [token: string]: { enum?: EnumMember[] } } }>(schema: S): S {
  for (const type of Object.values(schema.types ?? {})) {
    for (const member of type.enum ?? []) {
      if (typeof member.value === 'string') member.name = member.value.charAt(0).toUpperCase() + member.value.slice(1);
    }
  }
  return schema;
}
