/** `npm run docs`: write every generated doc file (rule docs) into the repository. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rules } from '../../rules/index.js';
import { ruleDocFiles } from './rule-docs.js';
import { renderConfigSchema, SCHEMA_PATH } from '../config/schema.js';
import { outputSchemaFiles } from '../schemas/output.js';
import { BUILTIN_RULES } from '../engine/builtin.js';
import { REGISTRY } from '../registry.js';
import { builtinDoc, BUILTIN_DOC_PATH } from './rule-docs.js';

const root = process.cwd();
for (const [path, text] of ruleDocFiles(rules, (p) => readFileSync(join(root, 'fixtures', p), 'utf8'))) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log(`wrote ${rules.length} rule docs to docs/rules/`);

// The config JSON Schema, generated from the rules' option schemas (test/config/schema.test.ts checks it).
mkdirSync(dirname(join(root, SCHEMA_PATH)), { recursive: true });
writeFileSync(join(root, SCHEMA_PATH), renderConfigSchema(REGISTRY));
console.log(`wrote ${SCHEMA_PATH}`);

// The versioned schemas of the json results and the ports inventory (test/schemas.test.ts checks them).
for (const [path, text] of outputSchemaFiles()) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
// The built-in ids (messages that are not rule findings), one page with an anchor per id.
writeFileSync(join(root, BUILTIN_DOC_PATH), builtinDoc(BUILTIN_RULES));
console.log(`wrote ${BUILTIN_DOC_PATH}`);
