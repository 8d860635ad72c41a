/** The README's defaults table is generated from the code (npm run docs) and must match it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultsTable, readmeWithTable } from '../../scripts/defaults-table';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test('README.md holds the defaults table the code produces (run npm run docs after changing a default)', () => {
  expect(readmeWithTable(README)).toBe(README);
});

test('the table has a row per preset and per pattern without one', () => {
  const rows = defaultsTable().split('\n').slice(2);
  expect(rows.map((r) => r.split(' | ')[0].replace(/^\| /, ''))).toEqual([
    '`postgres()`', '`mysql()`', '`mariadb()`', '`mongodb()`', '`redis()`', '`zookeeper()`', '`kafka()`', '`cassandra()`', 'StatefulDatabase without a preset', 'StatelessWeb',
  ]);
});
