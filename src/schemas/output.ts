/**
 * Versioned JSON Schemas of what portlint writes for machines: the `json` lint results, the
 * `portlint ports --format json` inventory and the `portlint ports --merge --format json` registry. Generated from here into `schema/` by `npm run docs`
 * (a test fails when the committed copies differ), and used at run time to check inventories
 * given to `portlint ports --merge`.
 *
 * A schema's version changes when a field is removed or changes meaning; new fields do not change
 * it. So both schemas allow properties they do not name: the port model is being extended (e.g.
 * the service a declaration belongs to), and a consumer that validates with v1 keeps working.
 */
export type JsonSchema = Record<string, unknown>;

const BASE = 'https://raw.githubusercontent.com/portlint/portlint/main/';

export const RESULTS_SCHEMA_PATH = 'schema/results.v1.schema.json';
export const PORTS_SCHEMA_PATH = 'schema/ports.v1.schema.json';
export const REGISTRY_SCHEMA_PATH = 'schema/registry.v1.schema.json';

const position = (what: string): JsonSchema => ({ type: 'integer', minimum: 0, description: what });

/** `portlint --format json`: ESLint's result shape. */
export function resultsSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${BASE}${RESULTS_SCHEMA_PATH}`,
    title: 'portlint lint results, version 1 (portlint --format json)',
    description: "ESLint's result shape: one result per linted file, in path order, with its messages in position order.",
    type: 'array',
    items: {
      type: 'object',
      required: ['filePath', 'messages', 'errorCount', 'warningCount', 'fatalErrorCount', 'fixableErrorCount', 'fixableWarningCount'],
      properties: {
        filePath: {
          type: 'string',
          description: 'The file, relative to the working directory (or as given when outside it; `<stdin>` for stdin).',
        },
        messages: { type: 'array', items: { $ref: '#/definitions/message' } },
        suppressedMessages: {
          type: 'array',
          description:
            'What `# portlint-disable…` comments and `portlint.dev/ignore` annotations silenced (not counted), as ESLint keeps them.',
          items: { $ref: '#/definitions/suppressedMessage' },
        },
        errorCount: { type: 'integer', minimum: 0 },
        warningCount: { type: 'integer', minimum: 0 },
        fatalErrorCount: { type: 'integer', minimum: 0 },
        fixableErrorCount: { const: 0 },
        fixableWarningCount: { const: 0 },
      },
      additionalProperties: true,
    },
    definitions: {
      message: {
        type: 'object',
        required: ['ruleId', 'severity', 'message', 'line', 'column'],
        properties: {
          ruleId: {
            type: ['string', 'null'],
            description: 'The rule id; null for a file that could not be read or parsed, and for suppression problems.',
          },
          severity: { enum: [1, 2], description: '1 warning, 2 error.' },
          message: { type: 'string' },
          line: position('1-based line.'),
          column: position('1-based column, in UTF-16 code units.'),
          endLine: position('1-based line of the end.'),
          endColumn: position('1-based column just past the end.'),
          fatal: {
            type: 'boolean',
            description: 'The file (or part of it) was not linted: unreadable, unparsable, or skipped on purpose (severity 1).',
          },
          messageId: {
            type: 'string',
            description: "The rule's message id (for suppression problems: unusedDisableDirective, unknownRuleInDirective).",
          },
          fingerprint: {
            description:
              'Identity of the finding across edits (rule, file, what it is about; not the line). Opaque: compare, do not parse.',
          },
        },
        additionalProperties: true,
      },
      suppressedMessage: {
        allOf: [
          { $ref: '#/definitions/message' },
          {
            type: 'object',
            required: ['suppressions'],
            properties: {
              suppressions: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['kind', 'justification'],
                  properties: {
                    kind: {
                      enum: ['directive', 'annotation'],
                      description: 'A `# portlint-disable…` comment, or a `portlint.dev/ignore` annotation.',
                    },
                    justification: {
                      type: 'string',
                      description: "The directive's `-- reason`; empty when it gives none (and for annotations).",
                    },
                  },
                  additionalProperties: true,
                },
              },
            },
          },
        ],
      },
    },
  };
}

/** `portlint ports --format json`: every port declaration. */
export function portsSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${BASE}${PORTS_SCHEMA_PATH}`,
    title: 'portlint port inventory, version 1 (portlint ports --format json)',
    description: 'Every port declaration found, by file and position. `portlint ports --merge` reads these files.',
    type: 'array',
    items: {
      type: 'object',
      required: ['file', 'format', 'role', 'protocol', 'raw', 'field', 'line', 'column', 'context'],
      properties: {
        repository: { type: 'string', description: 'The repository the inventory was taken in (`--repo-name`).' },
        file: { type: 'string' },
        format: { enum: ['kubernetes', 'compose', 'dockerfile', 'env'] },
        role: {
          type: 'string',
          description:
            'What the port is: container, host, service, nodePort, targetPort, probe, ingressBackend, env, url (more may be added).',
        },
        port: {
          type: 'integer',
          description: 'The port (first of a range); absent for a name reference, an unresolved variable or an invalid value.',
        },
        endPort: { type: 'integer', description: 'Last port of a range; equals `port` for one port.' },
        protocol: { type: 'string', description: 'tcp, udp or sctp when valid; else the text as written.' },
        name: { type: 'string' },
        hostIp: { type: 'string', description: 'The host interface a host port binds to.' },
        target: { type: 'object', additionalProperties: true },
        raw: { type: 'string' },
        field: { type: 'string' },
        unresolved: { type: 'array', items: { type: 'string' } },
        invalid: { type: 'string' },
        line: position('1-based line.'),
        column: position('1-based column.'),
        endLine: position('1-based line of the end.'),
        endColumn: position('1-based column just past the end.'),
        context: {
          type: 'object',
          description:
            'Where the declaration lives: Kubernetes kind/namespace/name/container, compose service, Dockerfile stage, env variable (more may be added).',
          additionalProperties: true,
        },
      },
      additionalProperties: true,
    },
  };
}

/** `portlint ports --merge --format json`: the merged inventories and the clashes between repositories. */
export function registrySchema(): JsonSchema {
  const at = {
    type: 'object',
    required: ['repository', 'file', 'line', 'column'],
    properties: {
      repository: { type: 'string' },
      file: { type: 'string' },
      line: position('1-based line.'),
      column: position('1-based column.'),
      context: { type: 'object' },
    },
    additionalProperties: true,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${BASE}${REGISTRY_SCHEMA_PATH}`,
    title: 'portlint port registry, version 1 (portlint ports --merge --format json)',
    type: 'object',
    required: ['version', 'repositories', 'clashes', 'declarations'],
    properties: {
      version: { const: 1 },
      repositories: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'source', 'declarations'],
          properties: {
            name: { type: 'string' },
            source: { type: 'string', description: 'The inventory file, as given.' },
            declarations: { type: 'integer', minimum: 0 },
          },
          additionalProperties: true,
        },
      },
      clashes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'port', 'endPort', 'message', 'declarations'],
          properties: {
            kind: { type: 'string', description: 'nodePort, hostPort or composeHostPort (more may be added).' },
            port: { type: 'integer' },
            endPort: { type: 'integer' },
            protocol: { type: 'string', description: 'Absent for nodePort, which clashes whatever the protocol.' },
            message: { type: 'string' },
            declarations: { type: 'array', items: at, minItems: 2, maxItems: 2 },
          },
          additionalProperties: true,
        },
      },
      declarations: {
        description: 'Every declaration of every inventory, each with its repository (the items of schema/ports.v1.schema.json).',
        type: 'array',
        items: { type: 'object', required: ['repository'], properties: { repository: { type: 'string' } }, additionalProperties: true },
      },
    },
    additionalProperties: true,
  };
}

export const renderSchema = (schema: JsonSchema): string => JSON.stringify(schema, null, 2) + '\n';

/** Every generated output schema by its path in the repository. */
export function outputSchemaFiles(): [string, string][] {
  return [
    [RESULTS_SCHEMA_PATH, renderSchema(resultsSchema())],
    [PORTS_SCHEMA_PATH, renderSchema(portsSchema())],
    [REGISTRY_SCHEMA_PATH, renderSchema(registrySchema())],
  ];
}
