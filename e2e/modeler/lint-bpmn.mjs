// Lints BPMN files with Camunda Modeler's own linter (@camunda/linting), for the Camunda
// version each file declares (modeler:executionPlatformVersion), and fails on any report.
// The package is written for bundlers, so package.json runs this file through esbuild first.
import { Linter } from '@camunda/linting';
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: lint-bpmn <file.bpmn>...');
  process.exit(2);
}
const linter = new Linter({ modeler: 'desktop', type: 'cloud' });
let problems = 0;
for (const file of files) {
  const reports = await linter.lint(readFileSync(file, 'utf8'));
  if (reports.length === 0) {
    console.log(`lint clean  ${file}`);
  }
  for (const report of reports) {
    problems++;
    console.error(`lint ${report.category ?? 'error'}  ${file}  ${report.id}: ${report.message} (${report.rule})`);
  }
}
process.exit(problems === 0 ? 0 : 1);
