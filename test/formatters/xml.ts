/** Parse report XML with a real parser (xmldom), failing on any error or warning it reports. */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { expect } from 'vitest';

/** Characters XML 1.0 cannot hold, even escaped. */
// eslint-disable-next-line no-control-regex -- these control characters are what the check looks for
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXml(text: string): Document {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(NOT_XML.test(text)).toBe(false);
  const problems: string[] = [];
  // xmldom warns of U+FFFD (what the formats put in place of characters XML cannot hold): not a problem here.
  const onError = (level: string, message: string): void => {
    if (!(level === 'warning' && /replacement character/i.test(message))) problems.push(`${level}: ${message}`);
  };
  const doc = new DOMParser({ onError }).parseFromString(text, 'text/xml');
  expect(problems).toEqual([]);
  return doc;
}

export function children(parent: Element | Document, name: string): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).tagName === name);
}

export function attrs(el: Element): Record<string, string> {
  return Object.fromEntries(Array.from(el.attributes).map((a) => [a.name, a.value]));
}
