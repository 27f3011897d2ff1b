/**
 * `npm run test:unit`: every tests/*.test.ts, many files to one Node process.
 *
 * Why not `node --test` over the files: it starts one process per file, and each paid about a
 * second of start-up and TypeScript transform before its first test; with 115 files that was half
 * of the stage's 2¼ minutes on a 2-core machine. Here two shards of the files run side by side
 * (one per core), then the worker-thread tests (tests/w*.test.ts, which time real threads) on
 * their own, as before. Each shard's report is printed whole when it ends, not interleaved.
 *
 * Usage: node --import tsx scripts/unit-tests.ts            (all, as above)
 *        node --import tsx --test-reporter=spec scripts/unit-tests.ts --files a.test.ts,b.test.ts
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TESTS = resolve(import.meta.dirname, '..', 'tests');
const filesArgument = process.argv.indexOf('--files');

if (filesArgument !== -1) {
  // A shard: import its files; node:test runs the tests they register and sets the exit code.
  for (const file of process.argv[filesArgument + 1].split(',')) await import(pathToFileURL(join(TESTS, file)).href);
} else {
  const all = readdirSync(TESTS).filter((f) => f.endsWith('.test.ts')).sort();
  const threaded = all.filter((f) => f.startsWith('w'));
  // Biggest first, each to the lighter shard: file size is a fair proxy for a file's test time.
  const shards: { files: string[]; bytes: number }[] = [
    { files: [], bytes: 0 },
    { files: [], bytes: 0 },
  ];
  for (const file of all.filter((f) => !threaded.includes(f)).sort((a, b) => statSync(join(TESTS, b)).size - statSync(join(TESTS, a)).size)) {
    const lighter = shards[0].bytes <= shards[1].bytes ? shards[0] : shards[1];
    lighter.files.push(file);
    lighter.bytes += statSync(join(TESTS, file)).size;
  }
  const run = (files: string[]) =>
    new Promise<number>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test-reporter=spec', import.meta.filename, '--files', files.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
      const output: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
      child.on('close', (code) => {
        process.stdout.write(Buffer.concat(output));
        done(code ?? 1);
      });
    });
  const started = Date.now();
  const codes = await Promise.all(shards.map((shard) => run(shard.files)));
  codes.push(await run(threaded));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const failed = codes.filter((code) => code !== 0).length;
  console.log(`unit-tests: ${all.length} files in ${codes.length} processes, ${seconds} s; ${failed === 0 ? 'all passed' : `${failed} process(es) failed`}`);
  process.exitCode = failed === 0 ? 0 : 1;
}
