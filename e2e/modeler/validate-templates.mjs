// Validates every element template under the given folder against the official Camunda 8
// element template schema, as the Modeler does before it offers a template.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateZeebe, getZeebeSchemaVersion } from '@bpmn-io/element-templates-validator';

const root = process.argv[2];
if (!root) {
  console.error('usage: node validate-templates.mjs <element-templates folder>');
  process.exit(2);
}

function jsonFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

const files = jsonFiles(root);
let failed = 0;
for (const file of files) {
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  for (const template of Array.isArray(parsed) ? parsed : [parsed]) {
    const { valid, errors } = validateZeebe(template);
    if (valid) {
      console.log(`valid   ${relative(root, file)} (${template.id} v${template.version})`);
    } else {
      failed++;
      console.error(`INVALID ${relative(root, file)} (${template.id}):`);
      for (const error of errors) {
        console.error(`  ${error.dataPath ?? error.instancePath ?? ''} ${error.message}`);
      }
    }
  }
}
if (files.length === 0) {
  console.error(`no templates found under ${root}`);
  process.exit(1);
}
console.log(`templates: ${files.length - failed} valid, ${failed} invalid (schema ${getZeebeSchemaVersion()})`);
process.exit(failed === 0 ? 0 : 1);
