/** `npm run docs`: write every generated doc file (rule docs) into the repository. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rules } from '../../rules/index.js';
import { ruleDocFiles } from './rule-docs.js';
import { renderConfigSchema, SCHEMA_PATH } from '../config/schema.js';
import { outputSchemaFiles } from '../schemas/output.js';

const root = process.cwd();
for (const [path, text] of ruleDocFiles(rules)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log(`wrote ${rules.length} rule docs to docs/rules/`);

// The config JSON Schema, generated from the rules' option schemas (test/config/schema.test.ts checks it).
mkdirSync(dirname(join(root, SCHEMA_PATH)), { recursive: true });
writeFileSync(join(root, SCHEMA_PATH), renderConfigSchema(rules));
console.log(`wrote ${SCHEMA_PATH}`);

// The versioned schemas of the json results and the ports inventory (test/schemas.test.ts checks them).
for (const [path, text] of outputSchemaFiles()) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
