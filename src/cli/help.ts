/** `portlint --help` text and the version (injected at build time from package.json). */
declare const __PORTLINT_VERSION__: string | undefined;

export const VERSION = typeof __PORTLINT_VERSION__ === 'string' ? __PORTLINT_VERSION__ : '0.0.0-dev';

export const HELP = `portlint ${VERSION}: find dangerous and wrong port declarations in
Kubernetes manifests, Docker Compose files, Dockerfiles and env files.

Usage:
  portlint [options] [paths, directories or globs...]   lint (default: .)
  portlint ports [options] [paths...]                    list every port declaration
  portlint ports --merge A.json B.json ...               merge inventories of several
                                                         repositories; exit 1 on a clash
  helm template ./chart | portlint -                     lint stdin

Options:
  -f, --format NAME         lint output: pretty (default on a terminal), compact (default
                            otherwise), json (ESLint result shape), sarif (SARIF 2.1.0, for
                            code scanning), github (workflow commands: annotations), gitlab
                            (Code Quality), junit (JUnit XML), checkstyle (checkstyle XML),
                            rdjson (reviewdog); ports output: table (default) or json
  -c, --config FILE         use this config file for every file (globs in it are relative to
                            the working directory) instead of the nearest .portlintrc.yaml,
                            .portlintrc.yml, .portlintrc.json, portlint.config.yaml or the
                            "portlint" key of package.json above each file
  --no-config               ignore config files
  --print-config PATH       print the config in effect for PATH as JSON, and exit
  --rule ID:SEVERITY        set a rule's severity (error, warn, off) over the config; repeatable
  --stdin-filename NAME     name used for stdin (decides the format: compose.yaml, Dockerfile,
                            .env; and the config that applies)
  -q, --quiet               report errors only
  --max-warnings N          exit 1 when there are more than N warnings (counted before
                            --quiet hides them; -1: no limit, the default)
  -o, --output-file FILE    write the report to FILE (its folder is created) instead of stdout
  --output FORMAT:FILE      also write the report in FORMAT to FILE (folders created);
                            repeatable: --output sarif:portlint.sarif --output junit:junit.xml
  --fail-on LEVEL           exit 1 on: error (default) error-level findings, warn any finding,
                            never no finding (bad usage or config still exits 2)
  --sarif-category NAME     SARIF automationDetails.id (default portlint/), so several runs
                            on one repository upload side by side
  --sarif-include-suppressed
                            put the findings comments and annotations silence in SARIF,
                            marked suppressed (default: left out, as code scanning would
                            open them as alerts)
  --ignore GLOB             skip files matching GLOB, as ignorePatterns in config do;
                            repeatable (.gitignore is honoured)
  --shard I/N               report only shard I of N (split by a hash of each file's path; the
                            other files are still read by cross-file rules): run I = 1..N on N
                            CI runners and their reports together are one full run
  --changed-since REF       report only files changed since git REF (git diff REF...HEAD; the
                            other files are still read by cross-file rules)
  --no-error-on-unmatched-pattern
                            a path, directory or glob that matches no file is not an error
  --as-walk                 judge files named one by one as a directory walk would: skip YAML
                            that is not Kubernetes or Compose, one line per Helm chart (for
                            pre-commit, which names every staged file)
  --color, --no-color       force colors on or off (default: on a terminal only; NO_COLOR
                            and FORCE_COLOR are honoured)
  --debug                   list each file with the format it was read as, and each skipped
                            file with the reason (on stderr)
  --max-file-size SIZE      skip (and report) files larger than SIZE (default 10MB)
  --concurrency auto|off|N  threads that lint: auto (default) uses every core from 3,000
                            files up; off or 1 lints on one thread
  --repo-name NAME          portlint ports --format json: record NAME as the repository of
                            every declaration (for --merge; else the file name is used)
  --env-from-process        let compose \${VAR} interpolation read the process environment
                            (off by default, so CI secrets never reach the output)

Suppressions and baselines:
  # portlint-disable-next-line ID[, ID] -- reason    (all formats; no ids: every rule)
  # portlint-disable-line ID                          (trailing; YAML and env files)
  # portlint-disable ID  …  # portlint-enable ID      (a block)
  portlint.dev/ignore: "ID,ID"                        (Kubernetes object annotation)
  --report-unused-disable-directives
                            report suppressions that silence nothing (as errors)
  --no-inline-config        ignore suppression comments and annotations
  --write-baseline FILE     record every current finding in FILE (then report the rest)
  --baseline FILE           report only findings not recorded in FILE

  --list-rules              print every rule with its default severity
  -h, --help                show this help
  -v, --version             print the version

Directories are walked for Kubernetes manifests (top-level apiVersion and kind), compose
files (by name, or a top-level services key), Dockerfiles and env files; other YAML is left
alone, and a Helm chart gets one line saying how to lint its rendered output.

Exit codes:
  0  no error-level findings (and warnings within --max-warnings)
  1  error-level findings (any finding with --fail-on warn, none with never), or more
     warnings than --max-warnings
  2  bad usage, bad config or baseline, a path that cannot be read or matches no file, or an
     internal error

Docs: https://github.com/portlint/portlint/blob/main/docs/configuration.md
`;

export const PORTS_HELP = `portlint ports: list every port declaration (the inventory), without linting.

Usage:
  portlint ports [options] [paths, directories or globs...]   (default: .)
  helm template ./chart | portlint ports -

Options:
  -f, --format NAME         table (default) or json (the declarations, one object each)
  -o, --output-file FILE    write the inventory to FILE instead of stdout
  -c, --config FILE         use this config file (ignorePatterns and overrides decide what is read)
  --no-config               ignore config files
  --stdin-filename NAME     name used for stdin (decides the format)
  --ignore GLOB             skip files matching GLOB; repeatable
  --max-file-size SIZE      skip files larger than SIZE (default 10MB)
  --env-from-process        let compose \${VAR} interpolation read the process environment
  --no-error-on-unmatched-pattern
                            a path, directory or glob that matches no file is not an error
  --debug                   list each file with the format it was read as (on stderr)
  -h, --help                show this help

Files that cannot be read or parsed are reported on stderr.

Exit codes: 0 listed, 1 a file could not be parsed, 2 bad usage or a path that matches no file.
`;
