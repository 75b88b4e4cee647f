// Validates every element template under the given folder against the official Camunda 8
// element template schema, as the Modeler does before it offers a template, and treats what the
// schema marks deprecated (e.g. `optional` on a zeebe:input binding for Camunda 8.8+) as a failure:
// the Modeler would warn users about it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { validateZeebe, getZeebeSchemaVersion } from '@bpmn-io/element-templates-validator';

const require = createRequire(import.meta.url);
const schema = require('@camunda/zeebe-element-templates-json-schema/resources/schema.json');
const schemaVersion = require('@camunda/zeebe-element-templates-json-schema/package.json').version;

const root = process.argv[2];
if (!root) {
  console.error('usage: node validate-templates.mjs <element-templates folder>');
  process.exit(2);
}

// The schema, compiled once, with its `deprecated` marks recording where a template meets them.
let found = [];
const ajv = new Ajv({ strict: false, allErrors: false });
ajv.removeKeyword('deprecated'); // an annotation only, in ajv's own vocabulary
ajv.addKeyword({
    keyword: 'deprecated',
  errors: false,
  validate: function deprecated(marked, data, parentSchema, context) {
    if (marked === true) {
      found.push(`${context.instancePath || '/'}: ${parentSchema.deprecationWarning ?? 'deprecated'}`);
    }
    return true;
  }
});
ajv.addKeyword({ keyword: 'deprecationWarning' });
const check = ajv.compile(schema);

/** Every place a template uses something the schema marks deprecated. */
function deprecations(template) {
  found = [];
  check(template);
  return [...new Set(found)];
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
    const deprecated = deprecations(template);
    if (valid && deprecated.length === 0) {
      console.log(`valid   ${relative(root, file)} (${template.id} v${template.version})`);
      continue;
    }
    failed++;
    console.error(`INVALID ${relative(root, file)} (${template.id}):`);
    for (const error of errors ?? []) {
      console.error(`  ${error.dataPath ?? error.instancePath ?? ''} ${error.message}`);
    }
    for (const warning of deprecated) {
      console.error(`  deprecated ${warning}`);
    }
  }
}
if (files.length === 0) {
  console.error(`no templates found under ${root}`);
  process.exit(1);
}
if (getZeebeSchemaVersion() !== schemaVersion) {
  console.error(`the validator bundles schema ${getZeebeSchemaVersion()}, the deprecation check reads ${schemaVersion}`);
  process.exit(1);
}
console.log(`templates: ${files.length - failed} valid, ${failed} invalid or deprecated (schema ${schemaVersion})`);
process.exit(failed === 0 ? 0 : 1);
