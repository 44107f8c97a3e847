/**
 * XML documents for the XML report formats (JUnit, checkstyle), built with xmlbuilder2 so escaping
 * of text and attributes is the library's: `&`, `<`, `>` and quotes are escaped, and characters
 * XML 1.0 cannot hold at all (control characters a hostile file can put in a message) are replaced
 * with U+FFFD, so the report always parses.
 */
import { create } from 'xmlbuilder2';

export type XMLBuilder = ReturnType<typeof create>;

/** A new document with an XML 1.0 / UTF-8 declaration. */
export function xmlDocument(): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
}

/** The document as indented text ending in a newline. */
export function renderXml(doc: XMLBuilder): string {
  return doc.end({ prettyPrint: true, indent: '  ' }) + '\n';
}
