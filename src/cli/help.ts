/** `portlint --help` text and the version (injected at build time from package.json). */
declare const __PORTLINT_VERSION__: string | undefined;

export const VERSION = typeof __PORTLINT_VERSION__ === 'string' ? __PORTLINT_VERSION__ : '0.0.0-dev';

export const HELP = `portlint ${VERSION}: find dangerous and wrong port declarations in
Kubernetes manifests, Docker Compose files, Dockerfiles and env files.

Usage:
  portlint [options] [paths, directories or globs...]   lint (default: .)
  portlint ports [options] [paths...]                    list every port declaration
  helm template ./chart | portlint -                     lint stdin

Options:
  -f, --format NAME         lint output: pretty (default on a terminal), compact (default
                            otherwise), json (ESLint result shape);
                            ports output: table (default) or json
  --stdin-filename NAME     name used for stdin (decides the format: compose.yaml, Dockerfile, .env)
  --rule ID:SEVERITY        set a rule's severity (error, warn, off); repeatable
  -q, --quiet               report errors only
  --max-warnings N          exit 1 when there are more than N warnings
  -o, --output-file FILE    write the report to FILE instead of stdout
  --ignore GLOB             skip files matching GLOB; repeatable (.gitignore is honoured)
  --max-file-size SIZE      skip (and report) files larger than SIZE (default 10MB)
  --env-from-process        let compose \${VAR} interpolation read the process environment
                            (off by default, so CI secrets never reach the output)
  --list-rules              print every rule with its default severity
  -h, --help                show this help
  -v, --version             print the version

Exit codes:
  0  no error-level findings (and warnings within --max-warnings)
  1  error-level findings, or more warnings than --max-warnings
  2  bad usage, bad config, a path that cannot be read, or an internal error
`;
