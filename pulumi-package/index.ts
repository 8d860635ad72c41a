// The package's entry point, run by the Node language host: serves StatefulDatabase and
// StatelessWeb, with the schema read from their args' TypeScript declarations.
import { main } from '@pulumi/pulumi/provider';
import { KubePatternsProvider } from '../lib/pulumi/package/provider';

void main(new KubePatternsProvider(__dirname), process.argv.slice(2));
