/**
 * The one view of a run's files that compose `include:` asks for, shared by the project-scope
 * rules (`Linter.finish`) and the ports inventory (`listPorts`): a file a compose file of the run
 * includes is read as in that project (its declarations and services from the includer's parse,
 * with the project's variables, not from its own parse), and one read by two includers alike
 * counts once. No I/O.
 */
import type { ParseResult, PortDeclaration } from '../model.js';

/** The files some parse of `parsed` includes (at any depth). */
export function includedFiles(parsed: readonly ParseResult[]): Set<string> {
  return new Set(parsed.flatMap((p) => (p.included ?? []).map((f) => f.file)));
}

/** Each parse with only what counts in the one view: the input itself when nothing is included. */
export function includedOnce(parsed: readonly ParseResult[]): readonly ParseResult[] {
  const included = includedFiles(parsed);
  if (included.size === 0) return parsed;
  // What a parse says about an included file's lines counts only when it is an includer's.
  const counts = (p: ParseResult, file: string): boolean => !included.has(file) || file !== p.file;
  const seen = new Set<string>();
  const once = (k: string): boolean => !seen.has(k) && seen.add(k) !== undefined;
  const owner = (d: PortDeclaration): string => (d.owner.kind === 'composeService' ? d.owner.service.name : '');
  return parsed.map((p) => {
    // A parse with nothing written in an included file reads as it is (no copy for most files).
    if (p.declarations.every((d) => !included.has(d.file)) && p.facts.composeServices.every((s) => !included.has(s.file))) return p;
    return {
      ...p,
      declarations: p.declarations.filter(
        (d) =>
          counts(p, d.file) &&
          (!included.has(d.file) ||
            once(
              `${d.file}:${d.line}:${d.column}:${owner(d)}:${d.role}:${d.source.format}:${JSON.stringify(d.value)}:${JSON.stringify(d.protocol)}`,
            )),
      ),
      facts: {
        ...p.facts,
        composeServices: p.facts.composeServices.filter(
          (s) => counts(p, s.file) && (!included.has(s.file) || once(`service:${s.file}:${s.name}:${s.loc.line}`)),
        ),
      },
    };
  });
}
