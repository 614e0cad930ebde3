// A streaming CSV reader (RFC 4180: commas, double quotes, "" inside quotes, CRLF or LF): fed chunk by
// chunk, it hands back the records completed so far, so a file of any size never sits in memory whole.
// Its limits hold inside quotes too: what it keeps between records is bounded by field length × fields.

export interface CsvRecord {
  /** The line the record starts on, 1 for the header. */
  line: number;
  fields: string[];
}

export interface CsvLimits {
  /** Longer fields are refused: no real name or address comes near the default. */
  maxFieldLength: number;
  maxFieldsPerRecord: number;
}

export const defaultCsvLimits: CsvLimits = { maxFieldLength: 10_000, maxFieldsPerRecord: 100 };

/** `too_large`: a limit was reached; `malformed`: the file's structure is broken. Both name the line. */
export class CsvError extends Error {
  constructor(
    readonly kind: 'too_large' | 'malformed',
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const quoteCode = 0x22;
const commaCode = 0x2c;
const newlineCode = 0x0a;
const returnCode = 0x0d;
/** The characters that end an unquoted stretch of a field. */
const special = /[",\r\n]/g;

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside quotes, a quote was just seen: either the closing one or the first of "". */
  private quotePending = false;
  /** The field's closing quote was seen: only a comma or the end of the line may follow. */
  private closed = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private hasContent = false;

  constructor(private readonly limits: CsvLimits = defaultCsvLimits) {}

  /** The line the next character pushed is on. */
  get currentLine(): number {
    return this.line;
  }

  /** Parses `text` and returns every record it completed. */
  push(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let i = 0;
    while (i < text.length) {
      if (this.quoted) {
        if (!this.quotePending) {
          const quote = text.indexOf('"', i);
          const end = quote === -1 ? text.length : quote;
          for (let at = text.indexOf('\n', i); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) this.line += 1;
          this.append(text.slice(i, end));
          if (quote === -1) return records;
          this.quotePending = true;
          i = quote + 1;
          continue;
        }
        this.quotePending = false;
        if (text.charCodeAt(i) === quoteCode) {
          this.append('"');
          i += 1;
          continue;
        }
        this.quoted = false;
        this.closed = true;
      }
      const c = text.charCodeAt(i);
      if (c === commaCode) {
        this.endField();
        this.hasContent = true;
      } else if (c === newlineCode) {
        if (this.hasContent) this.endRecord(records);
        this.line += 1;
        this.recordLine = this.line;
      } else if (c === returnCode) {
        // CRLF: the \n ends the record.
      } else if (this.closed) {
        throw new CsvError(
          'malformed',
          this.line,
          `Line ${this.line} has text after a closing quote: a quote inside a quoted field is written ""`,
        );
      } else if (c === quoteCode && this.field === '') {
        this.quoted = true;
        this.quoteLine = this.line;
        this.hasContent = true;
      } else {
        special.lastIndex = i + 1;
        const next = special.exec(text);
        const end = next ? next.index : text.length;
        this.append(text.slice(i, end));
        this.hasContent = true;
        i = end;
        continue;
      }
      i += 1;
    }
    return records;
  }

  /** The last record when the input does not end with a newline; a quote still open is an error. */
  end(): CsvRecord[] {
    if (this.quoted && !this.quotePending)
      throw new CsvError(
        'malformed',
        this.quoteLine,
        `The quoted field that starts on line ${this.quoteLine} is never closed`,
      );
    const records: CsvRecord[] = [];
    this.quoted = false;
    this.quotePending = false;
    if (this.hasContent) this.endRecord(records);
    return records;
  }

  private append(part: string): void {
    this.field += part;
    if (this.field.length > this.limits.maxFieldLength) {
      throw new CsvError(
        'too_large',
        this.quoted ? this.quoteLine : this.line,
        `A field on line ${this.quoted ? this.quoteLine : this.line} is longer than ${this.limits.maxFieldLength} characters`,
      );
    }
  }

  private endField(): void {
    if (this.fields.length + 1 >= this.limits.maxFieldsPerRecord) {
      throw new CsvError(
        'too_large',
        this.recordLine,
        `The record on line ${this.recordLine} has more than ${this.limits.maxFieldsPerRecord} fields`,
      );
    }
    this.fields.push(this.field);
    this.field = '';
    this.closed = false;
  }

  private endRecord(records: CsvRecord[]): void {
    this.fields.push(this.field);
    records.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.field = '';
    this.closed = false;
    this.hasContent = false;
  }
}
