/**
 * The RFC 4180 writer and record count (src/query/csv.ts), one case per rule of RFC 4180 §2
 * (a field with a quote, comma, CR or LF is quoted, quotes doubled, CRLF ends every record)
 * plus the formula guard of OWASP's "CSV Injection" page.
 */
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, csvRecordCount, type CsvValue } from '../../src/query/csv.ts';

const fields: [rule: string, value: CsvValue, text: string][] = [
  ['plain text stays as it is', 'shop/web', 'shop/web'],
  ['a comma makes a quoted field', 'a,b', '"a,b"'],
  ['a quote is doubled inside a quoted field', 'say "hi"', '"say ""hi"""'],
  ['a line feed makes a quoted field', 'a\nb', '"a\nb"'],
  ['a carriage return makes a quoted field', 'a\rb', '"a\rb"'],
  ['null is an empty field', null, ''],
  ['numbers are written as they are', 5432, '5432'],
  ['booleans are written as they are', false, 'false'],
  ['text starting with = gets a leading quote mark', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
  ['text starting with + gets a leading quote mark', '+1', "'+1"],
  ['text starting with - gets a leading quote mark', '-1', "'-1"],
  ['text starting with @ gets a leading quote mark', '@x', "'@x"],
  ['a negative number is ours and left alone', -1, '-1'],
];

describe('csvField', () => {
  it.each(fields)('%s', (_rule, value, text) => {
    expect(csvField(value)).toBe(text);
  });
});

describe('csvRecord and csvRecordCount', () => {
  it('a record ends with CRLF', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });
  it('counts the records after the header, a CRLF inside quotes not ending one', () => {
    const text = csvRecord(['h1', 'h2']) + csvRecord(['x\r\ny', 1]) + csvRecord(['z', 2]);
    expect(csvRecordCount(text)).toBe(2);
  });
  it('a header alone has no records', () => {
    expect(csvRecordCount(csvRecord(['h']))).toBe(0);
  });
});
