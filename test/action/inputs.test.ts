import { afterEach, describe, expect, it } from 'vitest';
import { readInputs, splitPaths } from '../../src/action/inputs.js';

const FORMATS = ['pretty', 'compact', 'json', 'sarif', 'github'];

/** Set inputs the way the runner does: `INPUT_` + the name upper-cased, hyphens kept. */
function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
});

describe('splitPaths', () => {
  it('splits one line on spaces and several lines on newlines only', () => {
    expect(splitPaths('k8s compose.yaml  Dockerfile')).toEqual(['k8s', 'compose.yaml', 'Dockerfile']);
    expect(splitPaths('k8s\n  my services/compose.yaml\r\n\nDockerfile\n')).toEqual(['k8s', 'my services/compose.yaml', 'Dockerfile']);
  });

  it('defaults to the workspace', () => {
    expect(splitPaths('')).toEqual(['.']);
    expect(splitPaths(' \n ')).toEqual(['.']);
  });
});

describe('readInputs', () => {
  it('reads hyphenated inputs from INPUT_FAIL-ON and friends', () => {
    setInputs({
      paths: 'k8s\ncompose.yaml',
      format: 'json',
      'fail-on': 'warning',
      'sarif-file': 'out/portlint.sarif',
      'sarif-include-suppressed': 'true',
      'only-changed': 'true',
      config: '.portlintrc.yaml',
      baseline: 'baseline.json',
    });
    expect(readInputs(FORMATS)).toEqual({
      paths: ['k8s', 'compose.yaml'],
      format: 'json',
      failOn: 'warning',
      sarifFile: 'out/portlint.sarif',
      sarifCategory: undefined,
      sarifIncludeSuppressed: true,
      onlyChanged: true,
      config: '.portlintrc.yaml',
      baseline: 'baseline.json',
    });
  });

  it('has defaults for every input', () => {
    expect(readInputs(FORMATS)).toEqual({
      paths: ['.'],
      format: 'compact',
      failOn: 'error',
      onlyChanged: false,
      config: undefined,
      sarifFile: undefined,
      sarifCategory: undefined,
      sarifIncludeSuppressed: false,
      baseline: undefined,
    });
  });

  it('rejects values with a message naming the input and what is allowed', () => {
    setInputs({ 'fail-on': 'errors' });
    expect(() => readInputs(FORMATS)).toThrow(
      'input "fail-on" must be one of error, warning, never (or warn, as the CLI spells warning), not "errors"',
    );
    setInputs({ 'fail-on': 'never', format: 'table' });
    expect(() => readInputs(FORMATS)).toThrow('input "format" must be one of pretty, compact, json, not "table"');
    setInputs({ format: 'junit' });
    expect(() => readInputs([...FORMATS, 'junit'])).toThrow(
      'input "format": "junit" is not a log format (a report file format: write it with `npx portlint --output FORMAT:FILE` in a step of its own)',
    );
    setInputs({ format: 'github' });
    expect(() => readInputs(FORMATS)).toThrow('"github" is not a log format (annotations are always written by the Action)');
    setInputs({ format: 'sarif' });
    expect(() => readInputs(FORMATS)).toThrow('use the sarif-file input');
    setInputs({ format: 'compact', 'only-changed': 'yes' });
    expect(() => readInputs(FORMATS)).toThrow(/only-changed/);
  });
});
